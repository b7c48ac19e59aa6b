package io.drover.procedure;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Camunda's REST API ({@code /engine-rest} and the web apps' {@code /camunda/api/engine}) may
 * not do, for anyone, administrators included: only Drover deploys procedures and starts runs, and
 * nobody writes the variables, identity links, jobs or tokens that decide what a run does. What the
 * web apps need stays open: reads and queries, claim, completing a form, cancelling an instance,
 * retrying an incident, comments, filters. A plain function of method and path.
 */
final class EngineRestRules {

  private record Rule(Pattern methods, Pattern path, Pattern except, String why) {
  }

  private static final String WRITE = "POST|PUT|DELETE|PATCH";
  private static final String ID = "[^/]+";

  private static final List<Rule> RULES = List.of(
      rule(WRITE, "/deployment(/.*)?", null, "procedures are deployed only by Drover from its procedure directory"),
      rule(WRITE, "/process-definition(/.*)?", null,
          "a procedure starts only through Drover's API (POST /api/services/{service}/operations)"),
      rule("POST|PUT|PATCH", "/process-instance/.+",
          "/process-instance/(count|delete|delete-historic-query-based|job-retries|job-retries-historic-query-based)",
          "a run's instance may be cancelled or its incidents retried, never modified, suspended or given variables"),
      rule("DELETE", "/process-instance/" + ID + "/.+", null,
          "a run's instance may be cancelled or its incidents retried, never modified, suspended or given variables"),
      rule(WRITE, "/(modification|migration|restart)(/.*)?", "/migration/(generate|validate)",
          "a run's instance is never moved to other activities or another procedure version"),
      rule(WRITE, "/execution/.+", "/execution/count", "executions are never signalled or given variables"),
      rule(WRITE, "/task/(create|" + ID + ")(/.*)?",
          "/task/(count|report/.*)|/task/" + ID + "/(claim|unclaim|complete|submit-form|comment/create)",
          "a task may be claimed, commented and completed with its form's fields, nothing else"),
      rule(WRITE, "/job/.+", "/job/(count|retries)|/job/" + ID + "/retries",
          "a job may be retried (an incident), never executed, rescheduled, suspended or deleted"),
      rule(WRITE, "/job-definition/.+", "/job-definition/count|/job-definition/" + ID + "/retries",
          "job definitions are never suspended or rescheduled"),
      rule(WRITE, "/external-task(/.+)", "/external-task/count", "external tasks belong to Drover's own workers"),
      rule(WRITE, "/(message|signal|condition)(/.*)?", null, "messages, signals and conditions could start or move runs"),
      rule(WRITE, "/decision-definition/.*", null, "decisions are not evaluated through the API"),
      rule(WRITE, "/case-(definition|instance|execution)(/.*)?", null, "Drover has no cases"),
      rule("DELETE", "/history/.+", null, "history is a run's evidence and is removed only by the retention cleanup"),
      rule(WRITE, "/history/.*(/delete|/set-removal-time)(/.*)?", null,
          "history is a run's evidence and is removed only by the retention cleanup"));

  private EngineRestRules() {
  }

  private static Rule rule(String methods, String path, String except, String why) {
    return new Rule(Pattern.compile(methods), Pattern.compile(path),
        except == null ? null : Pattern.compile(except), why);
  }

  /**
   * Why the request is refused, or empty.
   *
   * @param path the path inside the REST API, e.g. {@code /deployment/create}
   */
  static Optional<String> refusal(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    String p = normalise(path);
    for (Rule rule : RULES) {
      if (rule.methods().matcher(m).matches() && rule.path().matcher(p).matches()
          && (rule.except() == null || !rule.except().matcher(p).matches())) {
        return Optional.of(m + " " + p + " is not allowed through Camunda's REST API: " + rule.why());
      }
    }
    return Optional.empty();
  }

  /** Double slashes collapsed, no trailing slash, no matrix parameters ({@code ;jsessionid}). */
  static String normalise(String path) {
    String p = path.replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * The path inside the REST API for a request path, or null if it is not one: strips
   * {@code /engine-rest}, {@code /engine-rest/engine/NAME} and {@code /camunda/api/engine/engine/NAME}.
   */
  static String apiPath(String requestPath) {
    String p = normalise(requestPath);
    if (p.startsWith("/camunda/api/engine/engine/")) {
      String rest = p.substring("/camunda/api/engine/engine/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? "/" : rest.substring(slash);
    }
    if (p.equals("/engine-rest") || p.startsWith("/engine-rest/")) {
      String rest = p.substring("/engine-rest".length());
      if (rest.startsWith("/engine/")) {
        String named = rest.substring("/engine/".length());
        int slash = named.indexOf('/');
        return slash < 0 ? "/" : named.substring(slash);
      }
      return rest.isEmpty() ? "/" : rest;
    }
    return null;
  }
}
