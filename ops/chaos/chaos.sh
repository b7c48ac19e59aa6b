#!/usr/bin/env bash
# Breaks Drover on purpose, on the lab's real hosts, and prints what it checked:
#   1. kill -9 of a Drover node mid-step: the other node re-attaches; the command ran once
#   2. PostgreSQL stopped for 20 s mid-step: the step's result is kept; the command ran once
#   3. a host cut off mid-command: the step is in doubt (never run again blindly), the run stops,
#      the service is IN_DOUBT until acknowledged
#   4. kill -9 of a Drover node mid-rehearsal: the other node finishes it; its step and its cleanup
#      ran once, nothing of it is left on the standby
#   and, all along, a step of seven minutes (longer than any job lock) runs once and succeeds
# Two Drover nodes (target/drover.jar) share a PostgreSQL of Debian's started here; the chaos service
# (ops/chaos/inventory, ops/chaos/procedures) runs a 25 s command on the lab's app1/app2.
# Run as root from anywhere:  ops/chaos/chaos.sh      (brings the lab up if it is not; leaves it up)
# Exit status 0 when every check passed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
LAB=${DROVER_LAB_DIR:-/var/tmp/drover-lab}
WORK=${DROVER_CHAOS_DIR:-/var/tmp/drover-chaos}
PGPORT=${DROVER_CHAOS_PG_PORT:-5499}
PORTS=(8291 8292)
failed=0

say() { printf 'chaos: %s\n' "$*"; }
check() { # check "what" command...
  local what=$1; shift
  if "$@"; then printf 'PASS  %s\n' "$what"; else printf 'FAIL  %s\n' "$what"; failed=1; fi
}
die() { say "$*" >&2; cleanup; exit 2; }

[ "$(id -u)" = 0 ] || { echo "chaos: run as root (network namespaces, the lab)" >&2; exit 2; }
[ -f "$LAB/known_hosts" ] || ops/lab/lab.sh up || exit 2
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/pg_ctl" ] || { echo "chaos: needs Debian's postgresql (apt-get install postgresql)" >&2; exit 2; }
[ -f target/drover.jar ] || ./mvnw -q -B -DskipTests package || exit 2

pg() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -w "$@" >/dev/null; }
pg_up() { pg -l "$WORK/pg/server.log" -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" start; }
pg_down() { pg -m fast stop; }

node_start() { # node_start INDEX
  local i=$1
  DROVER_DB_URL=jdbc:postgresql://127.0.0.1:$PGPORT/postgres DROVER_DB_USER=postgres DROVER_DB_PASSWORD= \
  DROVER_INVENTORY_DIR=$WORK/inventory DROVER_SECRETS_DIR=$LAB/secrets DROVER_PROCEDURES_DIR=$ROOT/ops/chaos/procedures \
  DROVER_FORMS_DIR=$ROOT/forms DROVER_RUN_LOG_DIR=$WORK/runs DROVER_PORT=${PORTS[$i]} \
    nohup java -jar target/drover.jar server --drover.inventory.known-hosts="$LAB/known_hosts" \
      >"$WORK/node$i.log" 2>&1 </dev/null &
  echo $! >"$WORK/node$i.pid"
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:${PORTS[$i]}/api/services" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$WORK/node$i.pid")" 2>/dev/null || break
    sleep 0.5
  done
  tail -30 "$WORK/node$i.log" >&2
  die "node $i did not start (log: $WORK/node$i.log)"
}
node_kill() { kill -9 "$(cat "$WORK/node$1.pid")" 2>/dev/null; wait "$(cat "$WORK/node$1.pid")" 2>/dev/null; true; }

api() { curl -s "http://127.0.0.1:${PORTS[$1]}$2" "${@:3}"; }
request() { # request NODE ACTION [SERVICE] -> run id (a refusal's answer goes to stderr)
  local answer
  answer=$(api "$1" "/api/services/${3:-chaos}/operations" -H 'Content-Type: application/json' \
    -d "{\"action\":\"$2\",\"reason\":\"ops/chaos\"}")
  printf '%s' "$answer" | grep -q '"runId"' || printf 'chaos: %s of %s refused: %s\n' "$2" "${3:-chaos}" "$answer" >&2
  printf '%s' "$answer" | sed -nE 's/.*"runId":"([^"]+)".*/\1/p'
}
await_end() { # await_end NODE RUN [SECONDS] -> outcome
  for _ in $(seq 1 $((${3:-180} * 2))); do
    local run
    run=$(api "$1" "/api/runs/$2")
    if printf '%s' "$run" | grep -q '"status":"ENDED"'; then
      printf '%s' "$run" | sed -nE 's/.*"outcome":"([A-Z_]+)".*/\1/p'
      return
    fi
    sleep 0.5
  done
  echo TIMEOUT
}
count() { # count USER [SERVICE]: how many times the service's long command started on the user's host
  local f="/home/$1/pol/${2:-chaos}/count"
  if [ -f "$f" ]; then wc -l <"$f"; else echo 0; fi
}
await_count() { # await_count USER N [SERVICE]: the command has started N times
  for _ in $(seq 1 120); do [ "$(count "$1" "${3:-chaos}")" -ge "$2" ] && return 0; sleep 0.5; done
  return 1
}
log_has() { api "$1" "/api/runs/$2/log" | grep -q "$3"; }
kill_owner() { # kill_owner RUN STEP: kill -9 the node running the run's step; sets owner and other
  owner=0
  grep -q "run=$1 $2" "$WORK/node1.log" && owner=1
  other=$((1 - owner))
  node_kill "$owner"
}

