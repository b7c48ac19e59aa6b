package io.drover.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.inventory.InventoryLoader;
import io.drover.step.FailureReason;
import io.drover.remote.RunConnections;
import io.drover.remote.SshConnector;
import io.drover.remote.SshProperties;
import io.drover.security.DirectoryCredentialStore;
import io.drover.step.HostAccess;
import io.drover.step.HostResolver;
import io.drover.step.StepFailure;
import io.drover.step.StepRequest;
import io.drover.step.VolumeGroupStep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On the lab's real OpenSSH hosts, a command outside the login user's sudo rights fails before acting. */
class LabPrivilegeTest {

  @Test
  void aMissingSudoRightIsAClearFailure() {
    Path lab = LabEndToEndTest.LAB;
    assertThat(lab.resolve("known_hosts")).as("the lab is up: run ops/lab/lab.sh up (as root) first").exists();
    HostResolver hosts = hosts(new InventoryLoader(lab.resolve("known_hosts")).load(Path.of("ops/lab/inventory")));
    SshProperties ssh = new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), 65536, null);
    RunConnections connections = new RunConnections(new SshConnector(ssh), ssh);
    VolumeGroupStep step = new VolumeGroupStep(new HostAccess(hosts, connections, ssh));
    StepRequest request = new StepRequest("privilege-test", "payments", "Task_Deport", new HashMap<>(Map.of(
        "action", "deport", "host", "primary", "name", "drlab_payments_vg", "manager", "vxvm")), Map.of());
    try {
      assertThatThrownBy(() -> step.execute(request, (h, c) -> { })).isInstanceOfSatisfying(StepFailure.class, f -> {
        assertThat(f.reason()).isEqualTo(FailureReason.PERMISSION_DENIED);
        assertThat(f.getMessage()).isEqualTo("user dl-app1 may not run 'vxdg' with sudo -n on app1; grant it in sudoers"
            + " (NOPASSWD) for that command");
      });
    } finally {
      connections.closeRun("privilege-test");
    }
  }

  @Test
  void thePreflightFindsAMissingSudoRightBeforeAnyRunAndAllowsTheGrantedOnes() throws Exception {
    Path lab = LabEndToEndTest.LAB;
    assertThat(lab.resolve("known_hosts")).as("the lab is up: run ops/lab/lab.sh up (as root) first").exists();
    io.drover.inventory.Inventory inventory = new InventoryLoader(lab.resolve("known_hosts"))
        .load(Path.of("ops/lab/inventory"));
    HostResolver hosts = hosts(inventory);
    SshProperties ssh = new SshProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), 65536, null);
    io.drover.preflight.HostChecks checks = new io.drover.preflight.HostChecks(hosts, new SshConnector(ssh),
        io.drover.security.StaticKeys.allowed(), inventory);
    io.drover.inventory.HostSpec app1 = hosts.inventoryHost("app1");
    java.util.List<String> checked = new java.util.ArrayList<>();
    java.util.List<String> problems = checks.check(app1, java.util.List.of(
        new io.drover.step.StepNeeds.Login(app1, null, "vxdg"),
        new io.drover.step.StepNeeds.Login(app1, null, "umount"),
        new io.drover.step.StepNeeds.Login(app1, "postgres", "/usr/bin/psql")), checked);
    assertThat(problems).containsExactly("host app1: user dl-app1 may not run 'vxdg' with sudo -n; grant it in sudoers"
        + " (NOPASSWD)");
    assertThat(checked).contains("host app1: SSH login as dl-app1 with the pinned host key",
        "host app1: dl-app1 may run umount with sudo -n", "host app1: dl-app1 may run /usr/bin/psql as postgres with sudo -n");
  }

  /** The lab's hosts take certificates from its CA: these checks log in as runs of service payments would. */
  private static HostResolver hosts(io.drover.inventory.Inventory inventory) {
    DirectoryCredentialStore store = new DirectoryCredentialStore(LabEndToEndTest.LAB.resolve("secrets"));
    io.drover.security.SshCertificateAuthority ca = new io.drover.security.SshCertificateAuthority(store, "ssh-ca",
        Duration.ofMinutes(10), java.util.List.of(), java.time.Clock.systemUTC());
    return new HostResolver(inventory, store, ca, runId -> java.util.Optional.of(new io.drover.step.RunRequester.Who(
        "payments", "lab-privilege-test", null)), Duration.ofMinutes(10), io.drover.security.StaticKeys.allowed(),
        null);
  }
}
