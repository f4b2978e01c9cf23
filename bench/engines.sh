#!/usr/bin/env bash
# Engines side by side (issue #34): Spark micro-batch, Spark real-time and Flink scoring the same requests on this
# machine, 1 Kafka x 1 compute node, each engine at each of RATES (default 5000 and 50000 msg/s) with the README's
# shape (WARMUP 30 s, a measured DURATION of 60 s), one run after another into one results directory; then each engine's
# capacity within 2 s (mean steady event latency, as capacity-local): `capacity --ramp`, one run per engine whose rate
# climbs in RAMP_STEPS steps to CAP_MAX over RAMP_DURATION. Prints per run the accounting (sent, scored, duplicated,
# lost), the steady-state latency at each moment a reader could quote (mean and p99): scored (the row handed to the
# writer), committed (readable in the output files; Flink: its part file committed by a checkpoint) and delivered (only
# with the Kafka sink: not in these runs), the verdict, and the cores each component used over the steady state
# (run.json machineLoad: generators, kafka, zookeeper, spark with its executors, flink, scorer = Spark's driver or
# Flink's client, orchestrator); then each engine's capacity estimate.
# Nothing else should run meanwhile (2 cores). KEEP=DIR keeps the results in DIR; PRINT=DIR prints a kept DIR again.
# usage: [RATES="5000 50000" (RATES= : capacity only)] [ENGINES="spark-microbatch spark-realtime flink"] [DURATION=60s] [WARMUP=30s]
#        [CAPACITY=1] [CAP_MAX=320000] [RAMP_STEPS=8] [RAMP_DURATION=4m] [KEEP=DIR | PRINT=DIR] bench/engines.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
RATES=${RATES-"5000 50000"}; ENGINES=${ENGINES:-"spark-microbatch spark-realtime flink"}
DURATION=${DURATION:-60s}; WARMUP=${WARMUP:-30s}; CAPACITY=${CAPACITY:-1}
CAP_MAX=${CAP_MAX:-320000}; RAMP_STEPS=${RAMP_STEPS:-8}; RAMP_DURATION=${RAMP_DURATION:-4m}
options() {  # the run options of an engine
  case $1 in
    spark-microbatch) echo "--engine spark --processing microbatch" ;;
    spark-realtime) echo "--engine spark --processing realtime" ;;
    flink) echo "--engine flink" ;;
    *) echo "unknown engine $1" >&2; exit 2 ;;
  esac
}
if [ -n "${PRINT:-}" ]; then
  WORK=$PRINT
