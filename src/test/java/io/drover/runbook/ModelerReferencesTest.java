package io.drover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelerReferencesTest {

  private static final String MODEL = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="s" name="Start" />
          <bpmn:task id="t" name="a &gt; b"><bpmn:documentation>x</bpmn:documentation></bpmn:task>
          <bpmn:endEvent id="e" name="End">
            <bpmn:documentation>done</bpmn:documentation>
          </bpmn:endEvent>
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
          <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />
        </bpmn:process>
      </bpmn:definitions>
      """;

  @Test
  void eachNodeListsItsFlowsAfterItsDocumentationAndTheRestIsKeptAsItWas() {
    String text = ModelerReferences.add(MODEL);
    assertThat(text).contains("""
            <bpmn:startEvent id="s" name="Start">
              <bpmn:outgoing>f1</bpmn:outgoing>
            </bpmn:startEvent>
        """);
    assertThat(text).contains("<bpmn:task id=\"t\" name=\"a &gt; b\"><bpmn:documentation>x</bpmn:documentation>"
        + "<bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:task>");
    assertThat(text).contains("""
            <bpmn:endEvent id="e" name="End">
              <bpmn:documentation>done</bpmn:documentation>
              <bpmn:incoming>f2</bpmn:incoming>
            </bpmn:endEvent>
        """);
    assertThat(text.replaceAll("\\s*<bpmn:(incoming|outgoing)>[^<]*</bpmn:\\1>", "")
        .replace("<bpmn:startEvent id=\"s\" name=\"Start\">\n    </bpmn:startEvent>", "<bpmn:startEvent id=\"s\" name=\"Start\" />"))
        .isEqualTo(MODEL);
  }

  @Test
  void aModelThatHasItsReferencesIsLeftByteForByte() throws Exception {
    String once = ModelerReferences.add(MODEL);
    assertThat(ModelerReferences.add(once)).isEqualTo(once);
    String shipped = Files.readString(Path.of("bpmn/demo-takeover.bpmn"));
    assertThat(ModelerReferences.add(shipped)).isEqualTo(shipped);
  }

  @Test
  void notXmlIsRefusedWithTheParsersReason() {
    assertThatThrownBy(() -> ModelerReferences.add("<bpmn:definitions")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a BPMN model:");
  }
}
