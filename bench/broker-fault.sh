#!/usr/bin/env bash
# Broker-fault figures: a scaled-down broker-fault-replicated on this machine - 3 brokers (replication 3,
# min.insync.replicas 2, acks=all) and 1 Spark worker at RATE msg/s; after the warm-up and a steady minute one broker
# (SELECT: one, or leader:0 for the leader of partition 0) is killed (SIGKILL) and restarted after RESTART. Runs it with
# the seed's Kafka settings (Kafka's defaults: 18 s session timeout, 30 s client timeout) and with the tuned ones of
# the shipped broker-fault-replicated (kafka.sessionTimeout 4s, kafka.clientTimeout 3s), and prints for each the
# accounting and, from report.json's recovery entries, the pre-fault mean, the peak event latency after the kill, and
# the time until windowed latency is back in the band (1.2 x pre-fault mean + 0.1 s, 10 s windows), and the fault log.
# The seed, without replication: 156 s peak, ~5 min to recover.
# usage: bench/broker-fault.sh [RATE] [RESTART] [SELECT] [SETTINGS]   (default: 2000 60s one "seed tuned")
#        TUNED="sessionTimeout: 6s, clientTimeout: 5s" bench/broker-fault.sh 2000 60s one tuned     (other tuned values)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATE=${1:-2000}; RESTART=${2:-60s}; SELECT=${3:-one}; SETTINGS=${4:-seed tuned}
SS="$ROOT/bin/streamscale"
for settings in $SETTINGS; do
  case $settings in
    seed) kafka="sessionTimeout: 18s, clientTimeout: 30s" ;;
    tuned) kafka=${TUNED:-"sessionTimeout: 4s, clientTimeout: 3s"} ;;
    *) echo "settings: seed or tuned, not $settings" >&2; exit 2 ;;
  esac
  WORK=$(mktemp -d)
  cat > "$WORK/m.yaml" <<YAML
experiments:
  broker-fault-local:
    nodes: [3, 1]
    load: $RATE/s
    warmup: 60s
    duration: 3m
    generators: {processes: 8}
    kafka: {replicationFactor: 3, minInsyncReplicas: 2, acks: all, $kafka}
    spark: {workerCores: 2, workerMemory: 2g, executorMemory: 1g, superviseDriver: true}
    scheduler: {backend: local}
    faults:
      - {at: warmup+60s, action: kill, target: kafka, select: "$SELECT", restartAfter: $RESTART}
YAML
  "$SS" run "$WORK/m.yaml" --results "$WORK/results" >/dev/null 2>&1 || true
  dir=$(ls -d "$WORK"/results/broker-fault-local/*/rep-1)
  echo "== $settings ($kafka), kill $SELECT at warmup+60s, restart after $RESTART, $RATE msg/s"
  python3 - "$dir" <<'PY'
import json, sys, os
d = sys.argv[1]
s = json.load(open(os.path.join(d, "summary.json")))
run = json.load(open(os.path.join(d, "run.json")))
print(f"status {run['status']}: sent {s.get('sent')}, acked {s.get('acked')}, distinct scored {s.get('distinctMessages')},"
      f" lost {s.get('lost')}, duplicated {s.get('duplicates')}")
rep = json.load(open(os.path.join(d, "report.json")))  # recovery figures are the report's
for r in rep.get("recovery", []):
    print(f"{r['fault']}: pre-fault mean {r.get('preFaultMeanSeconds')} s, peak window mean {r.get('peakWindowMeanSeconds')} s,"
          f" peak {r.get('peakSeconds')} s, back in band ({r.get('bandSeconds')} s) after {r.get('recoverySeconds')} s")
for line in open(os.path.join(d, "faults.jsonl")):
    f = json.loads(line)
    if f["outcome"] == "pending":  # written before each act; the next line says what happened
        continue
    print(f"  {f['sinceLoadStartMillis']/1000:7.1f} s  {f['phase']:<10} {f['action']} {f['service']} on {f['node']}: {f['outcome']}")
PY
  rm -rf "$WORK"
done
