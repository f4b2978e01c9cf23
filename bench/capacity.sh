#!/usr/bin/env bash
# Capacity search repeatability (issue #16): runs `streamscale capacity experiments.yaml --experiment EXP` (default
# capacity-local: 1x1 on this machine, the shipped bounds) TIMES times, one after another, each into a fresh results
# directory, and prints each search's probes (rate, verdict, steady mean), its answer and wall time, then how far apart
# the sustained rates are, and per probe run the rows Spark scored per second of micro-batch time over the steady state
# (progress.jsonl) and the cores over it (run.json machineLoad: the run's, other work's, the hypervisor's). Nothing else should run meanwhile: on 2 cores a compile moves the knee.
# usage: [EXP=capacity-local] [TIMES=2] bench/capacity.sh [extra capacity options...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
EXP=${EXP:-capacity-local}; TIMES=${TIMES:-2}
"$SS" --version >/dev/null   # build first, outside the timings
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for i in $(seq 1 "$TIMES"); do
  t0=$(date +%s)
  "$SS" capacity "$ROOT/experiments.yaml" --experiment "$EXP" --no-report --results "$WORK/r$i" "$@" >"$WORK/out$i" 2>&1 || true
  t1=$(date +%s)
  python3 - "$WORK/r$i/$EXP/capacity.json" "$i" "$((t1 - t0))" <<'PY'
import json, sys
f, i, secs = sys.argv[1], sys.argv[2], int(sys.argv[3])
for c in json.load(open(f))["capacity"]:
    probes = ", ".join(f"{p['rate']} {p['verdict'][:4]}" + (f" {p['steadyMeanSeconds']:.2f}s" if p.get('steadyMeanSeconds') else "")
                       for p in c["probes"])
    print(f"search {i} ({secs // 60} min {secs % 60} s, {len(c['probes'])} probes): {probes}")
    print(f"  {c['answer']}")
import csv, os
from datetime import datetime
def ts(x): return datetime.fromisoformat(x.replace("Z", "+00:00")).timestamp()
root = os.path.dirname(os.path.dirname(f))
for row in csv.DictReader(open(os.path.join(root, "index.csv"))):
    d = os.path.join(root, row["dir"])
    run = json.load(open(os.path.join(d, "run.json")))
    steady = json.load(open(os.path.join(d, "summary.json"))).get("steadyState", {})
    # rows Spark scored per second of micro-batch time, over the batches that ended in the steady state: the offered
    # rate while it keeps up, what it can score at that load when it does not
    rows = secs = 0
    if steady.get("from") and os.path.exists(os.path.join(d, "progress.jsonl")):
        for line in open(os.path.join(d, "progress.jsonl")):
            try: p = json.loads(line)
            except ValueError: continue
            if ts(steady["from"]) <= ts(p["timestamp"]) <= ts(steady["to"]) and p.get("batchDuration", 0) > 0:
                rows += p["numInputRows"]; secs += p["batchDuration"] / 1000
    line = f"    {row['cell']} rep {row['repetition']}: {row['verdict']}"
    if secs: line += f", {rows / secs:,.0f} rows per batch-second"
    for m in run.get("machineLoad", {}).get("machines", []):
        line += (f"; cores {m['busyCores']:.2f} of {m['cores']} busy: the run {m['runCores']:.2f}, other work"
                 f" {m['otherCores']:.2f}, hypervisor {m['stealCores']:.2f}")
    print(line)
PY
done
python3 - "$WORK" "$EXP" "$TIMES" <<'PY'
import json, sys
work, exp, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
rates = {}
for i in range(1, times + 1):
    for c in json.load(open(f"{work}/r{i}/{exp}/capacity.json"))["capacity"]:
        rates.setdefault(c["configuration"], []).append(c["sustainedRate"])
for conf, rs in rates.items():
    ok = [r for r in rs if r]
    spread = (max(ok) - min(ok)) / min(ok) * 100 if len(ok) > 1 else float("nan")
    print(f"{conf}: sustained {rs}; highest/lowest {spread:.0f}% apart")
PY
