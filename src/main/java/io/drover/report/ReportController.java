package io.drover.report;

import io.drover.operation.ApiProblem;
import io.drover.security.AccessRules;
import java.security.Principal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/runs/{id}/report[?format=pdf]}: a run's evidence report, for the service's readers. */
@RestController
@RequestMapping("/api")
class ReportController {

  private final RunReports reports;
  private final AccessRules rules;
  private final io.drover.plan.PlanStore plans;
  private final io.drover.plan.PlanAdmission planAdmission;

  ReportController(RunReports reports, AccessRules rules, io.drover.plan.PlanStore plans,
      io.drover.plan.PlanAdmission planAdmission) {
    this.reports = reports;
    this.rules = rules;
    this.plans = plans;
    this.planAdmission = planAdmission;
  }

  /**
   * {@code GET /api/plan-runs/{id}/exercise[?format=pdf]}: one exercise report for a plan's rehearsal,
   * for readers of the plan and of each of its services.
   */
  @GetMapping("/plan-runs/{id}/exercise")
  ResponseEntity<?> planExercise(@PathVariable String id, @RequestParam(defaultValue = "html") String format,
      Principal principal) {
    io.drover.plan.PlanRun run = plans.find(id).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
        "unknown-plan-run", "plan run " + id + " does not exist"));
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    planAdmission.plan(run.plan(), caller);
    java.util.List<String> unreadable = run.services().stream().map(io.drover.plan.PlanRun.Entry::service)
        .filter(service -> !rules.mayRead(caller, service)).toList();
    if (!unreadable.isEmpty()) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " may not read "
          + String.join(", ", unreadable) + " of plan " + run.plan() + ", whose runs the report shows",
          java.util.Map.of("services", unreadable));
    }
    if (!"rehearse".equals(run.action())) {
      throw new ApiProblem(HttpStatus.CONFLICT, "not-a-rehearsal", "plan run " + id + " is a " + run.action()
          + ", not a rehearsal: see each service's evidence report (drover report RUN)");
    }
    return respond(format, "drover-plan-" + run.plan() + "-exercise-" + id, () -> reports.planExerciseHtml(run),
        () -> reports.planExercisePdf(run));
  }

  @GetMapping("/runs/{runId}/report")
  ResponseEntity<?> report(@PathVariable String runId, @RequestParam(defaultValue = "html") String format,
      Principal principal) {
    RunEvidence evidence = readable(runId, principal);
    String name = "drover-" + evidence.run().service() + "-" + evidence.run().action().id() + "-" + runId;
    return respond(format, name, () -> reports.html(evidence), () -> reports.pdf(evidence));
  }

  /** {@code GET /api/runs/{id}/exercise[?format=pdf]}: a rehearsal's post-exercise report. */
  @GetMapping("/runs/{runId}/exercise")
  ResponseEntity<?> exercise(@PathVariable String runId, @RequestParam(defaultValue = "html") String format,
      Principal principal) {
    RunEvidence evidence = readable(runId, principal);
    if (!evidence.run().action().rehearsal()) {
      throw new ApiProblem(HttpStatus.CONFLICT, "not-a-rehearsal", "run " + runId + " is a "
          + evidence.run().action().id() + ", not a rehearsal: its evidence report is GET /api/runs/" + runId + "/report");
    }
    String name = "drover-" + evidence.run().service() + "-exercise-" + runId;
    return respond(format, name, () -> reports.exerciseHtml(evidence), () -> reports.exercisePdf(evidence));
  }

  private RunEvidence readable(String runId, Principal principal) {
    RunEvidence evidence = reports.evidence(runId).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
        "unknown-run", "no run " + runId));
    AccessRules.Caller caller = AccessRules.Caller.of(principal, null);
    if (!rules.mayRead(caller, evidence.run().service())) {
      throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", caller.name() + " is not in group "
          + rules.group(evidence.run().service()) + ", whose members may read " + evidence.run().service(),
          java.util.Map.of("service", evidence.run().service()));
    }
    return evidence;
  }

  private static ResponseEntity<?> respond(String format, String name, java.util.function.Supplier<String> html,
      java.util.function.Supplier<byte[]> pdf) {
    return switch (format) {
      case "html" -> ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
          .body(html.get());
      case "pdf" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".pdf\"").body(pdf.get());
      default -> throw new ApiProblem(HttpStatus.BAD_REQUEST, "bad-format", "format must be html or pdf, not '" + format
          + "'");
    };
  }
}
