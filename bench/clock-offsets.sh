#!/usr/bin/env bash
# Clock offsets (issue #18): each node's clock against the orchestrator's on the emulated 4-node cluster
# (dev/test-cluster-up.sh: one sshd per node on a loopback alias, so every true offset is 0), measured as every run
# does (`streamscale clocks`), first on a quiet machine and then with both cores kept busy. Needs root; not while the
# integration tests run (it starts and stops the same emulated cluster).
# usage: bench/clock-offsets.sh [ROUNDS]   (default 3 rounds of each)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=${1:-3}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
STATE=${STATE:-/tmp/streamscale-test-cluster}
NODES=4 STATE="$STATE" WITH_SLURM=0 bash "$ROOT/dev/test-cluster-up.sh" >/dev/null
trap 'bash "$ROOT/dev/test-cluster-down.sh" >/dev/null 2>&1 || true' EXIT
measure() {
  for r in $(seq 1 "$ROUNDS"); do
    "$SS" clocks --hosts n1,n2,n3,n4 --ssh-config "$STATE/ssh_config" | sed "s/^/  round $r: /"
  done
}
echo "quiet machine:"
measure
echo "both cores busy ($(nproc) busy loops):"
pids=()
for _ in $(seq 1 "$(nproc)"); do timeout 300 sh -c 'while :; do :; done' & pids+=($!); done  # bounded: ends by itself
measure
kill "${pids[@]}"
