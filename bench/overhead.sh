#!/usr/bin/env bash
# Per-run overhead (issue #12): runs the README's default run (`streamscale run`: local 1x1, 5000 msg/s for 60 s)
# RUNS times and prints each phase's duration from run.json (phaseSeconds), the wall time, and the overhead = wall time
# less the load phase. The first run may train the default model into the cache (~/.streamscale/models, or
# $STREAMSCALE_MODELS); later runs reuse it, as every run of a study does.
# usage: bench/overhead.sh [RUNS] [extra run options...]   (default 2)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=${1:-2}; shift || true
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  out=$("$SS" run --no-report --results "$WORK/results" "$@" 2>/dev/null || true)
  t1=$(date +%s.%N)
  dir=$(echo "$out" | sed -n 's/^run directory: //p')
  python3 - "$dir" "$t0" "$t1" "$i" <<'PY'
import json, os, sys
d, t0, t1, i = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
run = json.load(open(os.path.join(d, "run.json")))
ph = run.get("phaseSeconds", {})
wall = t1 - t0
load = ph.get("load", 0.0)
print(f"run {i} ({run['status']}; model {'from the cache' if run.get('model', {}).get('cached') else 'trained'}):")
for k, v in ph.items():
    print(f"  {k:<10} {v:7.1f} s")
print(f"  {'in phases':<10} {sum(ph.values()):7.1f} s; command wall time {wall:.1f} s (JVM start, reservation, printing included)")
print(f"  overhead   {wall - load:7.1f} s (wall time less the load phase; the load phase holds the {run['parameters']['load']['duration']:.0f} s of load)")
PY
done
