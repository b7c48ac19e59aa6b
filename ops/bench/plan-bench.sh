#!/usr/bin/env bash
# Scale benchmark of recovery plans (not a test; nothing gates on it): one plan of N services
# (default 500) x 8 no-op steps (`true`) on the lab's two application hosts (many services per
# host), in a dependency graph of depth 5 (6 layers, each service after two of the layer before),
# with maxParallel and a resource throttle, Drover on PostgreSQL. Prints the plan's wall time, the
# schedule's lower bound, their ratio, the server's peak RSS, the most database connections used,
# and whether anything failed.
#
# Lower bound: what a perfect scheduler could do with Drover's measured step speed on this machine.
#   per-step time (solo)  = one service's 8 steps run alone, wall time / 8
#   throughput (parallel) = steps/s of P services run at once by plain requests (P = maxParallel)
#   critical path         = 6 layers x 8 steps x per-step time (solo)
#   capacity bound        = max(all steps / throughput, per resource: its services' steps / capacity / solo rate)
#   lower bound           = max(critical path, capacity bound);  ratio = wall / lower bound (target <= 1.2)
# Run as root from anywhere: ops/bench/plan-bench.sh  (PLAN_SERVICES=500 PLAN_PARALLEL=8 PLAN_GK=3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
N=${PLAN_SERVICES:-500}
P=${PLAN_PARALLEL:-8}
GK=${PLAN_GK:-3}
STEPS=8
LAYERS=6
WORK=$(mktemp -d /var/tmp/drover-plan-bench.XXXXXX)
chmod 755 "$WORK"
LAB=${DROVER_LAB_DIR:-/var/tmp/drover-lab}
PORT=18081
PG_PORT=55433
SERVER_PID=""
URL="http://127.0.0.1:$PORT"

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

# --- inventory, runbooks and the plan -----------------------------------------------------------
mkdir -p "$WORK/inventory/plans" "$WORK/procedures"
# the generated services are not in the lab hosts' principals files: these hosts take the lab's static key
sed -n '1,/^services:/p' ops/lab/inventory/lab.yaml | sed 's/^    auth: certificate$/    credential: lab-ssh-key/' >"$WORK/inventory/bench.yaml"
svc() { printf 'b%03d' "$1"; }
runbook() { { echo "[MIGRATE]"; echo "onFailure = DIE"; for s in $(seq 1 $STEPS); do echo "$s = run true on primary"; done; } >"$WORK/procedures/$1.runbook"; }
for i in $(seq 0 $((N - 1))) ; do
  printf '  %s:\n    primary: { site: ldn, hosts: [app1] }\n    standby: { site: nyc, hosts: [app2] }\n' "$(svc "$i")" >>"$WORK/inventory/bench.yaml"
  runbook "$(svc "$i")"
done
for i in $(seq 1 "$P"); do
  printf '  cal%d:\n    primary: { site: ldn, hosts: [app1] }\n    standby: { site: nyc, hosts: [app2] }\n' "$i" >>"$WORK/inventory/bench.yaml"
  runbook "cal$i"
done
per_layer=$(( (N + LAYERS - 1) / LAYERS ))
{
  echo "description: $N services x $STEPS no-op steps, $LAYERS layers"
  echo "maxParallel: $P"
  echo "resources: { gk: $GK }"
  echo "services:"
  for i in $(seq 0 $((N - 1))); do
    layer=$(( i / per_layer )); pos=$(( i % per_layer ))
    uses=""; [ $(( i % 5 )) -eq 0 ] && uses=", uses: [gk]"
    if [ "$layer" -eq 0 ]; then
      echo "  $(svc "$i"): { critical: true$uses }"
    else
      a=$(( (layer - 1) * per_layer + pos ))
      b=$(( (layer - 1) * per_layer + (pos + 7) % per_layer ))
      if [ "$a" -eq "$b" ]; then deps="$(svc "$a")"; else deps="$(svc "$a"), $(svc "$b")"; fi
      echo "  $(svc "$i"): { dependsOn: [$deps]$uses }"
    fi
  done
} >"$WORK/inventory/plans/bench.yaml"

