package io.drover.step.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.step.StepContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/procedures.md documents the parameters of every step type exactly as their contracts declare them. */
class ParameterReferenceTest {

  @Test
  void docsProceduresHoldsTheReferenceTheContractsWrite() throws Exception {
    String docs = Files.readString(Path.of("docs/procedures.md"));
    int start = docs.indexOf(ParameterReference.START);
    int end = docs.indexOf(ParameterReference.END);
    assertThat(start).as("docs/procedures.md has the step-parameters block").isNotNegative();
    assertThat(docs.substring(start, end + ParameterReference.END.length()))
        .as("the block in docs/procedures.md (rewrite it with: drover templates --reference)")
        .isEqualTo(ParameterReference.markdown());
  }

  @Test
  void everyParameterOfEveryStepTypeIsExplained() {
    String reference = ParameterReference.markdown();
    for (StepContract contract : StepContracts.ALL) {
      assertThat(reference).contains("### `" + contract.type() + "`");
      for (StepContract.Param param : contract.params().values()) {
        assertThat(param.meaning()).as(contract.type() + "." + param.name() + " has a meaning").isNotBlank();
        assertThat(reference).contains("| `" + param.name() + "` |");
      }
    }
  }
}
