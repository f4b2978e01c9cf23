#!/usr/bin/env bash
# Pipeline figures (issue #3): runs a local 1x1 pipeline at increasing rates and prints, per rate, the accounting,
# mean/p99 event latency, and whether the scorer kept up in the second half of the load (processed/input rows from
# progress.jsonl, and the backlog the last batch left).
# usage: bench/pipeline.sh [DURATION] [RATE ...]     (default: 90s 5000 10000 20000 40000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUR=${1:-90s}; shift || true
RATES=("$@"); [ ${#RATES[@]} -gt 0 ] || RATES=(5000 10000 20000 40000)
SS="$ROOT/bin/streamscale"
WORK=$(mktemp -d)
"$SS" train --out "$WORK/model" >/dev/null
printf '%8s %9s %9s %6s %10s %10s %10s %10s\n' rate acked scored lost ev_mean_s ev_p99_s kept_up status
for r in "${RATES[@]}"; do
  out=$("$SS" run --rate "$r" --duration "$DUR" --model "$WORK/model" --results "$WORK/results" 2>/dev/null || true)
  dir=$(echo "$out" | sed -n 's/^run directory: //p')
  python3 - "$dir" "$r" <<'PY'
import json, sys, os
d, rate = sys.argv[1], float(sys.argv[2])
s = json.load(open(os.path.join(d, "summary.json")))
prog = [json.loads(l) for l in open(os.path.join(d, "progress.jsonl"))]
busy = [p for p in prog if p["numInputRows"] > 0]
half = busy[len(busy)//2:] if busy else []
inp = sum(p.get("inputRowsPerSecond", 0) for p in half) / max(1, len(half))
done = sum(p.get("processedRowsPerSecond", 0) for p in half) / max(1, len(half))
kept = "yes" if half and done >= 0.95 * inp else "no"
run = json.load(open(os.path.join(d, "run.json")))
ev = s.get("eventLatency", {})
print(f"{rate:8.0f} {s.get('acked',0):9d} {s.get('distinctMessages',0):9d} {s.get('lost',0):6d}"
      f" {ev.get('mean', float('nan')):10.3f} {ev.get('p99', float('nan')):10.3f} {kept:>10} {run['status']:>10}")
PY
done
rm -rf "$WORK"
