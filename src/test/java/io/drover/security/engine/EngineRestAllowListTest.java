package io.drover.security.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.support.EngineRestOperations;
import io.drover.support.EngineRestOperations.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The engine gate's rules held to Camunda's own description of its REST API: every operation, under
 * each prefix the server answers on and in every spelling Jersey dispatches to it, gets the same
 * answer as its plain path, and that answer is "refused" for everything but reads and the allow-list.
 */
class EngineRestAllowListTest {

  private static final List<String> PREFIXES = List.of("/engine-rest", "/engine-rest/engine/default",
      "/camunda/api/engine/engine/default", "/engine-r%65st", "/camunda/api/%65ngine/engine/default",
      "/camunda/api/engine/engine/default;x=y");

  /** The gate's decision on a raw request path: empty when let through. */
  static Optional<String> decision(String method, String rawPath) {
    try {
      List<String> path = EngineRestPath.parse(rawPath).inApi();
      assertThat(path).as(rawPath + " is read as inside Camunda's REST API").isNotNull();
      return EngineRestRules.refusal(method, path);
    } catch (EngineRestPath.Unreadable e) {
      return Optional.of(e.getMessage());
    }
  }

  @Test
  void everyPublishedOperationInEverySpellingIsDecidedAsItsPlainPathAndOnlyTheAllowListPasses() {
    List<Operation> operations = EngineRestOperations.all();
    assertThat(operations).as("Camunda 7.24 publishes about 400 operations").hasSizeGreaterThan(350);
    List<String> wrong = new ArrayList<>();
    int refused = 0;
    for (Operation op : operations) {
      for (String prefix : PREFIXES) {
        Optional<String> plain = decision(op.method(), prefix + op.path());
        if (plain.isEmpty() != op.allowed()) {
          wrong.add(op + " under " + prefix + ": " + (op.allowed() ? "refused: " + plain.get() : "let through"));
        }
        refused += plain.isPresent() ? 1 : 0;
        for (Map.Entry<String, String> variant : op.variants().entrySet()) {
          Optional<String> spelled = decision(op.method(), prefix + variant.getValue());
          if (spelled.isPresent() != plain.isPresent()) {
            wrong.add(op + " " + variant.getKey() + " " + prefix + variant.getValue() + ": "
                + spelled.orElse("let through") + " where the plain path is " + plain.orElse("let through"));
          }
        }
        // a method name in other case is the same method to the gate
        if (decision(op.method().toLowerCase(), prefix + op.path()).isPresent() != plain.isPresent()) {
          wrong.add(op + " with its method in lower case under " + prefix);
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(refused).as("most writes are refused").isGreaterThan(100 * PREFIXES.size());
  }

  @Test
  void everyEntryOfTheAllowListNamesAPublishedOperation() {
    List<Operation> operations = EngineRestOperations.all();
    List<List<String>> templates = new ArrayList<>(EngineRestRules.QUERIES);
    EngineRestRules.WRITES.values().forEach(templates::addAll);
    for (List<String> template : templates) {
      String path = "/" + String.join("/", template).replace("{}", "x");
      assertThat(operations).as(path + " is an operation Camunda publishes and the test's allow-list names")
          .anyMatch(op -> op.template().replaceAll("\\{[^}]+}", "x").equals(path) && op.allowed());
    }
    assertThat(operations.stream().filter(op -> EngineRestOperations.ALLOWED_WRITES.contains(op.id())).count())
        .as("every operation id of the allow-list is published").isEqualTo(EngineRestOperations.ALLOWED_WRITES.size());
  }

  @Test
  void pathsThatCannotBeReadWithoutDoubtAreRefused() throws Exception {
    for (String path : List.of("/engine-rest/task/x/../../deployment/create", "/engine-rest/task/%2e%2e/x",
        "/engine-rest/task/a%2Fb/complete", "/engine-rest/task/a%5Cb/complete", "/engine-rest/task/%zz/complete",
        "/engine-rest/task/%c3%28/complete", "/engine-rest/task/a%00/complete", "/engine-rest/./deployment/create")) {
      assertThatThrownBy(() -> EngineRestPath.parse(path)).as(path).isInstanceOf(EngineRestPath.Unreadable.class);
    }
    assertThat(decision("POST", "/engine-rest/task/%62cd/complete")).isEmpty();
    assertThat(EngineRestRules.completedTask(List.of("TASK", "bcd", "Submit-Form"))).contains("bcd");
    assertThat(decision("PROPFIND", "/engine-rest/task")).isPresent();
    assertThat(EngineRestPath.parse("/drover/api/runs").inApi()).isNull();
    assertThat(EngineRestPath.parse("/Camunda/API/Engine/engine/default/task").inApi()).containsExactly("task");
  }
}
