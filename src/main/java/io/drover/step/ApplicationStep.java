package io.drover.step;

import io.drover.inventory.HostSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Step type {@code application}: {@code action} start or stop on {@code host}, through a systemd
 * {@code unit} (as root) or given {@code start}, {@code stop} and {@code status} commands
 * (argument lists, as the login user; {@code status} exits 0 while the application runs). Stop
 * waits until the application is gone, start until it runs, within {@code timeout} (default 60 s).
 */
@Component("applicationStepType")
public class ApplicationStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("application", "applicationStep", "stop", "start")
      .title("Drover: stop or start an application", "Stops or starts an application through a systemd unit or given"
          + " commands, and waits until it is gone or running.")
      .action("Action", "stop", null)
      .role("host").field(Fields.HOST_LABEL, "primary", Fields.HOST_DESCRIPTION, Fields.HOST)
      .optional("unit").field("systemd unit", "", "or give the commands below", null)
      .list("status").textField("Status command", "", "JSON array; exits 0 while the application runs",
          Fields.ARGV_OR_EMPTY)
      .list("start").textField("Start command", "", null, Fields.ARGV_OR_EMPTY)
      .list("stop").textField("Stop command", "", null, Fields.ARGV_OR_EMPTY)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .build();

  private final HostAccess access;

  public ApplicationStep(HostAccess access) {
    this.access = access;
  }

  @Override
  public StepContract contract() {
    return CONTRACT;
  }

  @Override
  public String name() {
    return CONTRACT.type();
  }

  @Override
  public StepNeeds needs(StepRequest request) throws StepFailure {
    String action = request.string("action");
    if (!action.equals("start") && !action.equals("stop")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "application action must be start or stop, not '" + action + "'",
          null, null, null, null);
    }
    HostSpec host = access.host(request, request.string("host"));
    request.duration("timeout", Duration.ofSeconds(60));
    if (request.string("unit", null) != null) {
      return StepNeeds.asRoot(host, "systemctl");
    }
    request.arguments("status");
    request.arguments(action);
    return StepNeeds.login(host);
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action");
    if (!action.equals("start") && !action.equals("stop")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "application action must be start or stop, not '" + action + "'",
          null, null, null, null);
    }
    boolean start = action.equals("start");
    HostSpec host = access.host(request, request.string("host"));
    Duration timeout = request.duration("timeout", Duration.ofSeconds(60));
    HostShell shell = access.shell(request, host, access.commandTimeout());
    String unit = request.string("unit", null);
    Control control = unit != null ? new Unit(shell, unit) : new Commands(shell, request.arguments("status"),
        request.arguments(action));
    recorder.started(host.name(), control.display(start));
    if (control.running() == start) {
      shell.note("the application is already " + (start ? "running" : "stopped") + ": nothing to do");
      return new StepResult(0, shell.transcript(), "");
    }
    control.act(start);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (control.running() != start) {
      if (System.nanoTime() > deadline) {
        throw new StepFailure(FailureReason.TIMEOUT, "the application on " + host.name() + " is still "
            + (start ? "not running" : "running") + " " + timeout.toSeconds() + " s after " + action, null,
            shell.transcript(), null, null);
      }
      sleep();
    }
    shell.note("the application " + (start ? "runs" : "is stopped"));
    return new StepResult(0, shell.transcript(), "");
  }

  private static void sleep() throws StepFailure {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailure(FailureReason.TIMEOUT, "interrupted", null, null, null, e);
    }
  }

  private interface Control {
    boolean running() throws StepFailure;

    void act(boolean start) throws StepFailure;

    String display(boolean start);
  }

  private record Unit(HostShell shell, String unit) implements Control {
    public boolean running() throws StepFailure {
      return shell.test(false, "systemctl", "is-active", "--quiet", unit);
    }

    public void act(boolean start) throws StepFailure {
      shell.requireRoot("systemctl");
      shell.act((start ? "starting " : "stopping ") + unit, "systemctl", start ? "start" : "stop", unit);
    }

    public String display(boolean start) {
      return shell.display("systemctl", start ? "start" : "stop", unit);
    }
  }

  private record Commands(HostShell shell, List<String> status, List<String> command) implements Control {
    public boolean running() throws StepFailure {
      return shell.run(status.toArray(String[]::new)).succeeded();
    }

    public void act(boolean start) throws StepFailure {
      var result = shell.run(command.toArray(String[]::new));
      if (!result.succeeded()) {
        throw new StepFailure(FailureReason.NON_ZERO_EXIT, (start ? "start" : "stop") + " command failed on "
            + shell.host().name() + " (exit status " + result.exitStatus() + ")", result.exitStatus(), result.stdout(),
            result.stderr(), null);
      }
    }

    public String display(boolean start) {
      return io.drover.remote.RemoteCommand.of(command).display();
    }
  }
}
