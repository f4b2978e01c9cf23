#!/usr/bin/env bash
# Pipeline figures (issue #3): runs a local 1x1 pipeline at increasing rates and prints, per rate, the accounting,
# mean/p99 event latency over the steady state (the whole load: this runs no warm-up), the verdict, and the drain
# time (how long the backlog took to score after the load ended: a few
# seconds when the scorer kept up, long when a backlog built up).
# usage: bench/pipeline.sh [DURATION] [RATE ...]     (default: 90s 5000 10000 20000 40000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUR=${1:-90s}; shift || true
RATES=("$@"); [ ${#RATES[@]} -gt 0 ] || RATES=(5000 10000 20000 40000)
SS="$ROOT/bin/streamscale"
WORK=$(mktemp -d)
printf '%8s %9s %9s %6s %10s %10s %10s %10s %14s\n' rate acked scored lost ev_mean_s ev_p99_s drain_s status verdict
for r in "${RATES[@]}"; do
  out=$("$SS" run --rate "$r" --duration "$DUR" --results "$WORK/results" 2>/dev/null || true)
  dir=$(echo "$out" | sed -n 's/^run directory: //p')
  python3 - "$dir" "$r" <<'PY'
import json, sys, os
d, rate = sys.argv[1], float(sys.argv[2])
s = json.load(open(os.path.join(d, "summary.json")))
kept = f"{s['drainSeconds']:.1f}" if "drainSeconds" in s else "-"
run = json.load(open(os.path.join(d, "run.json")))
st = s.get("steadyState", {})
ev = st.get("eventLatency", {})
print(f"{rate:8.0f} {s.get('acked',0):9d} {s.get('distinctMessages',0):9d} {s.get('lost',0):6d}"
      f" {ev.get('mean') or float('nan'):10.3f} {ev.get('p99') or float('nan'):10.3f} {kept:>10} {run['status']:>10}"
      f" {st.get('verdict', '-'):>14}")
PY
done
rm -rf "$WORK"
