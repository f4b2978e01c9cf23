#!/usr/bin/env bash
# Micro-batch against Spark's real-time mode (issue #17): 1 Kafka x 1 Spark on this machine at the README's load
# (5000 msg/s, 30 s warm-up, a measured minute), three ways, one after another into one results directory:
#   1. `run experiments.yaml --experiment processing-local` - its four cells: micro-batch (1 s trigger) and real-time,
#      each with the Parquet sink and the Kafka sink (an output topic and a reader of it on the generator node);
#   2. `run --trigger 0s --sink parquet|kafka` - micro-batch, each batch as soon as the last one ended.
# Prints per run the accounting (sent, scored, duplicated, lost and scored-never-acked, from the sets of acked and scored
# messages) and the steady-state latency at each moment a user could quote (mean and p99): scored (the row handed to the
# writer), committed (readable in the output), delivered (received from the output topic, with the Kafka sink), and
# the verdict, from summary.json; then the report over all of them (the configurations side by side).
# Nothing else should run meanwhile (2 cores). KEEP=DIR keeps the results (and the report) in DIR.
# usage: [KEEP=DIR] bench/realtime.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null   # build first, outside the timings
if [ -n "${KEEP:-}" ]; then WORK="$KEEP"; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
RESULTS="$WORK/results"
echo "$(nproc) cores; results in $RESULTS"
"$SS" run "$ROOT/experiments.yaml" --experiment processing-local --no-report --results "$RESULTS" >"$WORK/modes.out" 2>&1 \
  || { tail -20 "$WORK/modes.out"; exit 1; }
for sink in parquet kafka; do
  "$SS" run --trigger 0s --sink $sink --no-report --results "$RESULTS" >"$WORK/trigger0-$sink.out" 2>&1 \
    || { tail -20 "$WORK/trigger0-$sink.out"; exit 1; }
done
python3 - "$RESULTS" <<'PY'
import json, os, sys
rows = []
for d, _, files in os.walk(sys.argv[1]):
    if "summary.json" in files and "run.json" in files:
        run, s = json.load(open(f"{d}/run.json")), json.load(open(f"{d}/summary.json"))
        sp = run["parameters"]["spark"]
        mode = ("real-time, epochs of %gs" % sp["checkpointInterval"] if sp.get("processing") == "realtime"
                else "micro-batch, trigger %gs" % sp["trigger"]) + ", " + sp.get("sink", "parquet")
        rows.append((mode, s, os.path.basename(d)))
def lat(s, k):
    e = s["steadyState"].get(k) or {}
    return (f"{e['mean']:6.3f}s {e['p99']:6.3f}s" if e.get("count") else f"{'-':>7} {'-':>7}")
print("steady state (the warm-up left out); each latency from the message's intended send time, mean and p99:")
print("  scored: the row handed to the writer (EventLatency); committed: the row readable in the output (its batch's")
print("  sink log, its epoch's commit); delivered: the row received by a consumer of the output topic (Kafka sink)")
print(f"{'mode':<36} {'sent':>7} {'scored':>7} {'dup':>4} {'lost':>4} {'unacked':>7}  {'scored mean/p99':>15}  "
      f"{'committed mean/p99':>18}  {'delivered mean/p99':>18}  verdict")
for mode, s, name in sorted(rows, key=lambda r: r[0]):
    print(f"{mode:<36} {s['sent']:>7} {s['scoredRows']:>7} {s['duplicates']:>4} {s['lost']:>4} {s.get('scoredNotAcked', '-'):>7}"
          f"  {lat(s, 'eventLatency'):>15}  {lat(s, 'committedLatency'):>18}  {lat(s, 'deliveredLatency'):>18}"
          f"  {s['steadyState']['verdict']}  ({name}; lost from {s.get('lostFrom', '?')})")
PY
"$SS" report "$RESULTS" 2>&1 | grep -E 'sustained up to|report:' | tail -5
