package io.drover.cli;

import io.drover.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover plan list|show|run|status|cancel}: recovery plans, many services in one run. */
@Command(name = "plan", description = "Recovery plans: many services in one run, in dependency order.",
    subcommands = {PlanCommand.ListPlans.class, PlanCommand.Show.class, PlanCommand.RunPlan.class,
        PlanCommand.Status.class, PlanCommand.Cancel.class, PlanCommand.Report.class})
class PlanCommand {

  @Command(name = "list", description = "List the plans you may see.")
  static class ListPlans implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Override
    public Integer call() throws Exception {
      JsonNode plans = client.client().get("/api/plans");
      if (client.json()) {
        ClientOptions.print(plans);
        return 0;
      }
      List<List<String>> rows = new java.util.ArrayList<>();
      rows.add(List.of("PLAN", "SERVICES", "MAX-PARALLEL", "GROUP", "FILE"));
      for (JsonNode p : plans) {
        rows.add(List.of(p.path("name").asText(), String.valueOf(p.path("order").size()), p.path("maxParallel").asText(),
            p.path("group").asText(), p.path("file").asText()));
      }
      System.out.print(PlanText.table(rows));
      return 0;
    }
  }

  @Command(name = "show", description = "Print a plan's order, dependencies and resources; runs nothing.")
  static class Show implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", description = "the plan")
    String plan;

    @Option(names = "--action", defaultValue = "migrate", description = "migrate, takeover, failback or rehearse (default migrate)")
    String action;

    @Override
    public Integer call() throws Exception {
      JsonNode shown = client.client().get("/api/plans/" + plan + "?action=" + action);
      if (client.json()) {
        ClientOptions.print(shown);
        return 0;
      }
      System.out.print(PlanText.plan(shown));
      return 0;
    }
  }

  @Command(name = "run", description = "Run a plan's action on all its services (one approval for the plan).")
  static class RunPlan implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", description = "the plan")
    String plan;

    @Parameters(index = "1", description = "migrate, takeover, failback or rehearse (each service rehearsed and cleaned"
        + " up in the plan's order)")
    String action;

    @Option(names = "--reason", description = "why (kept in the journal)")
    String reason;

    @Option(names = "--wait", description = "follow the plan run live; exit 0 only if every service succeeded")
    boolean wait;

    @Option(names = "--skip-preflight", description = "start without checking every service's hosts first")
    boolean skipPreflight;

    @Override
    public Integer call() throws Exception {
      ApiClient api = client.client();
      Map<String, String> body = new LinkedHashMap<>();
      body.put("action", action);
      if (reason != null) {
        body.put("reason", reason);
      }
      if (skipPreflight) {
        body.put("skipPreflight", "true");
      }
      JsonNode run = api.post("/api/plans/" + plan + "/runs", body);
      String id = run.path("planRunId").asText();
      if (client.json()) {
        JsonNode last = wait ? PlanWatcher.await(api, id) : run;
        ClientOptions.print(last);
        return !wait || last.path("outcome").asText().startsWith("SUCCEEDED") ? 0 : 1;
      }
      System.out.println("plan run " + id + " admitted: " + action + " of plan " + plan + " ("
          + run.path("services").size() + " services, " + run.path("status").asText() + ")");
      if (!wait) {
        return 0;
      }
      return new PlanWatcher(api, System.out, PlanWatcher.onTerminal(), Duration.ofMillis(500)).follow(id) ? 0 : 1;
    }
  }

  @Command(name = "status", description = "Show a plan run's services; --wait follows it to its end.")
  static class Status implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", description = "the plan run id")
    String id;

    @Option(names = "--wait", description = "follow the plan run live to its end")
    boolean wait;

    @Override
    public Integer call() throws Exception {
      ApiClient api = client.client();
      if (client.json()) {
        JsonNode last = wait ? PlanWatcher.await(api, id) : api.get("/api/plan-runs/" + id);
        ClientOptions.print(last);
        return 0;
      }
      if (wait) {
        return new PlanWatcher(api, System.out, PlanWatcher.onTerminal(), Duration.ofMillis(500)).follow(id) ? 0 : 1;
      }
      JsonNode run = api.get("/api/plan-runs/" + id);
      System.out.print(PlanText.run(run));
      return 0;
    }
  }

  @Command(name = "cancel", description = "Start no more services of a plan run; running ones finish their procedure.")
  static class Cancel implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", description = "the plan run id")
    String id;

    @Override
    public Integer call() throws Exception {
      JsonNode run = client.client().post("/api/plan-runs/" + id + "/cancel", Map.of());
      if (client.json()) {
        ClientOptions.print(run);
        return 0;
      }
      System.out.println("plan run " + id + " " + run.path("status").asText() + ": no service starts after this");
      return 0;
    }
  }

  @Command(name = "report", description = "Write the exercise report of a plan's rehearsal: HTML to standard output,"
      + " or to FILE (.html, or .pdf for a PDF).")
  static class Report implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Parameters(index = "0", description = "the plan run id of a rehearsal")
    String id;

    @Option(names = {"-o", "--file"}, description = "file to write (.pdf: PDF, anything else: HTML)")
    java.nio.file.Path file;

    @Override
    public Integer call() throws Exception {
      String report = "/api/plan-runs/" + id + "/exercise";
      if (file == null) {
        System.out.print(client.client().getText(report).body());
        return 0;
      }
      ReportCommand.save(client.client(), report, file);
      System.out.println("wrote the exercise report of plan run " + id + " to " + file);
      return 0;
    }
  }
}
