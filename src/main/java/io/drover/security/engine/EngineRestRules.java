package io.drover.security.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Camunda's REST API ({@code /engine-rest} and the web apps' {@code /camunda/api/engine}) may do,
 * for anyone, administrators included: an allow-list of exactly what Cockpit, Tasklist and Admin need.
 * Reads are open (GET, HEAD, OPTIONS: the engine's REST API changes nothing on them), and so are the
 * queries sent as POST; of the writes, only claiming, commenting and completing a task with its form,
 * cancelling a run, retrying an incident, annotations, Tasklist's filters and Admin's users, groups,
 * tenants and authorizations. Everything else is refused: only Drover deploys procedures and starts
 * runs, and nobody writes the variables, identity links, jobs or tokens that decide what a run does.
 * A plain function of method and decoded path ({@link EngineRestPath}); the test that holds it to
 * Camunda's own REST description is {@code EngineRestAllowListTest}.
 */
final class EngineRestRules {

  private static final String ANY = "{}";

  /** The operations of the REST API that read nothing but their body: queries and counts. */
  static final List<List<String>> QUERIES = templates(
      "/execution", "/execution/count", "/external-task", "/external-task/count", "/group", "/group/count",
      "/history/activity-instance", "/history/activity-instance/count", "/history/detail",
      "/history/external-task-log", "/history/external-task-log/count", "/history/job-log",
      "/history/job-log/count", "/history/process-instance", "/history/process-instance/count", "/history/task",
      "/history/task/count", "/history/variable-instance", "/history/variable-instance/count", "/job", "/job/count",
      "/job-definition", "/job-definition/count", "/process-instance", "/process-instance/count", "/schema/log",
      "/task", "/task/count", "/variable-instance", "/variable-instance/count", "/filter/{}/count",
      "/filter/{}/list", "/filter/{}/singleResult", "/identity/password-policy");

  /** The writes the web apps need, by method. */
  static final Map<String, List<List<String>>> WRITES = Map.of(
      "POST", templates(
          // Tasklist: a task is claimed, commented and completed with its form's fields (checked by the gate)
          "/task/{}/claim", "/task/{}/unclaim", "/task/{}/assignee", "/task/{}/complete", "/task/{}/submit-form", "/task/{}/comment/create",
          "/filter/create",
          // Cockpit: a run is cancelled, its incidents retried
          "/process-instance/delete", "/process-instance/job-retries", "/job/retries",
          // Admin
          "/authorization/create", "/user/create", "/user/{}/unlock", "/group/create", "/tenant/create"),
      "PUT", templates(
          "/filter/{}", "/job/{}/retries", "/job-definition/{}/retries", "/incident/{}/annotation",
          "/history/user-operation/{}/set-annotation", "/history/user-operation/{}/clear-annotation",
          "/authorization/{}", "/user/{}/profile", "/user/{}/credentials", "/group/{}", "/group/{}/members/{}",
          "/tenant/{}", "/tenant/{}/user-members/{}", "/tenant/{}/group-members/{}"),
      "DELETE", templates(
          "/filter/{}", "/process-instance/{}", "/incident/{}/annotation", "/authorization/{}", "/user/{}",
          "/group/{}", "/group/{}/members/{}", "/tenant/{}", "/tenant/{}/user-members/{}",
          "/tenant/{}/group-members/{}"));

  private static final List<List<String>> COMPLETIONS = templates("/task/{}/complete", "/task/{}/submit-form");

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** Why a family of refused operations is refused, by the first segment of its path. */
  private static final Map<String, String> WHY = Map.ofEntries(
      Map.entry("deployment", "procedures are deployed only by Drover from its procedure directory"),
      Map.entry("process-definition",
          "a procedure starts only through Drover's API (POST /api/services/{service}/operations)"),
      Map.entry("process-instance",
          "a run's instance may be cancelled or its incidents retried, never modified, suspended or given variables"),
      Map.entry("modification", "a run's instance is never moved to other activities"),
      Map.entry("migration", "a run's instance is never moved to another procedure version"),
      Map.entry("execution", "executions are never signalled or given variables"),
      Map.entry("task", "a task may be claimed, commented and completed with its form's fields, nothing else"),
      Map.entry("job", "a job may be retried (an incident), never executed, rescheduled, suspended or deleted"),
      Map.entry("job-definition", "job definitions are never suspended or rescheduled"),
      Map.entry("external-task", "external tasks belong to Drover's own workers"),
      Map.entry("message", "messages, signals and conditions could start or move runs"),
      Map.entry("signal", "messages, signals and conditions could start or move runs"),
      Map.entry("condition", "messages, signals and conditions could start or move runs"),
      Map.entry("decision-definition", "decisions are not evaluated through the API"),
      Map.entry("history", "history is a run's evidence and is removed only by the retention cleanup"));

  private EngineRestRules() {
  }

  /**
   * Why the request is refused, or empty.
   *
   * @param path the decoded segments inside the REST API, e.g. {@code [deployment, create]}
   */
  static Optional<String> refusal(String method, List<String> path) {
    String m = method.toUpperCase(Locale.ROOT);
    if (READS.contains(m) || allowed(m, path)) {
      return Optional.empty();
    }
    String family = path.isEmpty() ? "" : path.get(0).toLowerCase(Locale.ROOT);
    String why = WHY.getOrDefault(family, "only what Cockpit, Tasklist and Admin need is open on it");
    return Optional.of(m + " " + EngineRestPath.display(path) + " is not allowed through Camunda's REST API: " + why);
  }

  /** Whether the request is a query: a POST that reads (its body may still carry an expression). */
  static boolean isQuery(String method, List<String> path) {
    return "POST".equalsIgnoreCase(method) && QUERIES.stream().anyMatch(t -> matches(t, path));
  }

  /** Whether the web apps may send a body with the method (the gate reads it before Camunda does). */
  static boolean hasBody(String method) {
    return !READS.contains(method.toUpperCase(Locale.ROOT));
  }

  /** The task a request completes or submits the form of, if it is one. */
  static Optional<String> completedTask(List<String> path) {
    return COMPLETIONS.stream().anyMatch(t -> matches(t, path)) ? Optional.of(path.get(1)) : Optional.empty();
  }

  /**
   * The operation of a POST that takes, releases or decides a task ({@link TaskDecisionGate#OPERATIONS},
   * its id the path's second segment), or empty.
   */
  static Optional<String> taskOperation(List<String> path) {
    if (path.size() != 3 || !path.get(0).equalsIgnoreCase("task")) {
      return Optional.empty();
    }
    String operation = path.get(2).toLowerCase(Locale.ROOT);
    return TaskDecisionGate.OPERATIONS.contains(operation) ? Optional.of(operation) : Optional.empty();
  }

  private static boolean allowed(String method, List<String> path) {
    if ("POST".equals(method) && isQuery(method, path)) {
      return true;
    }
    return WRITES.getOrDefault(method, List.of()).stream().anyMatch(t -> matches(t, path));
  }

  /** Literal segments compare without case (no spelling of a refused operation passes), {@code {}} is one segment. */
  private static boolean matches(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return false;
    }
    for (int i = 0; i < template.size(); i++) {
      if (!template.get(i).equals(ANY) && !template.get(i).equalsIgnoreCase(path.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<List<String>> templates(String... paths) {
    return Arrays.stream(paths).map(p -> List.of(p.substring(1).split("/"))).toList();
  }
}
