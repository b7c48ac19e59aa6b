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

  public Preflight(ProcedureSteps procedures, HostChecks hostChecks, CredentialStore credentials) {
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

  public PreflightReport check(ServiceSpec service, String action, Map<String, Object> variables) {
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String procedure = service.name() + "-" + action;
    Map<HostSpec, List<StepNeeds.Login>> logins = new LinkedHashMap<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (ProcedureSteps.PlannedStep step : procedures.of(procedure, variables, problems)) {
      try {
        StepNeeds needs = step.type().needs(new StepRequest("preflight", service.name(), step.id(), step.parameters(),
            variables));
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
        hostChecks.check(host, needed, hostChecked), HOSTS_AT_ONCE)));
    boolean takeover = "takeover".equals(action);
    results.forEach((host, result) -> {
      List<String> found = result.join();
      if (takeover && service.primary().hosts().contains(host.name())) {
        found.forEach(p -> warnings.add(p + " (primary site, expected in a takeover)"));
      } else {
        problems.addAll(found);
      }
    });
    checked.addAll(hostChecked);
    return new PreflightReport(service.name(), action, List.copyOf(checked), List.copyOf(problems),
        List.copyOf(warnings));
  }
}
