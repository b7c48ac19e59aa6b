package io.drover.step.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.step.FailureReason;
import io.drover.security.DirectoryCredentialStore;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.StepResult;
import io.drover.support.TestNamed;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The dns-alias step against a real BIND9 with TSIG-signed dynamic updates. */
class DnsAliasStepTest {

  @TempDir
  static Path dir;

  static TestNamed named;
  static DnsAliasStep step;

  @BeforeAll
  static void startNamed() throws Exception {
    named = TestNamed.start(dir.resolve("named"));
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("dns-key"), named.keyFile());
    Files.writeString(secrets.resolve("wrong-secret"), "hmac-sha256:" + TestNamed.KEY_NAME + ":"
        + Base64.getEncoder().encodeToString("not-the-secret-at-all-0123456789".getBytes()));
    Files.writeString(secrets.resolve("unknown-key"), "hmac-sha256:stranger:" + TestNamed.KEY_SECRET);
    step = new DnsAliasStep(new DirectoryCredentialStore(secrets), new DnsProperties(null, Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stopNamed() throws Exception {
    named.close();
  }

  private static StepRequest request(String operation, String action, String alias, String credential, String port) {
    Map<String, Object> parameters = new HashMap<>(Map.of("action", action, "alias", alias,
        "primary", "app01.ldn.example.test", "failover", "app01.nyc.example.test", "server", "127.0.0.1",
        "port", port, "credential", credential));
    return new StepRequest("run", "payments", "Task_Dns", parameters, Map.of("operation", operation));
  }

  private static StepResult run(String operation, String action, String alias) throws StepFailure {
    return step.execute(request(operation, action, alias, "dns-key", Integer.toString(named.port())), (h, c) -> { });
  }

  @Test
  void pointMovesTheAliasAndAReplayChangesNothing() throws Exception {
    assertThat(named.dig("payments.example.test")).isEqualTo("app01.ldn.example.test.");
    StepResult moved = run("migrate", "point", "payments.example.test");
    assertThat(moved.stdout()).contains("after: app01.nyc.example.test.");
    assertThat(named.dig("payments.example.test")).isEqualTo("app01.nyc.example.test.");
    StepResult replay = run("migrate", "point", "payments.example.test");
    assertThat(replay.stdout()).contains("already done: nothing to change");
    run("failback", "point", "payments.example.test");
    assertThat(named.dig("payments.example.test")).isEqualTo("app01.ldn.example.test.");
  }

  @Test
  void deleteThenAddIsThePatentsTwoStepSwapAndIsSafeToReplay() throws Exception {
    run("migrate", "point", "pay2.example.test");
    run("failback", "point", "pay2.example.test");
    assertThat(named.dig("pay2.example.test")).isEqualTo("app01.ldn.example.test.");
    run("migrate", "delete", "pay2.example.test");
    assertThat(named.dig("pay2.example.test")).isEmpty();
    assertThat(run("migrate", "delete", "pay2.example.test").stdout()).contains("nothing to change");
    run("migrate", "add", "pay2.example.test");
    assertThat(named.dig("pay2.example.test")).isEqualTo("app01.nyc.example.test.");
    assertThat(run("migrate", "add", "pay2.example.test").stdout()).contains("nothing to change");
    assertThat(run("migrate", "delete", "pay2.example.test").stdout()).contains("nothing to change");
  }

  @Test
  void anAliasPointingAtAThirdHostIsLeftAloneAndReported() throws Exception {
    run("migrate", "add", "pay3.example.test");
    StepRequest other = new StepRequest("run", "payments", "Task_Dns", new HashMap<>(Map.of("action", "point",
        "alias", "pay3.example.test", "primary", "db1.example.test", "failover", "db2.example.test",
        "server", "127.0.0.1", "port", Integer.toString(named.port()), "credential", "dns-key")), Map.of("operation", "migrate"));
    assertThatThrownBy(() -> step.execute(other, (h, c) -> { })).isInstanceOfSatisfying(StepFailure.class, f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.UNEXPECTED_STATE);
      assertThat(f.getMessage()).contains("points at app01.nyc.example.test., neither db1.example.test. nor db2.example.test.");
    });
    assertThat(named.dig("pay3.example.test")).isEqualTo("app01.nyc.example.test.");
  }

