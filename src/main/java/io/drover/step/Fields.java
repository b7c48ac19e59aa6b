package io.drover.step;

import io.drover.step.StepContract.Constraint;

/** The patterns the step types' fields share, with the message Modeler shows for a value that does not match. */
public final class Fields {

  public static final String HOST_MESSAGE = "primary, standby or the inventory name of one of the service's hosts";
  public static final String ARGV_MESSAGE = "a JSON array of strings, e.g. [\"systemctl\", \"stop\", \"app\"]";
  public static final String PATH_MESSAGE = "an absolute path without spaces or shell characters";

  public static final Constraint HOST = new Constraint("^(primary|standby|[A-Za-z0-9][A-Za-z0-9._-]{0,62})$",
      HOST_MESSAGE);
  public static final Constraint HOST_OR_EMPTY = new Constraint(
      "^(primary|standby|[A-Za-z0-9][A-Za-z0-9._-]{0,62})?$", HOST_MESSAGE);
  public static final Constraint HOST_NAME_OR_EMPTY = new Constraint("^([A-Za-z0-9][A-Za-z0-9._-]{0,62})?$",
      HOST_MESSAGE);
  public static final Constraint DURATION = new Constraint(
      "^(P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?)?$",
      "an ISO-8601 duration such as PT30S or PT5M, or empty");
  public static final Constraint DNS = new Constraint("^[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})$",
      "a DNS name such as payments.example.com");
  public static final Constraint PATH = new Constraint("^/[A-Za-z0-9._/@+:-]*$", PATH_MESSAGE);
  public static final Constraint PATH_OR_EMPTY = new Constraint("^(/[A-Za-z0-9._/@+:-]*)?$", PATH_MESSAGE);
  public static final Constraint ARGV = new Constraint("^\\s*\\[\\s*\".*\\]\\s*$", ARGV_MESSAGE);
  public static final Constraint ARGV_OR_EMPTY = new Constraint("^(\\s*\\[\\s*\".*\\]\\s*)?$", ARGV_MESSAGE);
  public static final Constraint PORT = new Constraint("^([1-9][0-9]{0,4})$", "a TCP port");
  public static final Constraint PORT_OR_EMPTY = new Constraint("^([1-9][0-9]{0,4})?$", "a TCP port");
  public static final Constraint SECRET_NAME = new Constraint("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "a secret store name");
  public static final Constraint GROUP_NAME = new Constraint("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$",
      "a volume group name");

  public static final String HOST_LABEL = "Host";
  public static final String HOST_DESCRIPTION = "primary, standby or a host name of the service";
  public static final String TIMEOUT_LABEL = "Timeout";
  public static final String TIMEOUT_DESCRIPTION = "ISO-8601 bound; empty takes the default";
  public static final String REHEARSAL_SAFE_LABEL = "Rehearsal-safe";
  public static final String REHEARSAL_SAFE_DESCRIPTION = "true: the command works on copies only (a snapshot,"
      + " another port or directory), so a rehearsal may run it; a rehearsal refuses every other command";

  private Fields() {
  }
}
