package io.drover.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A recovery plan as its file declares it: the services it moves, their dependencies, which are
 * critical, the shared resources they use and their capacities, and who may run and approve it.
 *
 * @param maxParallel how many services may run at once
 * @param resources named capacities (e.g. a storage gatekeeper: 4)
 * @param members the services, in the file's order
 * @param group whose members see, run and approve the plan (default {@code plan-<name>})
 * @param roles per action, the roles that may request it (default dr-operator)
 * @param origins the networks requests and approvals may come from (none: anywhere)
 * @param approval the actions that need a second person's approval, or null for the server's default
 * @param approvalTimeout how long a plan run waits for its approval, or null for the server's default
 */
public record PlanSpec(String name, String description, String file, int maxParallel, Map<String, Integer> resources,
    List<Member> members, String group, Map<String, List<String>> roles, List<String> origins, List<String> approval,
    Duration approvalTimeout) {

  /** What the plan's {@code maxParallel} is called where a service waits for it. */
  public static final String PARALLEL = "maxParallel";

  /**
   * A service of the plan.
   *
   * @param dependsOn services that must have finished before it starts (migrate, takeover)
   * @param failbackDependsOn the same for failback, or null: the reverse of {@code dependsOn}
   * @param critical whether its failure stops the services that depend on it
   * @param uses the named resources it holds while it runs
   * @param where {@code file:line} of its entry
   */
  public record Member(String service, List<String> dependsOn, List<String> failbackDependsOn, boolean critical,
      List<String> uses, String where) {
  }

  /** The plan file's name in the plans directory, without the server's path to it (for answers and models). */
  public String fileName() {
    return file == null ? null : java.nio.file.Path.of(file).getFileName().toString();
  }

  public Member member(String service) {
    return members.stream().filter(m -> m.service().equals(service)).findFirst().orElse(null);
  }
}
