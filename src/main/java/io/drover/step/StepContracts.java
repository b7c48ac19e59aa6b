package io.drover.step;

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
