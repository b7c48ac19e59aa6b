package io.drover.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence's scripts, run by the local {@code sh}: a fenced command, and its status in each state. */
class FenceScriptsTest {

  @TempDir
  Path dir;

  /** The state tests' attempt (files {@code DIR/a.*}) was marked started. */
  @org.junit.jupiter.api.BeforeEach
  void markStarted() throws Exception {
    Files.createFile(file("started"));
  }

  @Test
  void aFencedCommandRunsOnceInItsOwnGroupAndItsOutputAndStatusComeBack() throws Exception {
    Path attempt = dir.resolve("run-1/7");
    RemoteCommand fenced = Fence.wrap(RemoteCommand.of("sh", "-c", "echo out; echo err >&2; ps -o pgid= -p $$; exit 3"),
        attempt.toString());
    Process first = new ProcessBuilder(fenced.arguments()).start();
    String out = new String(first.getInputStream().readAllBytes());
    assertThat(first.waitFor()).isEqualTo(3);
    assertThat(new String(first.getErrorStream().readAllBytes())).isEqualTo("err\n");
    String pgid = Files.readString(Path.of(attempt + ".pgid")).strip();
    // the fence's shell does not lead a group here (the JVM's child): the command's process group is
    // a monitor's, made with setsid, neither the caller's nor the fence's
    assertThat(out.lines().map(String::strip)).containsExactly("out", pgid);
    assertThat(pgid).isNotEqualTo(Long.toString(ProcessHandle.current().pid()))
        .isNotEqualTo(Long.toString(first.pid()));
    assertThat(Files.readString(Path.of(attempt + ".rc"))).isEqualTo("3\n");
    assertThat(status(attempt)).isEqualTo("ENDED 3");

    Process again = new ProcessBuilder(fenced.arguments()).start();
    assertThat(again.waitFor()).isEqualTo(125);
    assertThat(new String(again.getErrorStream().readAllBytes())).contains("was started before");
  }

  @Test
  void aFenceThatLeadsItsOwnGroupAsUnderSshdIsTheMonitorItself() throws Exception {
    Path attempt = dir.resolve("run-3/1");
    Process fence = leadingItsGroup(Fence.wrap(RemoteCommand.of("sh", "-c", "echo out; ps -o pgid= -p $$; exit 3"),
        attempt.toString()));
    String out = new String(fence.getInputStream().readAllBytes());
    assertThat(fence.waitFor()).isEqualTo(3);
    String pgid = Files.readString(Path.of(attempt + ".pgid")).strip();
    assertThat(pgid).isEqualTo(Long.toString(fence.pid()));
    assertThat(out.lines().map(String::strip)).containsExactly("out", pgid);
    assertThat(Files.readString(Path.of(attempt + ".rc"))).isEqualTo("3\n");
    assertThat(status(attempt)).isEqualTo("ENDED 3");
  }

  @Test
  void aTimeoutsTermToTheGroupOfAFenceThatIsItsMonitorStillLeavesTheExitStatus() throws Exception {
    Path attempt = dir.resolve("run-3/2");
    Process fence = leadingItsGroup(Fence.wrap(RemoteCommand.of("sleep", "30"), attempt.toString()));
    Path pgid = Path.of(attempt + ".pgid");
    for (int i = 0; i < 100 && !(Files.exists(pgid) && Files.size(pgid) > 0); i++) {
      Thread.sleep(50);
    }
    assertThat(status(attempt)).isEqualTo("RUNNING");
    Process kill = new ProcessBuilder("sh", "-c", Fence.KILL, "drover-kill", attempt.toString(), "5").start();
    assertThat(new String(kill.getInputStream().readAllBytes()).strip()).isEqualTo("GONE");
    assertThat(fence.waitFor()).isEqualTo(143);
    assertThat(Files.readString(Path.of(attempt + ".rc"))).isEqualTo("143\n");
    assertThat(status(attempt)).isEqualTo("ENDED 143");
  }

