#!/usr/bin/env bash
# Benchmark (not a test): ops/bench/bench.sh's per-step figure for an earlier commit and for this
# working tree, in one invocation on the same host, one after the other and then again in the other
# order (so a machine that warms up or gets busier favours neither): Drover alone, 50 no-op steps.
# Run as root: ops/bench/compare.sh REF   (e.g. eec4bf5; BENCH_REPS=3 by default). Builds REF in a
# git worktree under /var/tmp, and this tree's jar if missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
REF=${1:?usage: ops/bench/compare.sh REF}
OLD=/var/tmp/drover-compare-$(git rev-parse --short "$REF")
export BENCH_REPS=${BENCH_REPS:-3} BENCH_DROVER_ONLY=1
[ -d "$OLD" ] || git worktree add -q "$OLD" "$REF"
[ -f "$OLD/target/drover.jar" ] || (cd "$OLD" && ./mvnw -q -B -DskipTests package)
[ -f target/drover.jar ] || ./mvnw -q -B -DskipTests package
declare -A figure
for round in 1 2; do
  for side in before after; do
    dir=$ROOT; [ "$side" = before ] && dir=$OLD
    log=/var/tmp/drover-compare-$side$round.log
    if ! (cd "$dir" && ops/bench/bench.sh) >"$log" 2>&1; then
      echo "compare: bench.sh failed for $side in round $round; its last lines ($log):" >&2
      tail -15 "$log" >&2
      exit 1
    fi
    line=$(grep '^bench: drover only' "$log")
    figure[$side$round]=$(echo "$line" | grep -o '[0-9.]* ms/step' | cut -d' ' -f1)
    echo "round $round, $side ($( [ "$side" = before ] && echo "$REF" || echo "this tree")): $line"
  done
done
echo "compare: ms per step, before ($REF) ${figure[before1]} ${figure[before2]}; after ${figure[after1]} ${figure[after2]}"
echo "  on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
