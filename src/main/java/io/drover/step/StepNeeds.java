package io.drover.step;

import io.drover.inventory.HostSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What one step needs in place before it may run, for the preflight: the hosts it logs in to, the
 * programs it runs there through {@code sudo -n} (as root or as another user), and the secrets it
 * reads. Declared by the step type from the step's parameters, without touching a host.
 */
public record StepNeeds(List<Login> logins, List<String> secrets) {

  public static final StepNeeds NONE = new StepNeeds(List.of(), List.of());

  /**
   * A login to {@code host}, and when {@code program} is given, the right to run it with
   * {@code sudo -n} as {@code user} (root when null).
   */
  public record Login(HostSpec host, String user, String program) {

    public boolean sudo() {
      return program != null;
    }
  }

  public static StepNeeds login(HostSpec host) {
    return NONE.and(new Login(host, null, null));
  }

  public static StepNeeds asRoot(HostSpec host, String program) {
    return NONE.and(new Login(host, null, program));
  }

  public static StepNeeds as(HostSpec host, String user, String program) {
    return NONE.and(new Login(host, user, program));
  }

  public static StepNeeds secret(String name) {
    return new StepNeeds(List.of(), List.of(name));
  }

  public StepNeeds and(Login login) {
    List<Login> more = new ArrayList<>(logins);
    more.add(login);
    return new StepNeeds(List.copyOf(more), secrets);
  }

  public StepNeeds and(StepNeeds other) {
    List<Login> moreLogins = new ArrayList<>(logins);
    moreLogins.addAll(other.logins);
    List<String> moreSecrets = new ArrayList<>(secrets);
    moreSecrets.addAll(other.secrets);
    return new StepNeeds(List.copyOf(moreLogins), List.copyOf(moreSecrets));
  }
}