# --- PostgreSQL and the server --------------------------------------------------------------------
install -d -o postgres "$WORK/pg"
su postgres -s /bin/sh -c "$PG_BIN/initdb -D $WORK/pg -A trust -U postgres --no-sync" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D $WORK/pg -w -l $WORK/pg/log -o '-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start" >/dev/null
su postgres -s /bin/sh -c "$PG_BIN/createdb -h 127.0.0.1 -p $PG_PORT drover"
psql_() { su postgres -s /bin/sh -c "psql -h 127.0.0.1 -p $PG_PORT -d drover -Atc \"$1\""; }
DROVER_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/drover" DROVER_DB_USER=postgres DROVER_DB_PASSWORD= \
DROVER_PORT=$PORT DROVER_INVENTORY_DIR="$WORK/inventory" DROVER_SECRETS_DIR="$LAB/secrets" \
DROVER_PROCEDURES_DIR="$WORK/procedures" DROVER_RUN_LOG_DIR="$WORK/runs" DROVER_STEP_THREADS=$P DROVER_DB_POOL=$((2 * P + 10)) \
  java -Xmx768m -Ddrover.home="$ROOT" -jar target/drover.jar server --drover.inventory.known-hosts="$LAB/known_hosts" \
  --drover.readiness.interval=PT0S >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do curl -sf "$URL/api/services" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$URL/api/services" >/dev/null || { tail -30 "$WORK/server.log"; exit 1; }

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
ms_between() { echo $(( ($(date -d "$2" +%s%N) - $(date -d "$1" +%s%N)) / 1000000 )); }
request() { curl -sf -H 'Content-Type: application/json' -d '{"action":"migrate","skipPreflight":true}' "$URL/api/services/$1/operations" | field runId; }
await_run() { while :; do b=$(curl -sf "$URL/api/runs/$1"); case "$b" in *'"status":"ENDED"'*) echo "$b"; return ;; esac; sleep 0.1; done; }

# --- calibration: one service alone, then P at once ---------------------------------------------------
solo=$(await_run "$(request cal1)")
solo_ms=$(ms_between "$(echo "$solo" | field startedAt)" "$(echo "$solo" | field endedAt)")
t0=$(date +%s%N); ids=()
for i in $(seq 2 "$P"); do ids+=("$(request "cal$i")"); done
for id in "${ids[@]}"; do await_run "$id" >/dev/null; done
par_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
par_steps=$(( (P - 1) * STEPS ))

# --- the plan ---------------------------------------------------------------------------------------
peak_db=0
( while :; do psql_ "select count(*) from pg_stat_activity where datname='drover'" 2>/dev/null; sleep 1; done ) >"$WORK/db-conn" &
SAMPLER=$!
plan=$(curl -sf -H 'Content-Type: application/json' -d '{"action":"migrate","skipPreflight":true}' "$URL/api/plans/bench/runs" | field planRunId)
while :; do
  body=$(curl -sf "$URL/api/plan-runs/$plan")
  case "$body" in *'"status":"ENDED"'*) break ;; esac
  sleep 1
done
kill $SAMPLER 2>/dev/null || true
peak_db=$(( $(sort -n "$WORK/db-conn" | tail -1) - 1 ))   # less the sampler's own
outcome=$(echo "$body" | field outcome)
wall_ms=$(echo "$body" | grep -o '"elapsedMillis":[0-9]*' | head -1 | cut -d: -f2)
succeeded=$(echo "$body" | grep -o '"state":"SUCCEEDED"' | wc -l)
incidents=$(psql_ "select count(*) from act_ru_incident")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")

echo "plan bench: $N services x $STEPS no-op steps on 2 lab hosts, depth $((LAYERS - 1)), maxParallel $P, resource gk=$GK used by $((N / 5)) services"
echo "  machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1)"
awk -v n="$N" -v s="$STEPS" -v L="$LAYERS" -v solo="$solo_ms" -v pms="$par_ms" -v psteps="$par_steps" -v wall="$wall_ms" \
    -v gk="$GK" -v users="$((N / 5))" 'BEGIN {
  t = solo / s; rate = psteps / pms
  crit = L * s * t; cap = n * s / rate; res = users * s * t / gk
  lb = crit; if (cap > lb) lb = cap; if (res > lb) lb = res
  printf "  per-step time alone      %7.1f ms   (one service, %d steps in %d ms)\n", t, s, solo
  printf "  throughput, %d at once   %7.1f steps/s\n", psteps / s, rate * 1000
  printf "  critical path            %7.0f ms\n  capacity bound           %7.0f ms\n  resource gk bound        %7.0f ms\n", crit, cap, res
  printf "  lower bound              %7.0f ms\n  plan wall time           %7.0f ms\n", lb, wall
  printf "  ratio wall / lower bound = %.2f   (target <= 1.2)\n", wall / lb
}'
echo "  outcome $outcome, $succeeded of $N services succeeded, $incidents incidents"
echo "  server peak RSS $((rss_kb / 1024)) MB, most database connections in use $peak_db (pool $((2 * P + 10)))"
