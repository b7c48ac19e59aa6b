package io.drover.security;

import io.drover.codes.DroverLogger;
import java.nio.file.Path;
import java.util.Collection;

/** The coded messages of sign-in, secrets and start-up refusals ({@code DROVER-SEC-nnn}). */
public final class SecurityLogger extends DroverLogger {

  public static final SecurityLogger LOG = new SecurityLogger();

  private SecurityLogger() {
    super("io.drover.security");
  }

  String missingCredential(String name, String where) {
    return "DROVER-SEC-001 credential '" + name + "' is not in the secret store (" + where + ")";
  }

  String notASecret(Path file) {
    return "DROVER-SEC-002 " + file + " is not an encrypted Drover secret";
  }

  String secretAltered(String name) {
    return "DROVER-SEC-003 secret '" + name + "' failed authentication: the file was altered or the master key is not"
        + " the one it was stored with";
  }

  String masterKeyAmongSecrets(Path file, Path secretsDir) {
    return "DROVER-SEC-004 the master key file " + file + " is inside the secrets directory " + secretsDir
        + ": keep the key apart from the data it protects";
  }

  String masterKeyUnreadable(Path file, String why) {
    return "DROVER-SEC-005 cannot read the master key file " + file + ": " + why;
  }

  String masterKeyMalformed(String why) {
    return "DROVER-SEC-006 the master key " + why;
  }

  String noAesGcm() {
    return "DROVER-SEC-007 AES-GCM is not available in this JVM";
  }

  void secretsInPlainFiles(Path dir) {
    log.warn("DROVER-SEC-008 no master key (DROVER_MASTER_KEY or drover.secrets.master-key-file): secrets in {} are"
        + " read as plain files; acceptable for the demo only", dir);
  }

  void openMode() {
    log.warn("DROVER-SEC-009 drover.security.issuer-uri is not set: the REST API takes no credentials (demo only)");
  }

  String openModeBeyondLoopback(String listener, String address) {
    return "DROVER-SEC-010 without drover.security.issuer-uri the API takes no credentials, so " + listener
        + " listens only on loopback, not on '" + address + "': set DROVER_ISSUER_URI to your Keycloak realm, or"
        + " DROVER_ADDRESS=127.0.0.1" + (listener.startsWith("the management")
        ? " and leave MANAGEMENT_SERVER_ADDRESS unset" : "");
  }

  String securedWithoutMasterKey() {
    return "DROVER-SEC-011 a secured server (issuer set) keeps its secrets encrypted: set DROVER_MASTER_KEY_FILE (or"
        + " DROVER_MASTER_KEY); make one with: drover secret keygen";
  }

  public String noWebClientSecret(String clientId) {
    return "DROVER-SEC-012 drover.security.web-client-secret (DROVER_WEB_CLIENT_SECRET) is not set: the secret of"
        + " Keycloak client " + clientId + " is needed for web sign-in and Camunda's identity service";
  }

  public void signedInToWebApps(String user, Collection<String> groups) {
    log.info("DROVER-SEC-013 {} signed in to Camunda's web apps with groups {}", user, groups);
  }

  String webUrlWithoutHost(String webUrl) {
    return "DROVER-SEC-014 drover.web.url '" + webUrl + "' names no host: set DROVER_WEB_URL to the URL people open,"
        + " e.g. https://drover.example.org";
  }

  String unusableCaKey(String credential, String why) {
    return "DROVER-SEC-015 the SSH CA key '" + credential + "' in the secret store cannot be used: " + why
        + " (make one with ssh-keygen -t ed25519 -N '' -f ca, then drover secret put " + credential + " --file ca)";
  }

  String badStaticKeysMode(String mode) {
    return "DROVER-SEC-016 drover.ssh.static-keys is '" + mode + "': set it to allow (hosts may keep one static key)"
        + " or forbid (every host takes Drover's per-run certificates)";
  }

  void refusalNotAudited(int status, String method, String uri, String why) {
    log.error("DROVER-SEC-020 a {} refusal of {} {} could not be written to the audit trail: {}", status, method, uri,
        why);
  }
}
