#!/usr/bin/env python3
"""Where the server's CPU goes per step, from `perf script` output of a bench (BENCH_PROFILE=1).

Reads `perf script -F comm,tid,ip,sym,dso` on stdin (call graphs, Java frames named through the JVM's
perf map), puts each sample in one part (the first pattern its stack matches, in order) and prints the
CPU milliseconds per step of each. Usage: cpu-profile.py HZ STEPS
"""
import re
import sys
from collections import Counter

# the parts of a step job's work, first match wins (a journal write inside the engine's command is the journal's)
PARTS = [
    ("journal (attempt rows, run log)", r"io\.drover\.journal"),
    ("SSH (JSch, channel, output)", r"com\.jcraft|io\.drover\.remote"),
    ("engine: reads", r"DbSqlSession\.select|DbEntityManager\.select"),
    ("engine: writes and commit", r"CommandContext\.close|flushSessions|doCommit"),
    ("server log", r"ch\.qos\.logback"),
    ("engine: the rest (process, history, jobs)", r"org\.camunda"),
]


def samples(lines):
    comm, frames = None, []
    for line in lines:
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line[0].isspace():
            comm = re.sub(r"\s+\d+\s*$", "", line.rstrip("\n"))  # a thread's name may hold spaces
        else:
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else "")
    if comm is not None:
        yield comm, frames


def main():
    hz, steps = float(sys.argv[1]), int(sys.argv[2])
    threads, parts, others = Counter(), Counter(), Counter()
    for comm, frames in samples(sys.stdin):
        kind = ("step jobs" if comm.startswith("camundaTaskExec") else
                "JIT compiler" if "CompilerThre" in comm else
                "SSH sessions' reader threads (JSch)" if comm.startswith("Connect thread") else
                "web requests (the bench's starts and polls)" if comm.startswith("http-nio") else "other threads")
        threads[kind] += 1
        if kind == "other threads":
            others[re.sub(r"[-#]?\d+$", "", comm)] += 1
        if kind == "step jobs":
            stack = "\n".join(frames)
            parts[next((name for name, pattern in PARTS if re.search(pattern, stack)), "other")] += 1
    per_step = lambda n: n / hz * 1000 / steps
    total = sum(threads.values())
    print(f"  server CPU per step: {per_step(total):.2f} ms in all")
    for kind, n in threads.most_common():
        print(f"    {kind:<44} {per_step(n):5.2f} ms")
        if kind == "step jobs":
            for name, m in parts.most_common():
                print(f"      {name:<42} {per_step(m):5.2f} ms")
        if kind == "other threads":
            for name, m in others.most_common(4):
                print(f"      {name:<42} {per_step(m):5.2f} ms")


if __name__ == "__main__":
    main()