  @Test
  void serverErrorsAreReportedByName() {
    String port = Integer.toString(named.port());
    assertThatThrownBy(() -> step.execute(request("migrate", "add", "x1.example.test", "wrong-secret", port), (h, c) -> { }))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(FailureReason.DNS_UPDATE_FAILED);
          assertThat(f.getMessage()).contains("answered NOTAUTH/BADSIG");
        });
    assertThatThrownBy(() -> step.execute(request("migrate", "add", "x2.example.test", "unknown-key", port), (h, c) -> { }))
        .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.getMessage()).contains("answered NOTAUTH/BADKEY"));
    assertThatThrownBy(() -> step.execute(request("migrate", "add", "x3.locked.test", "dns-key", port), (h, c) -> { }))
        .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.getMessage()).contains("answered REFUSED"));
  }

  @Test
  void aSkewedClockIsBadtime() throws Exception {
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
    TSIG key = new TSIG(TSIG.HMAC_SHA256, Name.fromString(TestNamed.KEY_NAME + "."),
        new SecretKeySpec(Base64.getDecoder().decode(TestNamed.KEY_SECRET), "HmacSHA256"), skewed);
    DnsAliasClient client = new DnsAliasClient(new InetSocketAddress("127.0.0.1", named.port()),
        Name.fromString("example.test."), key, Duration.ofSeconds(3));
    assertThatThrownBy(() -> client.add(Name.fromString("x4.example.test."), Name.fromString("a.example.test."), 60))
        .isInstanceOfSatisfying(DnsAliasClient.UpdateRefused.class, e -> assertThat(e.code).isEqualTo("NOTAUTH/BADTIME"));
  }

  @Test
  void aServerThatNeverAnswersIsATimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> step.execute(request("migrate", "point", "payments.example.test", "dns-key",
          Integer.toString(silent.getLocalPort())), (h, c) -> { }))
          .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.reason()).as(f.getMessage()).isEqualTo(FailureReason.CONNECTION_TIMEOUT));
    }
  }

  @Test
  void aMissingServerOrKeyIsAConfigurationError() {
    assertThatThrownBy(() -> step.execute(request("migrate", "point", "payments.example.test", "no-such-key",
        Integer.toString(named.port())), (h, c) -> { }))
        .isInstanceOfSatisfying(StepFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(FailureReason.CONFIGURATION);
          assertThat(f.getMessage()).contains("credential 'no-such-key' is not in the secret store");
        });
  }

  @Test
  void aRehearsalAddsAndRemovesItsOwnRecordAndNeverAProductionAlias() throws Exception {
    String name = "rehearsal-payments.example.test";
    assertThat(named.dig(name)).isEmpty();
    StepResult added = run("rehearse", "add-rehearsal", name);
    assertThat(added.stdout()).contains("after: app01.nyc.example.test.");
    assertThat(named.dig(name)).isEqualTo("app01.nyc.example.test.");
    // the production alias is untouched, and a replay changes nothing
    assertThat(named.dig("payments.example.test")).isEqualTo("app01.ldn.example.test.");
    assertThat(run("rehearse", "add-rehearsal", name).stdout()).contains("already done: nothing to change");

    run("rehearse", "remove-rehearsal", name);
    assertThat(named.dig(name)).isEmpty();
    assertThat(run("rehearse", "remove-rehearsal", name).stdout()).contains("already done: nothing to change");

    // a production alias is refused before anything is sent, whatever the action says
    assertThatThrownBy(() -> run("rehearse", "add-rehearsal", "payments.example.test"))
        .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.getMessage())
            .startsWith("payments.example.test. is not a rehearsal name"));
    assertThatThrownBy(() -> run("rehearse", "remove-rehearsal", "payments.example.test"))
        .isInstanceOf(StepFailure.class);
    assertThat(named.dig("payments.example.test")).isEqualTo("app01.ldn.example.test.");
  }
}
