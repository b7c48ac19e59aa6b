package io.drover.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence's status script, run by the local {@code sh} on attempt directories in each state. */
class FenceStatusTest {

  @TempDir
  Path dir;

  @Test
  void anAttemptWithAnExitStatusEndedWithIt() throws Exception {
    Files.writeString(dir.resolve("pgid"), deadPid());
    Files.writeString(dir.resolve("rc"), "3\n");
    assertThat(status("")).isEqualTo("ENDED 3");
  }

  @Test
  void anAttemptWhoseGroupLivesRuns() throws Exception {
    Process shell = new ProcessBuilder("setsid", "sleep", "30").start();
    try {
      Files.writeString(dir.resolve("pgid"), shell.pid() + "\n");
      assertThat(status("")).isEqualTo("RUNNING");
    } finally {
      shell.destroyForcibly().waitFor();
    }
  }

  @Test
  void anAttemptThatEndsBetweenTheTwoLooksEndedAndDidNotVanish() throws Exception {
    Files.writeString(dir.resolve("pgid"), deadPid());
    // the monitor writes the exit status and leaves just after the first look: kill -0 finds no group
    assertThat(status("kill() { echo 0 > '" + dir.resolve("rc") + "'; return 1; }")).isEqualTo("ENDED 0");
  }

  @Test
  void anAttemptGoneWithoutAnExitStatusVanished() throws Exception {
    Files.writeString(dir.resolve("pgid"), deadPid());
    assertThat(status("")).isEqualTo("VANISHED");
  }

  @Test
  void anAttemptWithoutItsDirectoryNeverStarted() throws Exception {
    Process sh = new ProcessBuilder("sh", "-c", Fence.STATUS, "drover-status", dir.resolve("none").toString()).start();
    assertThat(new String(sh.getInputStream().readAllBytes()).strip()).isEqualTo("ABSENT");
  }

  /** The pid of a process that has ended: no group of that id lives. */
  private static String deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid() + "\n";
  }

  /** Runs the status script on the directory, after {@code prelude} (shell functions standing in for builtins). */
  private String status(String prelude) throws Exception {
    String script = prelude + "\n" + Fence.STATUS;
    Process sh = new ProcessBuilder("sh", "-c", script, "drover-status", dir.toString()).start();
    String out = new String(sh.getInputStream().readAllBytes()).strip();
    assertThat(sh.waitFor()).isZero();
    return out;
  }
}
