package io.drover.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepRequestTest {

  private static StepRequest request(Object command, Map<String, Object> variables) {
    return new StepRequest("run-1", "payments", "Task_X", Map.of("command", command, "timeout", "PT30S"), variables);
  }

  @Test
  void aJsonArrayIsOneArgumentPerElementAndVariablesNeverSplitThem() throws Exception {
    StepRequest request = request("[\"app/bin/ctl\", \"stop\", \"--tag={{var:tag}}\"]",
        Map.of("tag", "a\", \"x; rm -rf /"));
    assertThat(request.arguments("command")).containsExactly("app/bin/ctl", "stop", "--tag=a\", \"x; rm -rf /");
  }

  @Test
  void aBpmnListIsTakenAsItIs() throws Exception {
    assertThat(request(List.of("printf", "%s", "{{var:dir}}"), Map.of("dir", "/srv/a b")).arguments("command"))
        .containsExactly("printf", "%s", "/srv/a b");
  }

  @Test
  void badArgumentListsAreConfigurationFailures() {
    assertThatThrownBy(() -> request("[\"unterminated", Map.of()).arguments("command"))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(FailureReason.CONFIGURATION);
          assertThat(f.getMessage()).contains("not a JSON array of strings");
        });
    assertThatThrownBy(() -> request("stop it", Map.of()).arguments("command"))
        .hasMessageContaining("must be a non-empty list of arguments");
    assertThatThrownBy(() -> request(List.of("echo", "{{var:nope}}"), Map.of()).arguments("command"))
        .hasMessageContaining("variable 'nope' used in an argument is not set");
  }

  @Test
  void durationsAreIso8601() throws Exception {
    assertThat(request(List.of("x"), Map.of()).duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    StepRequest bad = new StepRequest("r", "s", "t", Map.of("timeout", "30s"), Map.of());
    assertThatThrownBy(() -> bad.duration("timeout", Duration.ZERO)).hasMessageContaining("not an ISO-8601 duration");
  }
}