cleanup() {
  for i in 0 1; do [ -f "$WORK/node$i.pid" ] && node_kill "$i"; done
  pg_down 2>/dev/null
  ops/lab/lab.sh restore app1 >/dev/null 2>&1
}
trap cleanup EXIT

# a fresh Drover database and inventory
cleanup
rm -rf "$WORK" && mkdir -p "$WORK/inventory" && chown postgres "$WORK"
cp ops/lab/inventory/lab.yaml ops/chaos/inventory/chaos.yaml "$WORK/inventory/"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres --no-sync >/dev/null || die "initdb failed"
pg_up || die "PostgreSQL did not start (log: $WORK/pg/server.log)"
rm -f /home/dl-app1/pol/chaos/count /home/dl-app2/pol/chaos/count /home/dl-app2/pol/marathon/count
rm -rf /home/dl-app2/pol/drill
say "two Drover nodes on 127.0.0.1:${PORTS[0]} and :${PORTS[1]} (default lease and timeouts), PostgreSQL on :$PGPORT"
node_start 0
node_start 1

say "0. a step of seven minutes starts now and runs through what follows"
marathon=$(request 0 migrate marathon)
[ -n "$marathon" ] || die "the marathon request was refused"

say "1. kill -9 of the node that runs the step"
run=$(request 0 migrate)
[ -n "$run" ] || die "the migrate request was refused"
await_count dl-app1 1 || die "the step never started"
kill_owner "$run" Task_StepOne
outcome=$(await_end "$other" "$run")
check "the run ended SUCCEEDED on the surviving node (was: $outcome)" [ "$outcome" = SUCCEEDED ]
check "the command ran once on app1 (started $(count dl-app1) times)" [ "$(count dl-app1)" = 1 ]
check "the surviving node re-attached to the attempt" log_has "$other" "$run" REATTACHING
node_start "$owner"

say "2. PostgreSQL stopped for 20 s mid-step"
run=$(request 0 failback)
[ -n "$run" ] || die "the failback request was refused"
await_count dl-app2 1 || die "the step never started"
pg_down
sleep 20
pg_up || die "PostgreSQL did not start again"
outcome=$(await_end 0 "$run")
check "the run ended SUCCEEDED after the outage (was: $outcome)" [ "$outcome" = SUCCEEDED ]
check "the command ran once on app2 (started $(count dl-app2) times)" [ "$(count dl-app2)" = 1 ]

say "3. app1 cut off mid-command"
run=$(request 0 migrate)
[ -n "$run" ] || die "the second migrate request was refused"
await_count dl-app1 2 || die "the step never started"
ops/lab/lab.sh cut app1 >/dev/null
outcome=$(await_end 0 "$run")
ops/lab/lab.sh restore app1 >/dev/null
check "the run ended FAILED: its DIE step's outcome is unknown (was: $outcome)" [ "$outcome" = FAILED ]
check "the step was recorded as in doubt, not run again" log_has 0 "$run" IN_DOUBT_ATTEMPT
check "the service is IN_DOUBT until an operator acknowledges" \
  sh -c "curl -s http://127.0.0.1:${PORTS[0]}/api/services/chaos | grep -q '\"status\":\"IN_DOUBT\"'"
sleep 25
check "the command, fenced, ran to its end on app1 once (started $(count dl-app1) times in all)" \
  [ "$(count dl-app1)" = 2 ]

say "4. kill -9 of the node that runs a rehearsal's step"
run=$(request 0 rehearse drill)
[ -n "$run" ] || die "the rehearse request was refused"
await_count dl-app2 1 drill || die "the rehearsal's step never started"
kill_owner "$run" Task_StartRehearsal
outcome=$(await_end "$other" "$run")
check "the rehearsal ended SUCCEEDED on the surviving node (was: $outcome)" [ "$outcome" = SUCCEEDED ]
check "its step ran once on app2 (started $(count dl-app2 drill) times)" [ "$(count dl-app2 drill)" = 1 ]
check "its cleanup ran once" [ "$(cat /home/dl-app2/pol/drill/cleanup 2>/dev/null | wc -l)" = 1 ]
check "nothing of it is left on app2" [ ! -e /home/dl-app2/pol/drill/rehearsal ]
check "the service is READY on its primary" sh -c "curl -s http://127.0.0.1:${PORTS[$other]}/api/services/drill \
  | grep -q '\"activeSite\":\"primary\".*\"status\":\"READY\"'"
node_start "$owner"

say "0. the step of seven minutes"
outcome=$(await_end 0 "$marathon" 600)
check "the seven-minute step's run ended SUCCEEDED (was: $outcome)" [ "$outcome" = SUCCEEDED ]
check "the seven-minute command ran once on app2 (started $(count dl-app2 marathon) times)" \
  [ "$(count dl-app2 marathon)" = 1 ]

[ "$failed" = 0 ] && say "every check passed" || say "some checks FAILED (logs: $WORK)"
exit "$failed"
