package io.drover.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

  @Test
  void safeWordsStayAsTheyAre() {
    assertThat(ShellQuoting.quote("app/bin/demo-app")).isEqualTo("app/bin/demo-app");
    assertThat(ShellQuoting.quote("--path=/srv/a,b")).isEqualTo("'--path=/srv/a,b'");
    // a first word NAME=value must stay a program name, never become an assignment
    assertThat(ShellQuoting.join(List.of("PATH=/tmp/evil", "true"))).isEqualTo("'PATH=/tmp/evil' true");
  }

  @Test
  void shellSyntaxIsQuotedAsOneWord() {
    assertThat(ShellQuoting.quote("x; rm -rf /")).isEqualTo("'x; rm -rf /'");
    assertThat(ShellQuoting.quote("$(id)")).isEqualTo("'$(id)'");
    assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuoting.quote("")).isEqualTo("''");
  }

  @Test
  void joinQuotesEachArgument() {
    assertThat(ShellQuoting.join(List.of("printf", "%s\\n", "a b"))).isEqualTo("printf '%s\\n' 'a b'");
  }

  @Test
  void displayMasksWhatTheRealLineCarries() {
    RemoteCommand command = RemoteCommand.withMasked(List.of("login", "s3cret"), List.of("login", "********"));
    assertThat(command.line()).isEqualTo("login s3cret");
    assertThat(command.display()).isEqualTo("login '********'");
  }
}
