package io.drover.step;

import io.drover.inventory.HostSpec;
import io.drover.remote.ExecResult;
import org.springframework.stereotype.Component;

/**
 * Step type {@code volume-group}: {@code action} deport or import disk/volume group {@code name}
 * on {@code host}, with {@code manager} lvm (default: {@code vgchange -an} + {@code vgexport} /
 * {@code vgimport} + {@code vgchange -ay}) or vxvm ({@code vxdg deport|import}). Probes first,
 * verifies after.
 */
@Component("volumeGroupStepType")
public class VolumeGroupStep implements StepType {

  /** What this step type takes (see {@link StepContract}). */
  public static final StepContract CONTRACT = StepContract.of("volume-group", "volumeGroupStep", "deport", "import")
      .title("Drover: deport or import a volume group", "Deports or imports a disk/volume group on a host: LVM"
          + " (vgchange + vgexport / vgimport + vgchange) or Veritas (vxdg).")
      .action("Action", "deport", null)
      .role("host").field(Fields.HOST_LABEL, "primary", Fields.HOST_DESCRIPTION, Fields.HOST)
      .required("name").field("Group", "", null, Fields.GROUP_NAME)
      .optional("manager").choiceField("Volume manager", "lvm", null, "lvm", "vxvm")
      .optional("timeout").field(Fields.TIMEOUT_LABEL, "", Fields.TIMEOUT_DESCRIPTION, Fields.DURATION)
      .build();

  private final HostAccess access;

  public VolumeGroupStep(HostAccess access) {
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
    request.string("name");
    HostSpec host = access.host(request, request.string("host"));
    if (!action.equals("deport") && !action.equals("import")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "volume-group action must be deport or import, not '" + action
          + "'", null, null, null, null);
    }
    return switch (request.string("manager", "lvm")) {
      case "lvm" -> StepNeeds.asRoot(host, action.equals("deport") ? "vgexport" : "vgimport");
      case "vxvm" -> StepNeeds.asRoot(host, "vxdg");
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "volume manager must be lvm or vxvm, not '"
          + request.string("manager", "lvm") + "'", null, null, null, null);
    };
  }

  @Override
  public java.util.List<String> probe(StepRequest request) throws StepFailure {
    if (!"lvm".equals(request.string("manager", "lvm"))) {
      return java.util.List.of();
    }
    HostSpec host = access.host(request, request.string("host"));
    String group = request.string("name");
    HostShell shell = access.shell(request, host, java.time.Duration.ofSeconds(30));
    return shell.test(true, "vgs", "--noheadings", "-o", "vg_name", group) ? java.util.List.of()
        : java.util.List.of("volume group " + group + " is not known to LVM on " + host.name());
  }

  @Override
  public StepResult execute(StepRequest request, AttemptRecorder recorder) throws StepFailure {
    String action = request.string("action");
    String group = request.string("name");
    String manager = request.string("manager", "lvm");
    HostSpec host = access.host(request, request.string("host"));
    HostShell shell = access.shell(request, host);
    if (!action.equals("deport") && !action.equals("import")) {
      throw new StepFailure(FailureReason.CONFIGURATION, "volume-group action must be deport or import, not '" + action
          + "'", null, null, null, null);
    }
    boolean deport = action.equals("deport");
    switch (manager) {
      case "lvm" -> lvm(shell, recorder, group, deport);
      case "vxvm" -> vxvm(shell, recorder, group, deport);
      default -> throw new StepFailure(FailureReason.CONFIGURATION, "volume manager must be lvm or vxvm, not '" + manager
          + "'", null, null, null, null);
    }
    return new StepResult(0, shell.transcript(), "");
  }

  private static void lvm(HostShell shell, AttemptRecorder recorder, String group, boolean deport) throws StepFailure {
    recorder.started(shell.host().name(), deport ? shell.display("vgchange", "-an", group) + " && "
        + shell.display("vgexport", group) : shell.display("vgimport", group) + " && " + shell.display("vgchange", "-ay", group));
    shell.requireRoot(deport ? "vgexport" : "vgimport");
    Boolean exported = lvmExported(shell, group);
    if (deport) {
      if (exported) {
        shell.note("volume group " + group + " is already exported: nothing to do");
        return;
      }
      shell.act("deactivating " + group, "vgchange", "-an", group);
      shell.act("exporting " + group, "vgexport", group);
    } else {
      if (exported) {
        shell.act("importing " + group, "vgimport", group);
      }
      shell.act("activating " + group, "vgchange", "-ay", group);
    }
    if (lvmExported(shell, group) != deport) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "volume group " + group + " on " + shell.host().name()
          + " is " + (deport ? "not exported" : "still exported") + " after " + (deport ? "deport" : "import"), null,
          shell.transcript(), null, null);
    }
    shell.note("volume group " + group + (deport ? " deported" : " imported and active"));
  }

  private static boolean lvmExported(HostShell shell, String group) throws StepFailure {
    ExecResult state = shell.privileged("vgs", "--noheadings", "-o", "vg_exported", group);
    if (!state.succeeded()) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "volume group " + group + " is not visible on "
          + shell.host().name() + " (is its storage presented to this host?)", state.exitStatus(), state.stdout(),
          state.stderr(), null);
    }
    return state.stdout().contains("exported");
  }

  private static void vxvm(HostShell shell, AttemptRecorder recorder, String group, boolean deport) throws StepFailure {
    recorder.started(shell.host().name(), shell.display("vxdg", deport ? "deport" : "import", group));
    shell.requireRoot("vxdg");
    boolean imported = shell.test(true, "vxdg", "list", group);
    if (imported != deport) {
      shell.note("disk group " + group + " is already " + (deport ? "deported" : "imported") + ": nothing to do");
      return;
    }
    shell.act((deport ? "deporting " : "importing ") + group, "vxdg", deport ? "deport" : "import", group);
    if (shell.test(true, "vxdg", "list", group) == deport) {
      throw new StepFailure(FailureReason.UNEXPECTED_STATE, "disk group " + group + " on " + shell.host().name()
          + " is not " + (deport ? "deported" : "imported") + " after vxdg", null, shell.transcript(), null, null);
    }
    shell.note("disk group " + group + (deport ? " deported" : " imported"));
  }
}
