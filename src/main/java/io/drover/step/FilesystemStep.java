package io.drover.step;

import io.drover.inventory.HostSpec;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Step type {@code filesystem}: {@code action} mount or unmount {@code mountpoint} (device
 * {@code device}, optional {@code fstype}, {@code options}) on {@code host}. Probes with
 * {@code mountpoint -q} first: already in the wanted state means nothing to do; verifies after.
 */
@Component("filesystemStepType")
public class FilesystemStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("filesystem", "filesystemStep", "unmount", "mount")
      .title("Drover: mount or unmount a file system", "Mounts or unmounts a file system on a host (sudo -n); already"
          + " in the wanted state means nothing to do; checked with mountpoint -q.")
      .action("Action", "unmount", null)
      .role("host").field(Fields.HOST_LABEL, "primary", Fields.HOST_DESCRIPTION, Fields.HOST)
      .required("mountpoint").field("Mount point", "", null, Fields.PATH)
      .required("device").field("Device", "", null, Fields.PATH)
      .optional("fstype").field("File system type", "", null, null)
      .optional("options").field("Mount options", "", null, null)
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .build();

  private final HostAccess access;

  public FilesystemStep(HostAccess access) {
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
    request.string("mountpoint");
    HostSpec host = access.host(request, request.string("host"));
    return switch (action) {
      case "mount" -> {
        request.string("device");
        yield StepNeeds.asRoot(host, "mount");
      }
      case "unmount" -> StepNeeds.asRoot(host, "umount");
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "filesystem action must be mount or unmount, not '"
          + action + "'", null, null, null, null);
    };
  }

  @Override
  public java.util.List<String> probe(StepRequest request) throws StepFailure {
    HostSpec host = access.host(request, request.string("host"));
    String mountpoint = request.string("mountpoint");
    HostShell shell = access.shell(request, host, java.time.Duration.ofSeconds(30));
    return shell.test(false, "test", "-d", mountpoint) ? java.util.List.of()
        : java.util.List.of("mount point " + mountpoint + " does not exist on " + host.name());
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action");
    String mountpoint = request.string("mountpoint");
    HostSpec host = access.host(request, request.string("host"));
    HostShell shell = access.shell(request, host);
    String[] act;
    boolean wantMounted;
    switch (action) {
      case "mount" -> {
        List<String> mount = new ArrayList<>(List.of("mount"));
        String fstype = request.string("fstype", null);
        if (fstype != null) {
          mount.addAll(List.of("-t", fstype));
        }
        String options = request.string("options", null);
        if (options != null) {
          mount.addAll(List.of("-o", options));
        }
        mount.addAll(List.of("--", request.string("device"), mountpoint));
        act = mount.toArray(String[]::new);
        wantMounted = true;
      }
      case "unmount" -> {
        act = new String[] {"umount", "--", mountpoint};
        wantMounted = false;
      }
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "filesystem action must be mount or unmount, not '"
          + action + "'", null, null, null, null);
    }
    recorder.started(host.name(), shell.display(act));
    if (shell.test(false, "mountpoint", "-q", "--", mountpoint) == wantMounted) {
      shell.note(mountpoint + " is already " + (wantMounted ? "mounted" : "unmounted") + ": nothing to do");
      return new StepResult(0, shell.transcript(), "");
    }
    shell.requireRoot(act[0]);
    shell.act(action + " " + mountpoint, act);
    if (shell.test(false, "mountpoint", "-q", "--", mountpoint) != wantMounted) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, mountpoint + " on " + host.name() + " is still "
          + (wantMounted ? "not mounted" : "mounted") + " after " + action, null, shell.transcript(), null, null);
    }
    shell.note(mountpoint + " " + (wantMounted ? "mounted" : "unmounted"));
    return new StepResult(0, shell.transcript(), "");
  }
}
