package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.RunConnections;
import io.drover.remote.SshProperties;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** What every step type that acts on a host needs: the hosts, the run's SSH sessions, the SSH settings. */
@Component
public class HostAccess {

  private final HostResolver hosts;
  private final RunConnections connections;
  private final SshProperties ssh;

  public HostAccess(HostResolver hosts, RunConnections connections, SshProperties ssh) {
    this.hosts = hosts;
    this.connections = connections;
    this.ssh = ssh;
  }

  public HostResolver hosts() {
    return hosts;
  }

  /** The host playing {@code role} for the request's service. */
  public HostSpec host(StepRequest request, String role) throws StepFailure {
    return hosts.host(request.service(), role);
  }

  /** A shell on {@code host} for this run, each command bounded by {@code timeout}. */
  public HostShell shell(StepRequest request, HostSpec host, Duration timeout) {
    return new HostShell(request.runId(), host, hosts, connections, timeout);
  }

  /** A shell whose commands are bounded by the step's {@code timeout} parameter or the SSH default. */
  public HostShell shell(StepRequest request, HostSpec host) throws StepFailure {
    return shell(request, host, request.duration("timeout", ssh.commandTimeout()));
  }

  /** The default bound on one command. */
  public Duration commandTimeout() {
    return ssh.commandTimeout();
  }
}
