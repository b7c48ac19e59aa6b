package io.drover.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * A command run so that Drover can find out, later and from anywhere, what became of it: in a
 * process group of its own, with the group's id, its output and, once it has ended, its exit
 * status written under the attempt's directory on the host. A lost SSH session or a dead Drover
 * node does not stop it and does not lose its result; a timeout kills its whole group. Plain POSIX
 * {@code sh} and {@code setsid} (util-linux or busybox) on the host; no agent.
 *
 * <p>An attempt's files share the path {@code D} (the run's directory of attempts on the host, then
 * the attempt's id): {@code D.started} (made once, atomically, with the shell's no-clobber
 * {@code O_EXCL} create: an attempt starts at most once), {@code D.pgid} (the monitor's pid, leader of
 * the command's process group, written by the monitor itself before the command starts),
 * {@code D.out} and {@code D.err} (the command's output), {@code D.rc} (its exit status, written
 * last). A reader takes an empty {@code pgid} or {@code rc} as not written yet.
 *
 * <p>The monitor runs the command, waits for it even when signalled itself, and writes its exit
 * status. OpenSSH starts every session's command as the leader of a new session and process group,
 * and a login shell such as bash hands the fence's {@code sh} that process: the fence then is the
 * monitor itself, in the group sshd made, and the host starts one program ({@code sh}) besides the
 * command. Where the fence's shell does not lead its own group (a login shell that forks, as dash
 * does, or another SSH server), it starts the monitor in a new session with {@code setsid}: two
 * programs more. Neither the session's end nor the channel's closing signals a command that has no
 * terminal, in either case (decision 15).
 */
public final class Fence {

  /**
   * Run in the exec channel: marks the attempt started (making the run's directory of attempts on
   * its first attempt on the host), runs the monitor, in this shell when it leads a process group of
   * its own, otherwise in a new session, and replays the output. Arguments: MONITOR-SCRIPT DIR
   * COMMAND...
   */
  static final String FOREGROUND = """
      monitor=$1; d=$2; shift 2
      umask 077
      [ -d "${d%/*}" ] || mkdir -p "${d%/*}" || { echo "drover: cannot create the attempts directory ${d%/*}" >&2; exit 125; }
      set -C
      { true >"$d.started"; } 2>/dev/null || { echo "drover: attempt $d was started before, or cannot be marked started; not starting it" >&2; exit 125; }
      set +C
      if kill -0 "-$$" 2>/dev/null; then
        monitor_here() { eval "$monitor"; }
        drover_inline=1; monitor_here "$d" "$@"
        trap - TERM HUP INT
      else
        drover_inline= setsid sh -c "$monitor" drover-monitor "$d" "$@" </dev/null >/dev/null 2>&1 &
        wait "$!"; rc=$?
      fi
      [ -s "$d.rc" ] && read rc <"$d.rc"
      [ -s "$d.out" ] && cat "$d.out"
      [ -s "$d.err" ] && cat "$d.err" >&2
      exit "$rc"
      """;

  /**
   * The monitor, leader of the command's process group: runs the command, waits for it even when
   * signalled itself, and writes its exit status; exits with it, unless it runs inline in the
   * fence's own shell ({@code drover_inline} set), which goes on to replay the output. Arguments: DIR
   * COMMAND...
   */
  static final String MONITOR = """
      d=$1; shift
      echo "$$" >"$d.pgid"
      trap 'echo TERM >"$d.signalled"' TERM HUP INT
      "$@" >"$d.out" 2>"$d.err" </dev/null &
      c=$!
      while :; do
        wait "$c"; rc=$?
        kill -0 "$c" 2>/dev/null || break
      done
      echo "$rc" >"$d.rc"
      [ -n "${drover_inline:-}" ] || exit "$rc"
      """;

  /**
   * What became of an attempt: one line, {@code ENDED RC}, {@code RUNNING}, {@code VANISHED} or
   * {@code ABSENT}. The exit status is looked for again once the group is found gone: the monitor
   * may have written it and exited between the two looks, which is an end, not a vanishing.
   */
  static final String STATUS = """
      d=$1
      if [ -s "$d.rc" ]; then read rc <"$d.rc"; echo "ENDED $rc"
      elif [ -f "$d.pgid" ] && { read p <"$d.pgid"; [ -z "$p" ] || kill -0 "-$p" 2>/dev/null; }; then echo RUNNING
      elif [ -s "$d.rc" ]; then read rc <"$d.rc"; echo "ENDED $rc"
      elif [ -e "$d.started" ]; then echo VANISHED
      else echo ABSENT
      fi
      """;

  /**
   * Fences off an attempt found absent: marks it started, as the command's own start would, so
   * that a start still on its way (a host slow to run it, an exec request it accepted but never
   * acted on) finds the mark and does not run. Prints {@code CLAIMED}, or {@code TAKEN} when the
   * attempt started after all. Arguments: DIR.
   */
  static final String CLAIM = """
      d=$1
      [ -d "${d%/*}" ] || mkdir -p "${d%/*}" 2>/dev/null
      set -C
      if { true >"$d.started"; } 2>/dev/null; then
        echo CLAIMED
      else
        echo TAKEN
      fi
      """;

  /**
   * Kills the attempt's process group: TERM, then KILL after GRACE seconds; returns once the
   * group is gone, printing {@code GONE}. Arguments: DIR GRACE.
   */
  static final String KILL = """
      d=$1; g=$2
      [ -f "$d.pgid" ] || { echo GONE; exit 0; }
      read p <"$d.pgid"
      [ -n "$p" ] || { echo GONE; exit 0; }
      kill -TERM "-$p" 2>/dev/null
      i=0
      while kill -0 "-$p" 2>/dev/null && [ "$i" -lt "$((g * 10))" ]; do sleep 0.1; i=$((i + 1)); done
      kill -KILL "-$p" 2>/dev/null
      while kill -0 "-$p" 2>/dev/null; do sleep 0.1; done
      echo GONE
      """;

  private Fence() {
  }

  /** The command, fenced under {@code dir}; secrets stay masked in its display form. */
  public static RemoteCommand wrap(RemoteCommand command, String dir) {
    List<String> prefix = List.of("sh", "-c", FOREGROUND, "drover-fence", MONITOR, dir);
    List<String> real = new ArrayList<>(prefix);
    real.addAll(command.arguments());
    List<String> shown = new ArrayList<>(prefix);
    shown.addAll(command.displayArguments());
    return RemoteCommand.withMasked(real, shown);
  }

  /** {@code sh -c SCRIPT NAME ARGS...} */
  static RemoteCommand script(String script, String name, String... arguments) {
    List<String> line = new ArrayList<>(List.of("sh", "-c", script, name));
    line.addAll(List.of(arguments));
    return RemoteCommand.of(line);
  }

}
