package io.drover.step.catalog;

import io.drover.step.ApplicationStep;
import io.drover.step.CommandStep;
import io.drover.step.FilesystemStep;
import io.drover.step.ProbeStep;
import io.drover.step.StepContract;
import io.drover.step.StorageStep;
import io.drover.step.TransferStep;
import io.drover.step.VolumeGroupStep;
import java.util.List;
import java.util.Optional;

/** Every step type's contract: the one place the linter, the runbook template and the element templates answer to. */
public final class StepContracts {

  public static final List<StepContract> ALL = List.of(CommandStep.CONTRACT, TransferStep.CONTRACT,
      io.drover.step.dns.DnsAliasStep.CONTRACT, FilesystemStep.CONTRACT, VolumeGroupStep.CONTRACT, StorageStep.CONTRACT,
      ApplicationStep.CONTRACT, ProbeStep.CONTRACT);

  private StepContracts() {
  }

  public static Optional<StepContract> byDelegate(String delegate) {
    return ALL.stream().filter(c -> c.delegate().equals(delegate)).findFirst();
  }

  public static Optional<StepContract> byType(String type) {
    return ALL.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
