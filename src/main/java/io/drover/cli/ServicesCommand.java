package io.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drover services}. */
@Command(name = "services", description = "List services, their active site and status.")
class ServicesCommand implements Callable<Integer> {

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws Exception {
    JsonNode services = client.client().get("/api/services");
    if (client.json()) {
      ClientOptions.print(services);
      return 0;
    }
    System.out.printf("%-20s %-8s %-8s %-18s %-36s %s%n", "SERVICE", "ACTIVE", "SITE", "STATUS", "RUN", "READINESS");
    for (JsonNode s : services) {
      StringBuilder readiness = new StringBuilder();
      s.path("readiness").forEach(r -> readiness.append(readiness.length() == 0 ? "" : " ")
          .append(r.path("action").asText()).append('=').append(r.path("state").asText()));
      System.out.printf("%-20s %-8s %-8s %-18s %-36s %s%n", s.path("name").asText(), s.path("activeSite").asText(),
          s.path("activeSiteName").asText(), s.path("status").asText(), s.path("runId").asText(""),
          readiness.length() == 0 ? "unchecked" : readiness);
      java.util.Set<String> staticHosts = new java.util.TreeSet<>();
      s.path("readiness").forEach(r -> r.path("staticCredentialHosts").forEach(h -> staticHosts.add(h.asText())));
      if (!staticHosts.isEmpty()) {
        System.out.printf("  ! %s: STATIC_CREDENTIAL on %s: one key for every run and requester, the host's log"
            + " names no one; move to certificates: drover host enrol HOST%n", s.path("name").asText(),
            String.join(", ", staticHosts));
      }
      rehearsal(s);
      if (!s.path("cleanupRunId").asText("").isEmpty()) {
        System.out.printf("  ! %s: CLEANUP_INCOMPLETE: rehearsal %s left leftovers on its hosts (drover status %s);"
            + " remove them, then: drover cleanup %s%n", s.path("name").asText(), s.path("cleanupRunId").asText(),
            s.path("cleanupRunId").asText(), s.path("cleanupRunId").asText());
      }
      if (!s.path("unfencedRunId").asText("").isEmpty()) {
        System.out.printf("  ! %s: takeover %s could not fence the primary; fence it, then: drover fenced %s"
            + " --reason ...%n", s.path("name").asText(), s.path("unfencedRunId").asText(), s.path("name").asText());
      }
    }
    return 0;
  }

  /** One line on the service's last rehearsal, with a "!" when it no longer proves the service. */
  private static void rehearsal(JsonNode service) {
    JsonNode r = service.path("rehearsal");
    if (r.isMissingNode() || r.isNull()) {
      return;
    }
    String status = r.path("status").asText();
    String name = service.path("name").asText();
    String last = r.path("lastRunId").asText("").isEmpty() ? "never rehearsed" : "last rehearsal "
        + r.path("lastAt").asText() + " " + r.path("lastOutcome").asText() + " (run " + r.path("lastRunId").asText() + ")";
    String due = r.path("dueAt").asText("").isEmpty() ? "" : ", due " + r.path("dueAt").asText();
    String fix = switch (status) {
      case "NEEDS_VERIFICATION" -> ": its procedures or inventory changed since; rehearse again: drover run " + name
          + " rehearse";
      case "REHEARSAL_DUE" -> ": older than " + r.path("every").asText() + "; rehearse: drover run " + name + " rehearse";
      case "NEVER_REHEARSED" -> ": no successful rehearsal; rehearse: drover run " + name + " rehearse";
      default -> "";
    };
    System.out.printf("  %s %s: rehearsal %s, %s%s%s%n", "PROVEN".equals(status) ? " " : "!", name, status, last, due,
        fix);
  }
}