else
  "$SS" --version >/dev/null   # build first, outside the timings
  if [ -n "${KEEP:-}" ]; then WORK="$KEEP"; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
  echo "$(nproc) cores; results in $WORK"
  for e in $ENGINES; do
    for r in $RATES; do
      # shellcheck disable=SC2046
      "$SS" run $(options "$e") --rate "$r" --duration "$DURATION" --warmup "$WARMUP" --no-report \
        --results "$WORK/runs/$e" >"$WORK/$e-$r.out" 2>&1 || { tail -20 "$WORK/$e-$r.out"; }
    done
  done
  if [ "$CAPACITY" = 1 ]; then
    # capacity-local's configuration (1x1, 50 s warm-up, within 2 s), once per engine
    {
      echo "experiments:"
      for e in $ENGINES; do
        engine=${e%%-*}; processing=${e#*-}; [ "$engine" = flink ] && processing=microbatch
        cat <<EOF
  $e:
    nodes: [1, 1]
    duration: 60s
    warmup: 50s
    rampUp: 40s
    repetitions: 1
    engine: $engine
    spark: {scoring: broadcast, workerCores: 2, workerMemory: 2g, executorMemory: 1g, processing: $processing}
    capacity: {from: 160000/s, max: ${CAP_MAX}/s, growth: 2, precision: 0.05, maxProbes: 8, maxLatency: 2s}
    scheduler: {backend: local}
EOF
      done
    } >"$WORK/capacity.yaml"
    for e in $ENGINES; do
      "$SS" capacity "$WORK/capacity.yaml" --experiment "$e" --ramp --ramp-steps "$RAMP_STEPS" \
        --ramp-duration "$RAMP_DURATION" --results "$WORK/capacity" >"$WORK/capacity-$e.out" 2>&1 \
        || tail -20 "$WORK/capacity-$e.out"
    done
  fi
fi
python3 - "$WORK" <<'PY'
import json, os, sys
work = sys.argv[1]
rows = []
for d, _, files in os.walk(os.path.join(work, "runs")):
    if "summary.json" in files and "run.json" in files:
        run, s = json.load(open(f"{d}/run.json")), json.load(open(f"{d}/summary.json"))
        p = run["parameters"]
        engine = p["cluster"].get("engine", "spark")
        mode = "flink" if engine == "flink" else "spark " + p["spark"]["processing"]
        rows.append((mode, p["load"]["rate"], s, run))
def lat(s, k):
    e = (s.get("steadyState") or {}).get(k) or {}
    return f"{e['mean']:6.3f} {e['p99']:6.3f}" if e.get("count") else f"{'-':>6} {'-':>6}"
def cores(run):
    m = (run.get("machineLoad") or {}).get("machines") or []
    if not m:
        return "-"
    by = m[0].get("runCoresBy") or {}
    parts = " ".join(f"{k} {v:.2f}" for k, v in sorted(by.items(), key=lambda kv: -kv[1]) if v >= 0.005)
    return f"{m[0]['busyCores']:.2f} busy of {m[0]['cores']}: {parts}"
print("steady state (the warm-up left out); latency in seconds from the message's intended send time, mean p99:")
print("  scored: the row handed to the writer; committed: the row readable in the output files; delivered: received from")
print("  the output topic (Kafka sink only; none here)")
print(f"{'engine':<18} {'msg/s':>6} {'sent':>8} {'scored':>8} {'dup':>4} {'lost':>4}  {'scored':>13}  {'committed':>13}"
      f"  {'delivered':>13}  {'verdict':<13} cores over the steady state")
for mode, rate, s, run in sorted(rows, key=lambda r: (r[1], r[0])):
    st = s.get("steadyState") or {}
    print(f"{mode:<18} {rate:>6.0f} {s.get('sent', 0):>8} {s.get('scoredRows', 0):>8} {s.get('duplicates', '-'):>4}"
          f" {s.get('lost', '-'):>4}  {lat(s, 'eventLatency')}  {lat(s, 'committedLatency')}  {lat(s, 'deliveredLatency')}"
          f"  {st.get('verdict', '-'):<13} {cores(run)}")
cap = os.path.join(work, "capacity")
if os.path.isdir(cap):
    print("capacity within 2 s (capacity --ramp, one run per engine: each step's rate, whether the output kept up with it")
    print("  over its last two thirds, and its mean event latency); the ramp's estimate stops at the first step missed,")
    print("  'highest kept up' is the highest step kept up with at a mean event latency of at most 2 s")
    for e in sorted(os.listdir(cap)):
        f = os.path.join(cap, e, "capacity-ramp.json")
        if not os.path.exists(f):
            if os.path.isdir(os.path.join(cap, e)):
                print(f"  {e:<18} no estimate (see capacity-{e}.out)")
            continue
        for c in json.load(open(f)).get("rampEstimates", []):
            steps = c.get("steps", [])
            ok = [s["rate"] for s in steps if s.get("keptUp") and (s.get("meanEventLatency") or 99) <= 2]
            print(f"  {e:<18} estimate: {c.get('answer')}; highest kept up: {max(ok) if ok else '-'} msg/s")
            print("  " + " " * 18 + " steps: " + ", ".join(
                f"{s['rate']} {'ok' if s.get('keptUp') else 'MISSED'} {s.get('meanEventLatency') or float('nan'):.2f}s"
                for s in steps))
PY
