#!/usr/bin/env bash
# Benchmark (not a test; nothing gates on it): the same 50 no-op commands (`true`) against the same
# lab host (app1, real OpenSSH in a network namespace, login user without a heavy shell profile: the
# script prints the host's own cost, raw `ssh true`, which must stay under 10 ms), in one run, repeated:
#   (a) a 50-step Drover procedure, Drover on PostgreSQL (time from the run's start to its end, server side)
#   (b) the 50 commands over one multiplexed OpenSSH connection (ControlMaster): the practical lower bound,
#       measured right after each run of (a)
#   (c) the 50 tasks as an Ansible playbook with pipelining and ControlPersist (Debian's ansible)
# Prints the median per step of each and the ratios Drover / raw and Ansible / Drover.
# Run as root from anywhere: ops/bench/bench.sh   (BENCH_REPS=5 by default). Uses and then removes the lab.
# DROVER_JAVA_OPTS sets the server's JVM options (default: ops/server-java-opts, as ./drover server); BENCH_DROVER_ONLY=1 measures Drover alone.
# BENCH_PROFILE=1 also samples the server's CPU with perf over the measured runs (Java frames named through the
# JVM's perf map) and prints where it goes per step (ops/bench/cpu-profile.py); its times then carry perf's cost.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
REPS=${BENCH_REPS:-5}
STEPS=50
WORK=$(mktemp -d /var/tmp/drover-bench.XXXXXX)
chmod 755 "$WORK"
LAB=${DROVER_LAB_DIR:-/var/tmp/drover-lab}
HOST=10.231.0.11
USER_=dl-app1
PORT=18080
PG_PORT=55432
SERVER_PID=""

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
  ssh -O exit -o ControlPath="$WORK/cm.sock" "$USER_@$HOST" >/dev/null 2>&1 || true
  ops/lab/lab.sh down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

missing=()
for p in ansible postgresql ${BENCH_PROFILE:+linux-perf}; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -f target/drover.jar ] || ./mvnw -q -B -DskipTests package

ops/lab/lab.sh down >/dev/null 2>&1 || true
ops/lab/lab.sh up >/dev/null
SSH_OPTS=(-i "$LAB/client_key" -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$LAB/known_hosts")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ns() { date +%s%N; }

# --- (a) Drover on PostgreSQL --------------------------------------------------------------------
install -d -o postgres "$WORK/pg"
su postgres -s /bin/sh -c "$PG_BIN/initdb -D $WORK/pg -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg -w -l $WORK/pg/log -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT drover"
mkdir -p "$WORK/procedures"
{
  for target in MIGRATE FAILBACK; do
    echo "[$target]"; echo "onFailure = DIE"
    for i in $(seq 1 $STEPS); do echo "$i = run true on primary"; done
    echo
  done
} >"$WORK/procedures/payments.runbook"
DROVER_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/drover" DROVER_DB_USER=postgres DROVER_DB_PASSWORD= \
DROVER_PORT=$PORT DROVER_INVENTORY_DIR=ops/lab/inventory DROVER_SECRETS_DIR="$LAB/secrets" \
DROVER_PROCEDURES_DIR="$WORK/procedures" DROVER_RUN_LOG_DIR="$WORK/runs" \
  java ${DROVER_JAVA_OPTS:-$(cat ops/server-java-opts)} ${BENCH_PROFILE:+-XX:+PreserveFramePointer} -Ddrover.home="$ROOT" -jar target/drover.jar server --drover.inventory.known-hosts="$LAB/known_hosts" \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/api/services" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/api/services" >/dev/null || { tail -30 "$WORK/server.log"; exit 1; }

# (b) is measured right after each run of (a), so that both see the same machine (it is shared and noisy)
ssh "${SSH_OPTS[@]}" -o ControlMaster=yes -o ControlPath="$WORK/cm.sock" -o ControlPersist=300 -fN "$USER_@$HOST"
raw_run() {
  local t0 t1
  t0=$(now_ns)
  for _ in $(seq 1 $STEPS); do ssh "${SSH_OPTS[@]}" -o ControlPath="$WORK/cm.sock" "$USER_@$HOST" true; done
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000000 ))
}

drover_ms=()
raw_ms=()
action=migrate
for rep in $(seq 0 "$REPS"); do
  run=$(curl -sf -H 'Content-Type: application/json' -d "{\"action\":\"$action\"}" \
    "http://127.0.0.1:$PORT/api/services/payments/operations" | grep -o '"runId":"[^"]*"' | cut -d'"' -f4)
  while :; do
    body=$(curl -sf "http://127.0.0.1:$PORT/api/runs/$run")
    case "$body" in *'"status":"ENDED"'*) break ;; esac
    sleep 0.2
  done
  case "$body" in *'"outcome":"SUCCEEDED"'*) ;; *) echo "bench: run $run did not succeed" >&2; exit 1 ;; esac
  started=$(echo "$body" | grep -o '"startedAt":"[^"]*"' | head -1 | cut -d'"' -f4)
  ended=$(echo "$body" | grep -o '"endedAt":"[^"]*"' | head -1 | cut -d'"' -f4)
  ms=$(( ($(date -d "$ended" +%s%N) - $(date -d "$started" +%s%N)) / 1000000 ))
  [ "$rep" -gt 0 ] && drover_ms+=("$ms")   # repetition 0 warms up the JVM and the connection
  r=$(raw_run)
  [ "$rep" -gt 0 ] && raw_ms+=("$r")
  [ "$action" = migrate ] && action=failback || action=migrate
  if [ "$rep" -eq 0 ] && [ -n "${BENCH_PROFILE:-}" ]; then
    perf record -e cpu-clock -F 999 -g -p "$SERVER_PID" -o "$WORK/perf.data" >"$WORK/perf.log" 2>&1 &
    PERF_PID=$!
  fi
