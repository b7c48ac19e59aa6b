package io.drover.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drover.demo.DemoSshHost;
import io.drover.inventory.Inventory;
import io.drover.inventory.InventoryLoader;
import io.drover.remote.RunConnections;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.security.DirectoryCredentialStore;
import io.drover.support.TestKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host step types over real SSH (MINA SSHD in-process, JSch), acting for real on this machine:
 * loop-mounted file systems, LVM volume groups on loop devices, processes, sockets and the symrdf
 * stand-in. Each: success, already done, and the failures it reports. Needs root, sudo and lvm2.
 */
class HostStepTypesTest {

  @TempDir
  static Path dir;

  static DemoSshHost host;
  static Path home;
  static RunConnections connections;
  static HostResolver resolver;
  static HostAccess access;
  static final String RUN = "run-" + UUID.randomUUID();
  static final SshProperties SSH = new SshProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), 65536, null);

  @BeforeAll
  static void start() throws Exception {
    TestKeys keys = TestKeys.generate(dir.resolve("client"));
    home = dir.resolve("h1");
    host = DemoSshHost.start("h1", home, keys.authorizedKeys());
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.write(secrets.resolve("key"), keys.privateKey());
    Path inventory = Files.createDirectories(dir.resolve("inventory"));
    String hostKey = host.hostKey();
    Files.writeString(inventory.resolve("lab.yaml"), "hosts:\n"
        + entry("h1", hostKey) + entry("h2", hostKey) + entry("gk", hostKey)
        + "services:\n  svc:\n    primary: { site: a, hosts: [h1] }\n    standby: { site: b, hosts: [h2] }\n");
    Inventory loaded = new InventoryLoader(null).load(inventory);
    DirectoryCredentialStore store = new DirectoryCredentialStore(secrets);
    resolver = new HostResolver(loaded, store);
    connections = new RunConnections(new SshConnector(SSH), SSH);
    access = new HostAccess(resolver, connections, SSH);
  }

  private static String entry(String name, String key) {
    return "  " + name + ":\n    address: 127.0.0.1\n    port: " + host.port() + "\n    user: drover\n"
        + "    credential: key\n    hostKey: \"" + key + "\"\n";
  }

  @AfterAll
  static void stop() throws Exception {
    connections.closeRun(RUN);
    host.close();
  }

  private static StepRequest request(Map<String, Object> parameters) {
    return new StepRequest(RUN, "svc", "Task_Test", new HashMap<>(parameters), Map.of("operation", "migrate"));
  }

  private static final AttemptRecorder RECORDER = (h, c) -> { };

  private static int sh(String script) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", script).directory(home.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    return p.exitValue();
  }

  @Test
  void filesystemMountsUnmountsAndDoesNothingWhenAlreadyThere() throws Exception {
    assertThat(sh("truncate -s 8M fs.img && mkfs.ext4 -q -F fs.img && mkdir -p mnt")).isZero();
    FilesystemStep step = new FilesystemStep(access);
    Map<String, Object> mount = Map.of("action", "mount", "host", "primary", "mountpoint", home.resolve("mnt").toString(),
        "device", home.resolve("fs.img").toString(), "options", "loop");
    try {
      assertThat(step.execute(request(mount), RECORDER).stdout()).contains("mounted");
      assertThat(sh("mountpoint -q mnt")).isZero();
      assertThat(step.execute(request(mount), RECORDER).stdout()).contains("already mounted: nothing to do");
      Map<String, Object> unmount = new HashMap<>(mount);
      unmount.put("action", "unmount");
      step.execute(request(unmount), RECORDER);
      assertThat(sh("mountpoint -q mnt")).isNotZero();
      assertThat(step.execute(request(unmount), RECORDER).stdout()).contains("already unmounted: nothing to do");
      Map<String, Object> elsewhere = new HashMap<>(mount);
      elsewhere.put("mountpoint", home.resolve("nomnt").toString());
      assertThatThrownBy(() -> step.execute(request(elsewhere), RECORDER)).isInstanceOfSatisfying(StepFailure.class,
          f -> assertThat(f.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT));
      Map<String, Object> broken = new HashMap<>(mount);
      broken.put("device", home.resolve("missing.img").toString());
      assertThatThrownBy(() -> step.execute(request(broken), RECORDER)).isInstanceOfSatisfying(StepFailure.class, f -> {
        assertThat(f.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
        assertThat(f.getMessage()).contains("mount " + home.resolve("mnt") + " failed on h1");
      });
    } finally {
      sh("umount mnt 2>/dev/null");
    }
  }

  @Test
  void volumeGroupDeportsAndImportsAnLvmGroupOnALoopDevice() throws Exception {
    String vg = "drovertest" + Math.abs(RUN.hashCode() % 100000);
    assertThat(sh("truncate -s 16M vg.img && losetup -f --show vg.img > vg.loop && pvcreate -q $(cat vg.loop)"
        + " && vgcreate -q " + vg + " $(cat vg.loop)")).isZero();
    VolumeGroupStep step = new VolumeGroupStep(access);
    try {
      Map<String, Object> deport = Map.of("action", "deport", "host", "primary", "name", vg);
      assertThat(step.execute(request(deport), RECORDER).stdout()).contains("volume group " + vg + " deported");
      assertThat(step.execute(request(deport), RECORDER).stdout()).contains("already exported: nothing to do");
      Map<String, Object> imported = Map.of("action", "import", "host", "standby", "name", vg);
      assertThat(step.execute(request(imported), RECORDER).stdout()).contains("imported and active");
      assertThatThrownBy(() -> step.execute(request(Map.of("action", "import", "host", "standby", "name", "nosuchvg")),
          RECORDER)).isInstanceOfSatisfying(StepFailure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNEXPECTED_STATE);
            assertThat(f.getMessage()).contains("volume group nosuchvg is not visible on h2");
          });
    } finally {
      sh("vgimport " + vg + " >/dev/null 2>&1; vgremove -f -q " + vg + "; losetup -d $(cat vg.loop)");
    }
  }

  @Test
  void applicationStopsAndStartsAndWaitsForTheProcess() throws Exception {
    ApplicationStep step = new ApplicationStep(access);
    List<String> status = List.of("sh", "-c", "[ -f app.pid ] && kill -0 \"$(cat app.pid)\" 2>/dev/null");
    Map<String, Object> start = Map.of("action", "start", "host", "primary", "status", status,
        "start", List.of("sh", "-c", "nohup sleep 300 >/dev/null 2>&1 </dev/null & echo $! > app.pid"), "timeout", "PT10S");
    Map<String, Object> stop = Map.of("action", "stop", "host", "primary", "status", status,
        "stop", List.of("sh", "-c", "kill \"$(cat app.pid)\""), "timeout", "PT10S");
    assertThat(step.execute(request(start), RECORDER).stdout()).contains("the application runs");
    assertThat(step.execute(request(start), RECORDER).stdout()).contains("already running: nothing to do");
    assertThat(step.execute(request(stop), RECORDER).stdout()).contains("the application is stopped");
    assertThat(sh("kill -0 $(cat app.pid)")).isNotZero();
    assertThat(step.execute(request(stop), RECORDER).stdout()).contains("already stopped: nothing to do");
    step.execute(request(start), RECORDER);
    Map<String, Object> stuck = new HashMap<>(stop);
    stuck.put("stop", List.of("true"));
    stuck.put("timeout", "PT2S");
    assertThatThrownBy(() -> step.execute(request(stuck), RECORDER)).isInstanceOfSatisfying(StepFailure.class, f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.TIMEOUT);
      assertThat(f.getMessage()).contains("is still running 2 s after stop");
    });
    step.execute(request(stop), RECORDER);
    Map<String, Object> broken = new HashMap<>(start);
    broken.put("start", List.of("sh", "-c", "echo 'port 8080 in use' >&2; exit 3"));
    assertThatThrownBy(() -> step.execute(request(broken), RECORDER)).isInstanceOfSatisfying(StepFailure.class, f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
      assertThat(f.exitCode()).isEqualTo(3);
      assertThat(f.stderr()).contains("port 8080 in use");
    });
  }

  @Test
  void probeWaitsForTcpHttpAndCommandsWithinItsTimeout() throws Exception {
    ProbeStep step = new ProbeStep(access);
    try (ServerSocket open = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      assertThat(step.execute(request(Map.of("action", "tcp", "host", "primary", "port",
          Integer.toString(open.getLocalPort()))), RECORDER).stdout()).contains("answered after 1 tries");
    }
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(() -> step.execute(request(Map.of("action", "tcp", "host", "primary", "port",
        Integer.toString(closed), "timeout", "PT2S")), RECORDER))
        .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.reason()).isEqualTo(FailureReason.TIMEOUT));
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    http.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    http.start();
    try {
      String port = Integer.toString(http.getAddress().getPort());
      assertThat(step.execute(request(Map.of("action", "http", "host", "primary", "port", port, "path", "/health")),
          RECORDER).stdout()).contains("GET http://127.0.0.1:" + port + "/health expecting 200: answered");
      assertThatThrownBy(() -> step.execute(request(Map.of("action", "http", "host", "primary", "port", port,
          "path", "/health", "status", "204", "timeout", "PT1S")), RECORDER))
          .isInstanceOfSatisfying(StepFailure.class, f -> assertThat(f.getMessage()).contains("no answer within 1 s"));
    } finally {
      http.stop(0);
    }
    Files.deleteIfExists(home.resolve("ready.flag"));
    Thread later = new Thread(() -> {
      try {
        Thread.sleep(1200);
        Files.writeString(home.resolve("ready.flag"), "ok");
      } catch (Exception ignored) {
        // the assertion below fails then
      }
    });
    later.start();
    assertThat(step.execute(request(Map.of("action", "command", "host", "primary", "command",
        List.of("test", "-f", "ready.flag"), "timeout", "PT20S")), RECORDER).stdout()).contains("answered after");
  }

  @Test
  void storageFailsOverAndBackThroughTheGatekeeperAndReadsThePairState() throws Exception {
    Files.createDirectories(home.resolve("bin"));
    Files.copy(Path.of("ops/lab/symrdf"), home.resolve("bin/symrdf"), StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(home.resolve(".symrdf"));
    Files.writeString(home.resolve(".symrdf/pay_dg"), "Synchronized\n");
    StorageStep step = new StorageStep(access);
    Map<String, Object> failover = Map.of("driver", "srdf", "action", "failover", "gatekeeper", "gk", "group", "pay_dg",
        "symrdf", home.resolve("bin/symrdf").toString());
    assertThat(step.execute(request(failover), RECORDER).stdout()).contains("device group pay_dg: Synchronized -> Failed Over");
    assertThat(Files.readString(home.resolve(".symrdf/pay_dg")).strip()).isEqualTo("Failed Over");
    assertThat(step.execute(request(failover), RECORDER).stdout()).contains("already Failed Over: nothing to do");
    Map<String, Object> failback = new HashMap<>(failover);
    failback.put("action", "failback");
    assertThat(step.execute(request(failback), RECORDER).stdout()).contains("Failed Over -> Synchronized");
    Map<String, Object> unknown = new HashMap<>(failover);
    unknown.put("group", "nosuch_dg");
    assertThatThrownBy(() -> step.execute(request(unknown), RECORDER)).isInstanceOfSatisfying(StepFailure.class, f -> {
      assertThat(f.reason()).isEqualTo(FailureReason.NON_ZERO_EXIT);
      assertThat(f.stderr()).contains("The specified device group was not found: nosuch_dg");
    });
  }

  @Test
  void thePairStateIsReadOnlyWhenAllDevicesAgree() {
    String one = "DEV001      00100     RW       0        0 RW 00200 WD       0        0 S..  Synchronized\n";
    String other = "DEV002      00101     WD       0        0 NR 00201 RW       0        0 S..  Failed Over\n";
    assertThat(StorageStep.pairState(one)).isEqualTo("Synchronized");
    assertThat(StorageStep.pairState(other)).isEqualTo("Failed Over");
    assertThat(StorageStep.pairState(one + other)).isNull();
    assertThat(StorageStep.pairState("Total  -------- --------\n")).isNull();
  }
}
