#!/usr/bin/env bash
# Prints the time from `up` to all-ready and the time of `down`, for 1x1 and 3x3 in local mode.
# Target (issue #2): 1 ZooKeeper + 1 broker + master + 1 worker ready in at most 15 s on a 2-core machine.
# usage: bench/cluster-up-down.sh [REPEATS]      (default 3 repeats per size)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPEATS=${1:-3}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null   # build first, outside the timings
printf '%-6s %-4s %12s %10s\n' size rep up_ready_s down_s
for size in "1 1 1" "3 3 3"; do
  read -r k s z <<<"$size"
  for rep in $(seq 1 "$REPEATS"); do
    state=$(mktemp -d)
    t0=$(date +%s.%N)
    "$SS" up --kafka "$k" --spark "$s" --zookeeper "$z" --state "$state" >/dev/null 2>"$state/up.err" \
      || { echo "up failed:"; tail -5 "$state/up.err"; exit 1; }
    t1=$(date +%s.%N)
    "$SS" down --state "$state" >/dev/null 2>&1 || { echo "down failed"; exit 1; }
    t2=$(date +%s.%N)
    printf '%-6s %-4s %12.1f %10.1f\n' "${k}x${s}" "$rep" "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")"
    rm -rf "$state"
  done
done