  /** The fence run as sshd runs a session's command: its shell leads a new session and group. */
  private static Process leadingItsGroup(RemoteCommand fenced) throws Exception {
    java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of("setsid", "-w"));
    line.addAll(fenced.arguments());
    return new ProcessBuilder(line).start();
  }

  @Test
  void anAbsentAttemptOnceClaimedNeverStartsAndAStartedOneCannotBeClaimed() throws Exception {
    Path late = dir.resolve("run-2/8");
    assertThat(claim(late)).isEqualTo("CLAIMED");
    Process start = new ProcessBuilder(Fence.wrap(RemoteCommand.of("sh", "-c", "echo ran > ran"), late.toString())
        .arguments()).directory(dir.toFile()).start();
    assertThat(start.waitFor()).isEqualTo(125);
    assertThat(dir.resolve("ran")).doesNotExist();

    Path started = dir.resolve("run-2/9");
    Process ran = new ProcessBuilder(Fence.wrap(RemoteCommand.of("true"), started.toString()).arguments()).start();
    assertThat(ran.waitFor()).isZero();
    assertThat(claim(started)).isEqualTo("TAKEN");
    assertThat(status(started)).isEqualTo("ENDED 0");
  }

  @Test
  void anAttemptWhoseMonitorHasNotWrittenItsGroupYetRuns() throws Exception {
    Files.writeString(file("pgid"), "");
    assertThat(status("")).isEqualTo("RUNNING");
  }

  @Test
  void anAttemptWithAnExitStatusEndedWithIt() throws Exception {
    Files.writeString(file("pgid"), deadPid());
    Files.writeString(file("rc"), "3\n");
    assertThat(status("")).isEqualTo("ENDED 3");
  }

  @Test
  void anAttemptWhoseGroupLivesRuns() throws Exception {
    Process shell = new ProcessBuilder("setsid", "sleep", "30").start();
    try {
      // setsid makes the group once it runs: until then there is no group to find (as before a monitor writes it)
      org.awaitility.Awaitility.await("sleep leads its own process group").atMost(java.time.Duration.ofSeconds(10))
          .pollInterval(java.time.Duration.ofMillis(20)).ignoreExceptions().until(() -> Files.readString(
              Path.of("/proc/" + shell.pid() + "/stat")).replaceFirst("^.*\\) \\S+ \\d+ ", "").startsWith(
              shell.pid() + " "));
      Files.writeString(file("pgid"), shell.pid() + "\n");
      assertThat(status("")).isEqualTo("RUNNING");
    } finally {
      shell.destroyForcibly().waitFor();
    }
  }

  @Test
  void anAttemptThatEndsBetweenTheTwoLooksEndedAndDidNotVanish() throws Exception {
    Files.writeString(file("pgid"), deadPid());
    // the monitor writes the exit status and leaves just after the first look: kill -0 finds no group
    assertThat(status("kill() { echo 0 > '" + file("rc") + "'; return 1; }")).isEqualTo("ENDED 0");
  }

  @Test
  void anAttemptGoneWithoutAnExitStatusVanished() throws Exception {
    Files.writeString(file("pgid"), deadPid());
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

  /** A file of the attempt the state tests look at, whose files share the path {@code DIR/a}. */
  private Path file(String suffix) {
    return dir.resolve("a." + suffix);
  }

  /** Runs the status script on the directory, after {@code prelude} (shell functions standing in for builtins). */
  private String status(String prelude) throws Exception {
    return status(prelude, dir.resolve("a"));
  }

  private static String status(Path attempt) throws Exception {
    return status("", attempt);
  }

  private static String claim(Path attempt) throws Exception {
    Process sh = new ProcessBuilder("sh", "-c", Fence.CLAIM, "drover-claim", attempt.toString()).start();
    String out = new String(sh.getInputStream().readAllBytes()).strip();
    assertThat(sh.waitFor()).isZero();
    return out;
  }

  private static String status(String prelude, Path attempt) throws Exception {
    String script = prelude + "\n" + Fence.STATUS;
    Process sh = new ProcessBuilder("sh", "-c", script, "drover-status", attempt.toString()).start();
    String out = new String(sh.getInputStream().readAllBytes()).strip();
    assertThat(sh.waitFor()).isZero();
    return out;
  }
}
