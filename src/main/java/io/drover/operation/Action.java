package io.drover.operation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The operations of a service: three that move it between its sites, and a rehearsal that moves nothing. */
public enum Action {
  /** Planned: stop on primary, copy data, start on standby. Needs the primary active. */
  MIGRATE(Site.PRIMARY, Site.STANDBY),
  /** The primary site is gone: start on standby. Needs the primary active. */
  TAKEOVER(Site.PRIMARY, Site.STANDBY),
  /** Back home: stop on standby, copy back, start on primary. Needs the standby active. */
  FAILBACK(Site.STANDBY, Site.PRIMARY),
  /**
   * A test without a failover: the service brought up on the standby from a copy while production
   * goes on on the primary, which stays the active site whatever the outcome. Needs the primary active.
   */
  REHEARSE(Site.PRIMARY, Site.PRIMARY);

  private final Site requires;
  private final Site target;

  Action(Site requires, Site target) {
    this.requires = requires;
    this.target = target;
  }

  public Site requires() {
    return requires;
  }

  public Site target() {
    return target;
  }

  /** A rehearsal: production untouched, the active site unchanged. */
  public boolean rehearsal() {
    return this == REHEARSE;
  }

  /** Lower-case name used in procedure ids and the API. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Action> parse(String text) {
    return Arrays.stream(values()).filter(a -> a.id().equalsIgnoreCase(text == null ? "" : text.trim())).findFirst();
  }

  public static String valid() {
    return String.join(", ", Arrays.stream(values()).map(Action::id).toList());
  }
}
