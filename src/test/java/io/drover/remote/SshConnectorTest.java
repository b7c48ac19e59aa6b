package io.drover.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.demo.DemoSshHost;
import io.drover.support.TestKeys;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JSch against a real SSH server (Apache MINA SSHD in-process). */
class SshConnectorTest {

  @TempDir
  static Path dir;

  static DemoSshHost host;
  static DemoSshHost otherHost;
  static TestKeys keys;
  static HostKeyPin pin;
  static HostKeyPin otherPin;

  final SshConnector connector = new SshConnector(new SshProperties(Duration.ofSeconds(2), Duration.ofSeconds(20), 4096, null));

  @BeforeAll
  static void startHosts() throws Exception {
    keys = TestKeys.generate(dir.resolve("client"));
    host = DemoSshHost.start("h1", dir.resolve("h1"), keys.authorizedKeys());
    otherHost = DemoSshHost.start("h2", dir.resolve("h2"), keys.authorizedKeys());
    pin = HostKeyPin.parse(host.hostKey());
    otherPin = HostKeyPin.parse(otherHost.hostKey());
  }

  @AfterAll
  static void stopHosts() throws Exception {
    host.close();
    otherHost.close();
  }

  private SshTarget target(int port, byte[] key, List<HostKeyPin> pins) {
    return new SshTarget("h1", "127.0.0.1", port, "drover", key, pins);
  }

  @Test
  void runsACommandAndReturnsExitStatusAndBothStreams() throws Exception {
    try (SshConnection connection = connector.connect(target(host.port(), keys.privateKey(), List.of(pin)))) {
      ExecResult result = connection.exec(RemoteCommand.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
      assertThat(result.exitStatus()).isEqualTo(3);
      assertThat(result.stdout()).isEqualTo("out\n");
      assertThat(result.stderr()).isEqualTo("err\n");
      ExecResult second = connection.exec(RemoteCommand.of("pwd"), Duration.ofSeconds(10));
      assertThat(second.succeeded()).isTrue();
      assertThat(second.stdout().strip()).isEqualTo(host.home().toAbsolutePath().toString());
    }
  }

  @Test
  void hostileValuesReachTheProgramAsOneLiteralArgument() throws Exception {
    List<String> hostile = List.of("x; rm -rf /", "$(id)", "`id`", "a'b\"c", "line1\nline2", "*", "", "--", "$HOME");
    try (SshConnection connection = connector.connect(target(host.port(), keys.privateKey(), List.of(pin)))) {
      for (String value : hostile) {
        ExecResult result = connection.exec(RemoteCommand.of("printf", "[%s]", value), Duration.ofSeconds(10));
        assertThat(result.stdout()).as("argument %s", value).isEqualTo("[" + value + "]");
      }
      ExecResult count = connection.exec(RemoteCommand.of("sh", "-c", "echo $#", "sh", "a b", "c;d"), Duration.ofSeconds(10));
      assertThat(count.stdout().strip()).isEqualTo("2");
    }
  }

  @Test
  void anUnknownHostKeyIsRefusedNamingTheHostAndThePresentedFingerprint() {
    assertThatThrownBy(() -> connector.connect(target(host.port(), keys.privateKey(), List.of())))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.reason()).isEqualTo(RemoteFailure.HOST_KEY_MISMATCH);
          assertThat(e.getMessage()).contains("h1").contains("none").contains(pin.fingerprint());
        });
  }

  @Test
  void aChangedHostKeyIsRefusedWithBothFingerprints() {
    assertThatThrownBy(() -> connector.connect(target(host.port(), keys.privateKey(), List.of(otherPin))))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.reason()).isEqualTo(RemoteFailure.HOST_KEY_MISMATCH);
          assertThat(e.getMessage()).contains("h1").contains(otherPin.fingerprint()).contains(pin.fingerprint());
        });
  }

  @Test
  void wrongCredentialsAreAnAuthenticationFailure() throws Exception {
    TestKeys stranger = TestKeys.generate(dir.resolve("stranger"));
    assertThatThrownBy(() -> connector.connect(target(host.port(), stranger.privateKey(), List.of(pin))))
        .isInstanceOfSatisfying(RemoteException.class, e ->
            assertThat(e.reason()).isEqualTo(RemoteFailure.AUTHENTICATION_FAILED));
  }

  @Test
  void aClosedPortIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(() -> connector.connect(target(port, keys.privateKey(), List.of(pin))))
        .isInstanceOfSatisfying(RemoteException.class, e ->
            assertThat(e.reason()).isEqualTo(RemoteFailure.CONNECTION_REFUSED));
  }

  @Test
  void aHostThatNeverAnswersTimesOutWithinTheBound() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> connector.connect(target(silent.getLocalPort(), keys.privateKey(), List.of(pin))))
          .isInstanceOfSatisfying(RemoteException.class, e ->
              assertThat(e.reason()).isEqualTo(RemoteFailure.CONNECTION_TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void aCommandRunningPastItsTimeoutIsStopped() throws Exception {
    try (SshConnection connection = connector.connect(target(host.port(), keys.privateKey(), List.of(pin)))) {
      assertThatThrownBy(() -> connection.exec(RemoteCommand.of("sleep", "30"), Duration.ofMillis(500)))
          .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.reason()).isEqualTo(RemoteFailure.TIMEOUT));
    }
  }

  @Test
  void outputIsBoundedToItsTail() throws Exception {
    try (SshConnection connection = connector.connect(target(host.port(), keys.privateKey(), List.of(pin)))) {
      ExecResult result = connection.exec(RemoteCommand.of("sh", "-c", "seq 1 20000"), Duration.ofSeconds(10));
      assertThat(result.stdout()).startsWith("[").contains("bytes dropped]").endsWith("20000\n");
      assertThat(result.stdout().length()).isLessThan(4200);
    }
  }
}
