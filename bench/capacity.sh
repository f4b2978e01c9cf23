#!/usr/bin/env bash
# Capacity search repeatability (issue #16): runs `streamscale capacity experiments.yaml --experiment EXP` (default
# capacity-local: 1x1 on this machine, the shipped bounds) TIMES times, one after another, each into a fresh results
# directory, and prints each search's probes (rate, verdict, steady mean), its answer and wall time, then how far apart
# the sustained rates are. Per probe run it prints the rows Spark scored per second of micro-batch time during the
# warm-up and over the steady state (progress.jsonl: the scorer's speed, cold and warm), the backlog the steady state
# began with, in seconds of the offered load (summary.json steadyState.backlogAtSteadyStartSeconds: what a cold
# start left for the steady state to drain; runs analysed before 2026-12-03 17:45 lack it), and the cores over it (run.json
# machineLoad: the run's, other work's, the hypervisor's). Nothing else should run meanwhile: on 2 cores a compile moves
# the knee.
# usage: [EXP=capacity-local] [TIMES=2] [KEEP=DIR] bench/capacity.sh [extra capacity options...]
#        KEEP=DIR keeps the searches' results in DIR (r1, r2, ...); PRINT=DIR prints a kept DIR again without running
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
EXP=${EXP:-capacity-local}; TIMES=${TIMES:-2}
if [ -n "${PRINT:-}" ]; then
  WORK=$PRINT; TIMES=$(ls -d "$WORK"/r[0-9]* | wc -l)
else
  "$SS" --version >/dev/null   # build first, outside the timings
  if [ -n "${KEEP:-}" ]; then WORK=$KEEP; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
fi
for i in $(seq 1 "$TIMES"); do
  if [ -z "${PRINT:-}" ]; then
    t0=$(date +%s)
    "$SS" capacity "$ROOT/experiments.yaml" --experiment "$EXP" --no-report --results "$WORK/r$i" "$@" >"$WORK/out$i" 2>&1 || true
    t1=$(date +%s)
    echo "$((t1 - t0))" >"$WORK/r$i/.seconds"
  fi
  t0=0; t1=$(cat "$WORK/r$i/.seconds" 2>/dev/null || echo 0)
  python3 - "$WORK/r$i/$EXP/capacity.json" "$i" "$((t1 - t0))" <<'PY'
import json, sys
f, i, secs = sys.argv[1], sys.argv[2], int(sys.argv[3])
import os
if not os.path.exists(f):
    print(f"search {i}: no {f}: the search did not finish (see out{i}); its probe runs:")
for c in json.load(open(f))["capacity"] if os.path.exists(f) else []:
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
    # rows Spark scored per second of micro-batch time, over the batches that ended in the warm-up and in the steady
    # state: the offered rate while it keeps up, what it can score at that load when it does not
    warm = [0, 0]; hot = [0, 0]; warm_batches = []
    if steady.get("from") and os.path.exists(os.path.join(d, "progress.jsonl")):
        for line in open(os.path.join(d, "progress.jsonl")):
            try: p = json.loads(line)
            except ValueError: continue
            if p.get("batchDuration", 0) <= 0: continue
            end = ts(p["timestamp"]) + p["batchDuration"] / 1000
            part = hot if ts(steady["from"]) <= ts(p["timestamp"]) <= ts(steady["to"]) else warm if end < ts(steady["from"]) else None
            if part is not None:
                part[0] += p["numInputRows"]; part[1] += p["batchDuration"] / 1000
            if part is warm and p["numInputRows"] > 0: warm_batches.append(p["batchDuration"] / 1000)
    line = f"    {row['cell']} rep {row['repetition']}: {row['verdict']}"
    if warm[1]: line += (f", warm-up {warm[0] / warm[1]:,.0f} ({len(warm_batches)} batches of {min(warm_batches):.1f}-"
                         f"{max(warm_batches):.1f} s)")
    if hot[1]: line += f", steady {hot[0] / hot[1]:,.0f} rows per batch-second"
    # the backlog the steady state began with, as the run's own analysis measured it (what the warm-up left to drain)
    queued = steady.get("backlogAtSteadyStartSeconds", steady.get("backlogAtStartSeconds"))  # its name on 2026-12-03 only
    if queued is not None:
        line += f"; backlog at the steady state's start {queued:.1f} s of load"
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
    try: found = json.load(open(f"{work}/r{i}/{exp}/capacity.json"))["capacity"]
    except FileNotFoundError: continue
    for c in found:
        rates.setdefault(c["configuration"], []).append(c["sustainedRate"])
for conf, rs in rates.items():
    ok = [r for r in rs if r]
    spread = (max(ok) - min(ok)) / min(ok) * 100 if len(ok) > 1 else float("nan")
    print(f"{conf}: sustained {rs}; highest/lowest {spread:.0f}% apart")
PY
# How fast the scorer takes a micro-batch of each size, over every probe after its warm-up: bigger batches amortize a
# batch's fixed cost; the spread within one size is the machine's (and the JVM's) noise at the knee.
python3 - "$WORK" "$EXP" <<'PY'
import glob, json, math, os, sys
from datetime import datetime
work, exp = sys.argv[1], sys.argv[2]
def ts(x): return datetime.fromisoformat(x.replace("Z", "+00:00")).timestamp()
sizes = {}
for d in glob.glob(f"{work}/r*/{exp}/*/rep-*"):
    try: steady = json.load(open(os.path.join(d, "summary.json")))["steadyState"]
    except (OSError, KeyError, ValueError): continue
    if not steady.get("from") or not os.path.exists(os.path.join(d, "progress.jsonl")): continue
    for line in open(os.path.join(d, "progress.jsonl")):
        try: p = json.loads(line)
        except ValueError: continue
        if p.get("batchDuration", 0) > 0 and p.get("numInputRows", 0) >= 1024 and ts(p["timestamp"]) >= ts(steady["from"]):
            sizes.setdefault(int(math.log2(p["numInputRows"])), []).append(p["numInputRows"] / p["batchDuration"] * 1000)
print("micro-batches after the warm-up, all probes: rows per second of the batch's duration by batch size")
for b in sorted(sizes):
    v = sorted(sizes[b])
    print(f"  {2 ** b:>10,}-{2 ** (b + 1) - 1:<10,} rows: {len(v):>3} batches, median {v[len(v) // 2]:>9,.0f}, range {v[0]:,.0f}-{v[-1]:,.0f}")
PY
