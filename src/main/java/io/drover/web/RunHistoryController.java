package io.drover.web;

import io.drover.journal.Journal;
import io.drover.journal.StepAttempt;
import io.drover.operation.ApiProblem;
import io.drover.operation.Run;
import io.drover.operation.RunStore;
import io.drover.security.AccessRules;
import io.drover.security.SecurityProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the Cockpit plugin shows of a run, running or finished (Cockpit Community Edition has no
 * history view): the procedure's diagram, the activities the run passed through with their times,
 * and Drover's attempts of each step. Read with the web apps' sign-in (the same session as
 * Cockpit), and only for the service's group and administrators, as the API.
 */
@RestController
@RequestMapping(RunHistoryController.PATH)
class RunHistoryController {

  static final String PATH = "/drover-web";

  /** One activity the run's process instance passed through. */
  record Activity(String activityId, String name, String type, Instant startTime, Instant endTime, Long durationMillis,
      boolean canceled) {
  }

  record RunSummary(String runId, String service, String action, String status, String outcome, String requestedBy,
      String approvedBy, Instant startedAt, Instant endedAt) {

    static RunSummary of(Run run) {
      return new RunSummary(run.id(), run.service(), run.action().id(), run.status(),
          run.outcome() == null ? null : run.outcome().name(), run.requestedBy(), run.approvedBy(), run.startedAt(),
          run.endedAt());
    }
  }

  record RunHistory(RunSummary run, String processInstanceId, String bpmnXml, List<Activity> activities,
      List<StepAttempt> attempts) {
  }

  private final RunStore runs;
  private final Journal journal;
  private final HistoryService history;
  private final RepositoryService repository;
  private final AccessRules rules;
  private final SecurityProperties security;
  private final io.drover.report.RunReports reports;

  RunHistoryController(RunStore runs, Journal journal, HistoryService history, RepositoryService repository,
      AccessRules rules, SecurityProperties security, io.drover.report.RunReports reports) {
    this.reports = reports;
    this.runs = runs;
    this.journal = journal;
    this.history = history;
    this.repository = repository;
    this.rules = rules;
    this.security = security;
  }

  /** The latest runs the caller may read. */
  @GetMapping("/runs")
  List<RunSummary> latest(Principal principal) {
    AccessRules.Caller caller = caller(principal);
    return runs.latest(200).stream().filter(run -> rules.mayRead(caller, run.service())).limit(50)
        .map(RunSummary::of).toList();
  }

  @GetMapping("/runs/{runId}")
  RunHistory run(@PathVariable String runId, Principal principal) throws IOException {
    Run run = readable(runId, principal);
    // the procedure's instance (an approved run has an approval instance before it, under the same key)
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(runId)
        .processDefinitionKey(run.service() + "-" + run.action().id()).orderByProcessInstanceStartTime().desc().list()
        .stream().findFirst().orElse(null);
    if (instance == null && run.processInstanceId() != null) {
      instance = history.createHistoricProcessInstanceQuery().processInstanceId(run.processInstanceId()).singleResult();
    }
    if (instance == null) {
      return new RunHistory(RunSummary.of(run), null, null, List.of(), journal.attempts(runId));
    }
    String xml;
    try (InputStream model = repository.getProcessModel(instance.getProcessDefinitionId())) {
      xml = new String(model.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Activity> activities = history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .orderByHistoricActivityInstanceStartTime().asc().orderPartiallyByOccurrence().asc().list().stream()
        .map(a -> new Activity(a.getActivityId(), a.getActivityName(), a.getActivityType(),
            a.getStartTime() == null ? null : a.getStartTime().toInstant(),
            a.getEndTime() == null ? null : a.getEndTime().toInstant(), a.getDurationInMillis(), a.isCanceled()))
        .toList();
    return new RunHistory(RunSummary.of(run), instance.getId(), xml, activities, journal.attempts(runId));
  }

  /** The run's evidence report (HTML), for the same readers. */
  @GetMapping(value = "/runs/{runId}/report", produces = "text/html;charset=UTF-8")
  String report(@PathVariable String runId, Principal principal) {
    Run run = readable(runId, principal);
    return reports.html(reports.evidence(run.id()).orElseThrow());
  }

  private Run readable(String runId, Principal principal) {
    Run run = runs.find(runId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "unknown-run", "no run " + runId));
    AccessRules.Caller caller = caller(principal);
    if (!rules.mayRead(caller, run.service())) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " is not in group "
          + rules.group(run.service()) + ", whose members may read " + run.service(), java.util.Map.of("service",
          run.service()));
    }
    return run;
  }

  private AccessRules.Caller caller(Principal principal) {
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    if (caller == null && security.enabled()) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "sign in to the web apps through Keycloak first");
    }
    return caller;
  }
}
