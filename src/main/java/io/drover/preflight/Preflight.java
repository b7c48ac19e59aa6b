package io.drover.preflight;

import io.drover.inventory.HostSpec;
import io.drover.inventory.ServiceSpec;
import io.drover.security.CredentialStore;
import io.drover.step.StepFailure;
import io.drover.step.StepNeeds;
import io.drover.step.StepRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * Checks, before a run starts, everything it will need: every step's parameters and the variables
 * its expressions name, the secrets it reads, and for every host it will touch the credential, the
 * SSH login with the pinned key and the sudo rights of its step types (hosts in parallel). Nothing
 * on a host is changed. For a takeover, problems with the primary site's hosts are warnings: that
 * site is expected to be gone.
 */
@Service
public class Preflight {

  /** Hosts checked at once, across all preflights of this node. */
  private static final java.util.concurrent.ExecutorService HOSTS_AT_ONCE = java.util.concurrent.Executors
      .newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "drover-preflight");
        thread.setDaemon(true);
        return thread;
      });

  private final ProcedureSteps procedures;
  private final HostChecks hostChecks;
  private final CredentialStore credentials;
  private final io.drover.remote.RunConnections connections;
  private final io.drover.step.HostResolver hosts;

  public Preflight(ProcedureSteps procedures, HostChecks hostChecks, CredentialStore credentials,
      io.drover.remote.RunConnections connections, io.drover.step.HostResolver hosts) {
    this.hosts = hosts;
    this.connections = connections;
    this.procedures = procedures;
    this.hostChecks = hostChecks;
    this.credentials = credentials;
  }

  /** The variables a run of {@code service} starts with (as admission gives them). */
  public static Map<String, Object> runVariables(ServiceSpec service, String action, String runId, String group) {
    Map<String, Object> variables = new LinkedHashMap<>(service.vars());
    variables.put("runId", runId);
    variables.put("service", service.name());
    variables.put("operation", action);
    variables.put("serviceGroup", group);
    return variables;
  }

  /** The hosts a run of the action would log in to, as its steps declare them, without reaching any. */
  public Set<HostSpec> hosts(ServiceSpec service, String action, Map<String, Object> variables) {
    Set<HostSpec> reached = new LinkedHashSet<>();
    for (ProcedureSteps.PlannedStep step : procedures.of(service.name() + "-" + action, variables, new ArrayList<>())) {
      try {
        step.type().needs(new StepRequest("(run id)", service.name(), step.id(), step.parameters(), variables))
            .logins().forEach(login -> reached.add(login.host()));
      } catch (StepFailure e) {
        // a step with wrong parameters is the preflight's to report, and fails at its turn
      }
    }
    return reached;
  }

  public PreflightReport check(ServiceSpec service, String action, Map<String, Object> variables) {
    String preflightId = "preflight-" + java.util.UUID.randomUUID();
    hosts.beginCheck(preflightId, service.name());
    try {
      return check(service, action, variables, preflightId);
    } finally {
      connections.closeRun(preflightId);
      hosts.endCheck(preflightId);
    }
  }

  private PreflightReport check(ServiceSpec service, String action, Map<String, Object> variables, String preflightId) {
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String procedure = service.name() + "-" + action;
    Map<HostSpec, List<StepNeeds.Login>> logins = new LinkedHashMap<>();
    Set<String> secrets = new LinkedHashSet<>();
    Map<ProcedureSteps.PlannedStep, StepNeeds> probes = new LinkedHashMap<>();
    for (ProcedureSteps.PlannedStep step : procedures.of(procedure, variables, problems)) {
      try {
        StepNeeds needs = step.type().needs(new StepRequest(preflightId, service.name(), step.id(), step.parameters(),
            variables));
        probes.put(step, needs);
        needs.logins().forEach(l -> logins.computeIfAbsent(l.host(), h -> new ArrayList<>()).add(l));
        secrets.addAll(needs.secrets());
        checked.add("step " + step.label() + ": parameters valid");
      } catch (StepFailure e) {
        problems.add("step " + step.label() + ": " + e.getMessage());
      }
    }
    for (String secret : secrets) {
      try {
        credentials.get(secret);
        checked.add("secret " + secret + " decrypts");
      } catch (RuntimeException e) {
        problems.add("secret " + secret + ": " + e.getMessage());
      }
    }
    Map<HostSpec, CompletableFuture<List<String>>> results = new LinkedHashMap<>();
    List<String> hostChecked = java.util.Collections.synchronizedList(new ArrayList<>());
    logins.forEach((host, needed) -> results.put(host, CompletableFuture.supplyAsync(() ->
        hostChecks.check(host, preflightId, needed, hostChecked), HOSTS_AT_ONCE)));
    boolean takeover = "takeover".equals(action);
    Set<String> failedHosts = new java.util.HashSet<>();
    results.forEach((host, result) -> {
      List<String> found = result.join();
      if (!found.isEmpty()) {
        failedHosts.add(host.name());
      }
      if (takeover && service.primary().hosts().contains(host.name())) {
        found.forEach(p -> warnings.add(p + " (primary site, expected in a takeover)"));
      } else {
        problems.addAll(found);
      }
    });
    checked.addAll(hostChecked);
    // the step types' read-only probes, on hosts that answered
    probes.forEach((step, needs) -> {
      if (needs.logins().stream().anyMatch(l -> failedHosts.contains(l.host().name()))) {
        return;
      }
      boolean primaryOnly = !needs.logins().isEmpty() && needs.logins().stream()
          .allMatch(l -> service.primary().hosts().contains(l.host().name()));
      List<String> found = new ArrayList<>();
      try {
        step.type().probe(new StepRequest(preflightId, service.name(), step.id(), step.parameters(), variables))
            .forEach(p -> found.add("step " + step.label() + ": " + p));
      } catch (StepFailure e) {
        found.add("step " + step.label() + ": cannot check its target: " + e.getMessage());
      }
      if (found.isEmpty()) {
        checked.add("step " + step.label() + ": its target is in a state it can act from");
      } else if (takeover && primaryOnly) {
        found.forEach(p -> warnings.add(p + " (primary site, expected in a takeover)"));
      } else {
        problems.addAll(found);
      }
    });
    return new PreflightReport(service.name(), action, List.copyOf(checked), List.copyOf(problems),
        List.copyOf(warnings), logins.keySet().stream().filter(HostSpec::staticKey).map(HostSpec::name).toList());
  }
}
