#!/usr/bin/env bash
# Soak (not a test; nothing gates on it): SOAK_RUNS (default 1000) runs of a 10-step procedure back to
# back on one service, then SOAK_CONCURRENT (default 50) runs at once on as many services, Drover on
# PostgreSQL against the lab's app1 (real OpenSSH). Prints runs/s, p50/p99 per step, the server's RSS
# and heap after every 100 runs (to see a growth trend), and at the end the SSH sessions the server
# still holds and its database connections.  Target: RSS <= 512 MB after 1,000 runs, no growth, no
# session left open.   Run as root from anywhere: ops/bench/soak.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
RUNS=${SOAK_RUNS:-1000}
CONC=${SOAK_CONCURRENT:-50}
STEPS=10
WORK=$(mktemp -d /var/tmp/drover-soak.XXXXXX)
chmod 755 "$WORK"
LAB=${DROVER_LAB_DIR:-/var/tmp/drover-lab}
PORT=18082
PG_PORT=55434
URL="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg -m fast stop" >/dev/null 2>&1 || true
  ops/lab/lab.sh down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
dpkg -s postgresql >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
./mvnw -q -B -DskipTests package
ops/lab/lab.sh down >/dev/null 2>&1 || true
ops/lab/lab.sh up >/dev/null

mkdir -p "$WORK/inventory" "$WORK/procedures"
# the generated services are not in the lab hosts' principals files: these hosts take the lab's static key
sed -n '1,/^services:/p' ops/lab/inventory/lab.yaml | sed 's/^    auth: certificate$/    credential: lab-ssh-key/' >"$WORK/inventory/soak.yaml"
for i in $(seq 0 $((CONC - 1))); do
  printf '  soak%02d:\n    primary: { site: ldn, hosts: [app1] }\n    standby: { site: nyc, hosts: [app2] }\n' "$i" >>"$WORK/inventory/soak.yaml"
  { for target in MIGRATE FAILBACK; do echo "[$target]"; echo "onFailure = DIE"
      for s in $(seq 1 $STEPS); do echo "$s = run true on primary"; done; echo; done; } >"$WORK/procedures/soak$(printf %02d "$i").runbook"
done
install -d -o postgres "$WORK/pg"
su postgres -s /bin/sh -c "$PG_BIN/initdb -D $WORK/pg -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg -w -l $WORK/pg/log -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT drover"
psql_() { su postgres -s /bin/sh -c "psql -h 127.0.0.1 -p $PG_PORT -d drover -Atc \"$1\""; }
DROVER_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/drover" DROVER_DB_USER=postgres DROVER_DB_PASSWORD= \
DROVER_PORT=$PORT DROVER_INVENTORY_DIR="$WORK/inventory" DROVER_SECRETS_DIR="$LAB/secrets" \
DROVER_PROCEDURES_DIR="$WORK/procedures" DROVER_RUN_LOG_DIR="$WORK/runs" \
  java ${DROVER_JAVA_OPTS:-$(cat ops/server-java-opts)} -Ddrover.home="$ROOT" -jar target/drover.jar server \
  --drover.inventory.known-hosts="$LAB/known_hosts" --drover.readiness.interval=PT0S >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do curl -sf "$URL/api/services" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$URL/api/services" >/dev/null || { tail -30 "$WORK/server.log"; exit 1; }

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
request() { curl -sf -H 'Content-Type: application/json' -d "{\"action\":\"$2\",\"skipPreflight\":true}" "$URL/api/services/$1/operations" | field runId; }
await_end() { while :; do b=$(curl -sf "$URL/api/runs/$1"); case "$b" in *'"status":"ENDED"'*) echo "$b" | field outcome; return ;; esac; sleep 0.05; done; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$SERVER_PID/status"; }
heap_mb() { curl -sf "$URL/actuator/prometheus" | awk '$1 ~ /^jvm_memory_used_bytes/ && $1 ~ /area="heap"/ {s+=$NF} END {printf "%d", s/1048576}'; }

echo "soak: $RUNS runs of $STEPS no-op steps back to back on soak00, then $CONC at once; server $(java -version 2>&1 | head -1), $(nproc) cores"
echo "  runs   runs/s  RSS MB  heap MB"
failed=0; action=migrate; t0=$(date +%s%N); tb=$t0
for n in $(seq 1 "$RUNS"); do
  [ "$(await_end "$(request soak00 "$action")")" = SUCCEEDED ] || failed=$((failed + 1))
  [ "$action" = migrate ] && action=failback || action=migrate
  if [ $((n % 100)) -eq 0 ]; then
    now=$(date +%s%N)
    printf '  %5d  %6.2f  %6s  %7s\n' "$n" "$(awk -v ns=$((now - tb)) 'BEGIN {print 100 / (ns / 1e9)}')" "$(rss_mb)" "$(heap_mb)"
    tb=$now
  fi
done
total_s=$(awk -v ns=$(( $(date +%s%N) - t0 )) 'BEGIN {print ns / 1e9}')
ids=(); t1=$(date +%s%N)
for i in $(seq 0 $((CONC - 1))); do ids+=("$(request "soak$(printf %02d "$i")" migrate)"); done
for id in "${ids[@]}"; do [ "$(await_end "$id")" = SUCCEEDED ] || failed=$((failed + 1)); done
conc_s=$(awk -v ns=$(( $(date +%s%N) - t1 )) 'BEGIN {print ns / 1e9}')
sleep 2
p=$(psql_ "select percentile_cont(0.5) within group (order by extract(epoch from ended_at - started_at)) * 1000, percentile_cont(0.99) within group (order by extract(epoch from ended_at - started_at)) * 1000 from drover_step_attempt where ended_at is not null")
ssh_open=$(ss -tnp state established '( dport = :22 )' 2>/dev/null | grep -c "pid=$SERVER_PID," || true)
db=$(psql_ "select count(*) from pg_stat_activity where datname='drover' and pid <> pg_backend_pid()")
echo "  back to back: $RUNS runs in $(printf %.0f "$total_s") s = $(awk -v r="$RUNS" -v s="$total_s" 'BEGIN {printf "%.2f", r / s}') runs/s"
echo "  $CONC at once: $(printf %.1f "$conc_s") s = $(awk -v r="$CONC" -v s="$conc_s" 'BEGIN {printf "%.2f", r / s}') runs/s"
echo "  step attempt p50 / p99: $(echo "$p" | awk -F'|' '{printf "%.1f / %.1f ms", $1, $2}')"
echo "  failed runs: $failed;  at the end: RSS $(rss_mb) MB (target <= 512), heap $(heap_mb) MB, SSH connections open $ssh_open, database connections $db"
