package io.drover.ca;

import io.drover.journal.AuditTrail;
import io.drover.operation.ApiProblem;
import io.drover.operation.Reason;
import io.drover.security.AccessRules;
import io.drover.security.CertificateRevocations;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Revoking certificates of Drover's SSH CA (administrators only): a revocation is stored, audited,
 * obeyed by Drover at once (a run's next step with a revoked certificate fails, saying revoked) and
 * published to the hosts as an OpenSSH KRL; the KRL is also served for hosts that fetch it.
 */
@RestController
@RequestMapping("/api/ca")
class RevocationController {

  private final CertificateRevocations revocations;
  private final KrlPublisher publisher;
  private final AuditTrail audit;
  private final AccessRules rules;

  RevocationController(CertificateRevocations revocations, KrlPublisher publisher, AuditTrail audit,
      AccessRules rules) {
    this.revocations = revocations;
    this.publisher = publisher;
    this.audit = audit;
    this.rules = rules;
  }

  /** @param kind {@code run}, {@code key-id} or {@code serial} */
  record RevokeRequest(String kind, String value, String reason) {
  }

  record Revoked(CertificateRevocations.Revocation revocation, List<KrlPublisher.Published> published) {
  }

  @PostMapping("/revocations")
  ResponseEntity<Revoked> revoke(@RequestBody RevokeRequest body, HttpServletRequest http, Principal principal) {
    String origin = rules.origin(http.getRemoteAddr(), http.getHeader("X-Forwarded-For"));
    if (!AccessRules.isAdmin(AccessRules.Caller.of(principal, origin))) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "revoking certificates needs the role "
          + AccessRules.ADMIN_ROLE + " or the group " + AccessRules.ADMIN_GROUP);
    }
    CertificateRevocations.Kind kind = body.kind() == null ? null : CertificateRevocations.Kind.parse(body.kind())
        .orElse(null);
    if (kind == null || body.value() == null || body.value().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "bad-revocation", "a revocation names a kind (run, key-id or"
          + " serial) and its value, e.g. {\"kind\":\"run\",\"value\":\"<run id>\",\"reason\":\"...\"}");
    }
    if (body.reason() == null || body.reason().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "reason-required", "a revocation needs a reason: say why the"
          + " certificate must no longer open its hosts");
    }
    String by = AccessRules.requester(principal, http.getHeader("X-Drover-User"));
    CertificateRevocations.Revocation revocation;
    try {
      revocation = revocations.revoke(kind, body.value(), by, Reason.bounded(body.reason()));
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "bad-revocation", e.getMessage());
    }
    audit.append("REVOKED", by, origin, "ssh-ca", kind == CertificateRevocations.Kind.RUN ? revocation.revoked() : null,
        kind.name().toLowerCase().replace('_', '-') + " " + revocation.revoked() + ": " + revocation.reason());
    List<KrlPublisher.Published> published = publisher.publish(revocations.krl());
    return ResponseEntity.status(HttpStatus.CREATED).body(new Revoked(revocation, published));
  }

  @GetMapping("/revocations")
  List<CertificateRevocations.Revocation> all() {
    return revocations.all();
  }

  /** The revocation list as an OpenSSH KRL, for a host's {@code RevokedKeys}. */
  @GetMapping("/krl")
  ResponseEntity<byte[]> krl() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(revocations.krl());
  }
}
