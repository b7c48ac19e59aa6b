package io.drover.operation;

import io.drover.step.RunRequester;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who asked for a run and who approved it, from the run store, for the run's SSH certificates. */
@Component
class RunRequesters implements RunRequester {

  private final RunStore runs;

  RunRequesters(RunStore runs) {
    this.runs = runs;
  }

  @Override
  public Optional<Who> of(String runId) {
    return runs.find(runId).map(run -> new Who(run.service(), run.requestedBy(), run.approvedBy()));
  }
}
