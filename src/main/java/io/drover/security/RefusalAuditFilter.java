package io.drover.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.journal.AuditTrail;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place that makes every 401 and 403 an audit entry: around everything else (Spring
 * Security, the same-origin check, Drover's controllers, Camunda's REST API and web apps), it writes
 * a refusal that nothing on the way wrote already, with who asked, from where, the service (the
 * problem's {@code service} or {@code plan}, or the path's) and the reason the answer gives (the
 * problem's {@code detail}, Camunda's {@code message}). A refusal audited where it was decided (the
 * engine gate, the token checks, admission, the approval listeners) is not written twice: the
 * thread's count of refusals ({@link AuditTrail#refusalsAccountedHere()}) moved. Throttled per origin
 * by {@link RefusalAudit}. The refusal's answer is held until its entry is written, so no 401 or 403
 * reaches the client before its audit entry exists.
 */
public class RefusalAuditFilter extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBLEMS = ProblemResponse.TYPES;

  private final RefusalAudit audit;
  private final AccessRules rules;
  private final boolean secured;

  public RefusalAuditFilter(RefusalAudit audit, AccessRules rules, SecurityProperties security) {
    this.audit = audit;
    this.rules = rules;
    this.secured = security.enabled();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long before = AuditTrail.refusalsAccountedHere();
    RefusalCapture capture = new RefusalCapture(response);
    try {
      chain.doFilter(request, capture);
    } finally {
      try {
        if (capture.refused() && !request.isAsyncStarted() && AuditTrail.refusalsAccountedHere() == before) {
          write(request, capture);
        }
      } catch (RuntimeException e) {
        // the request is refused either way; the operator must learn that its entry is missing
        SecurityLogger.LOG.refusalNotAudited(capture.getStatus(), request.getMethod(), request.getRequestURI(),
            e.toString());
      } finally {
        capture.release();
      }
    }
  }

  private void write(HttpServletRequest request, RefusalCapture response) {
    int status = response.getStatus();
    JsonNode body = json(response);
    String type = type(status, body);
    String reason = reason(body, response);
    // nobody signed in (yet: the same-origin check comes before the token's): anonymous, or in open
    // mode the name the client claims, as requests there are recorded
    String actor = response.actor() != null ? response.actor()
        : request.getUserPrincipal() != null ? request.getUserPrincipal().getName()
        : secured ? "anonymous" : AccessRules.requester(null, request.getHeader("X-Drover-User"));
    String origin = rules.origin(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
    audit.refused(actor, origin, service(request.getRequestURI(), body), status + " " + type + ": "
        + request.getMethod() + " " + request.getRequestURI() + (reason == null ? "" : ": " + reason));
  }

  /**
   * What the refusal is about, in the audit's terms: the problem's {@code service}, {@code plan:}
   * and its {@code plan}, or the service or plan the path names.
   */
  static String service(String path, JsonNode body) {
    if (body != null && body.path("service").isTextual()) {
      return body.path("service").asText();
    }
    if (body != null && body.path("plan").isTextual()) {
      return "plan:" + body.path("plan").asText();
    }
    String[] parts = path.split("/");
    if (parts.length > 3 && parts[1].equals("api") && !parts[3].isEmpty()) {
      if (parts[2].equals("services")) {
        return parts[3];
      }
      if (parts[2].equals("plans")) {
        return "plan:" + parts[3];
      }
    }
    return null;
  }

  private static String type(int status, JsonNode body) {
    String type = body == null ? "" : body.path("type").asText("");
    if (type.startsWith(PROBLEMS)) {
      return type.substring(PROBLEMS.length());
    }
    if (!type.isBlank() && type.length() <= 100) {
      return type.replaceAll("[^\\w.-]", "");
    }
    return status == HttpServletResponse.SC_UNAUTHORIZED ? "unauthenticated" : "forbidden";
  }

  private static String reason(JsonNode body, RefusalCapture response) {
    if (body != null && body.path("detail").isTextual()) {
      return body.path("detail").asText();
    }
    if (body != null && body.path("message").isTextual()) {
      return body.path("message").asText();
    }
    if (response.message() != null && !response.message().isBlank()) {
      return response.message();
    }
    byte[] raw = response.body();
    if (body == null && raw.length > 0) {
      String text = new String(raw, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ").strip();
      return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
    return null;
  }

  private static JsonNode json(RefusalCapture response) {
    byte[] body = response.body();
    if (response.truncated()) {
      return null;
    }
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException notJson) {
      return null;
    }
  }
}