done
if [ -n "${BENCH_PROFILE:-}" ]; then
  kill -INT "$PERF_PID"; wait "$PERF_PID" || true
  jcmd "$SERVER_PID" Compiler.perfmap >/dev/null   # /tmp/perf-PID.map, read by perf script
  perf script -i "$WORK/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null | python3 ops/bench/cpu-profile.py 999 $((REPS * STEPS))
  rm -f "/tmp/perf-$SERVER_PID.map"
fi

# where Drover's time per step goes, from its own journal (the warm-up run left out): "on the host" is
# one attempt as Drover timed it (channel opened, fenced command run, exit status back); "between
# steps" is the engine's share (the step's job and transaction, history, journal, the next job)
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d drover -Atc "$1"; }
warm=$(psql_ "select id from drover_run order by started_at limit 1")
breakdown=$(psql_ "with a as (select run_id, started_at, ended_at, lag(ended_at) over (partition by run_id order by id) prev
  from drover_step_attempt where run_id <> '$warm')
  select round(avg(extract(epoch from ended_at - started_at)) * 1000, 1) || ' ' ||
         round(avg(extract(epoch from started_at - prev)) * 1000, 1) from a")
on_host=${breakdown% *}; between=${breakdown#* }

if [ -n "${BENCH_DROVER_ONLY:-}" ]; then
  d=$(printf '%s\n' "${drover_ms[@]}" | median)
  echo "  each run, ms for $STEPS steps: drover ${drover_ms[*]}; raw ${raw_ms[*]}"
  echo "bench: drover only (${DROVER_JAVA_OPTS:-$(cat ops/server-java-opts)}): $d ms for $STEPS steps, $(awk -v d="$d" -v n="$STEPS" 'BEGIN {printf "%.1f", d / n}') ms/step ($on_host on the host, $between between steps)"
  exit 0
fi

# --- (c) Ansible with pipelining ----------------------------------------------------------------------
cat >"$WORK/ansible.cfg" <<CFG
[defaults]
inventory = $WORK/hosts
host_key_checking = True
gathering = explicit
stdout_callback = null
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=300 -o UserKnownHostsFile=$LAB/known_hosts
control_path = $WORK/ansible-%%h
CFG
echo "app1 ansible_host=$HOST ansible_user=$USER_ ansible_ssh_private_key_file=$LAB/client_key ansible_python_interpreter=/usr/bin/python3" >"$WORK/hosts"
{ echo "- hosts: app1"; echo "  tasks:"; for i in $(seq 1 $STEPS); do echo "    - command: 'true'"; done; } >"$WORK/play.yml"
ansible_ms=()
for rep in $(seq 0 "$REPS"); do
  t0=$(now_ns)
  ANSIBLE_CONFIG="$WORK/ansible.cfg" ansible-playbook "$WORK/play.yml" >"$WORK/ansible.log" 2>&1 || { cat "$WORK/ansible.log"; exit 1; }
  t1=$(now_ns)
  [ "$rep" -gt 0 ] && ansible_ms+=("$(( (t1 - t0) / 1000000 ))")
done

# the host must be as cheap as a bare one, or its own cost hides Drover's: raw `ssh true` under 10 ms
host_cost=$(awk -v r="$(printf '%s\n' "${raw_ms[@]}" | median)" -v n="$STEPS" 'BEGIN {printf "%.1f", r / n}')

d=$(printf '%s\n' "${drover_ms[@]}" | median)
r=$(printf '%s\n' "${raw_ms[@]}" | median)
a=$(printf '%s\n' "${ansible_ms[@]}" | median)
echo "bench: $STEPS no-op commands on one lab host (OpenSSH in a network namespace), median of $REPS runs"
echo "  on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
awk -v c="$host_cost" 'BEGIN { printf "  host cost: raw ssh true %.1f ms %s\n", c, (c < 10 ? "(< 10 ms: as cheap as a bare host)" : "(>= 10 ms: NOT a cheap host; ratios understate Drover'"'"'s overhead)") }'
echo "  each run, ms for $STEPS steps: drover ${drover_ms[*]}; raw ${raw_ms[*]}"
awk -v d="$d" -v r="$r" -v a="$a" -v n="$STEPS" -v h="$on_host" -v b="$between" 'BEGIN {
  printf "  drover (procedure on PostgreSQL)  %8.0f ms  %6.1f ms/step  (%.1f on the host, %.1f between steps)\n", d, d / n, h, b
  printf "  raw ssh (ControlMaster)           %8.0f ms  %6.1f ms/step\n", r, r / n
  printf "  ansible (pipelining)              %8.0f ms  %6.1f ms/step\n", a, a / n
  printf "  drover / raw    = %.2f   (target <= 2)\n", d / r
  printf "  ansible / drover = %.2f   (target >= 10)\n", a / d
}'
