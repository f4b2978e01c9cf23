#!/usr/bin/env bash
# Clock correction (issue #31): the same run on the emulated 4-node SLURM cluster (dev/test-cluster-up.sh: one sshd per
# node on a loopback alias, one real clock), first as it is and then with one node's clock shifted (libfaketime preloaded
# under that node's sshd: every process started there, the JVMs that stamp rows included, reads the clock SHIFT ahead).
# The run measures each node's offset with a JVM on the node before the load and after the drain and subtracts it from
# what that node stamped: the two runs' steady-state latencies should agree within a few ms, and the shifted run's
# run.json should hold the ~SHIFT offset it applied. Default: the generator's node n3 (1x1: n1 Kafka, n2 Spark, n3 load).
# The run options default to real-time mode with the Kafka sink: its event latency (~10 ms) varies little from run to
# run, so two runs can be compared to a few ms; micro-batch means move ±30 ms between runs whatever the clocks do
# (measured: plain 0.798 s, shifted 0.772 s, and processing latency, which n3's clock does not touch, 26 ms apart too).
# Needs root; not while the integration tests run (they use the same emulated cluster).
# usage: [NODE=n3] [SHIFT=+2s] bench/clock-shift.sh [run options...]   (default: --processing realtime --sink kafka)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODE=${NODE:-n3}; SHIFT=${SHIFT:-+2s}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
STATE=${STATE:-/tmp/streamscale-test-cluster}
WORK=${KEEP:-$(mktemp -d)}; mkdir -p "$WORK"
trap 'bash "$ROOT/dev/test-cluster-down.sh" >/dev/null 2>&1 || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
run() {  # $1: label; the cluster as it is now
  "$SS" run --scheduler slurm --launcher ssh --ssh-config "$STATE/ssh_config" --no-shared-filesystem \
    --scratch "$WORK/scratch" --start-timeout 2m --walltime 30m --no-report --results "$WORK/$1" "${@:2}" \
    >"$WORK/$1.out" 2>&1 || { tail -20 "$WORK/$1.out"; exit 1; }
  sed -n 's/^run directory: //p' "$WORK/$1.out"
}
[ $# -gt 0 ] || set -- --processing realtime --sink kafka
NODES=4 STATE="$STATE" WITH_SLURM=1 bash "$ROOT/dev/test-cluster-up.sh" >/dev/null
plain=$(run plain "$@")
NODES=4 STATE="$STATE" WITH_SLURM=1 SHIFT="$NODE=$SHIFT" bash "$ROOT/dev/test-cluster-up.sh" >/dev/null
shifted=$(run shifted "$@")
python3 - "$plain" "$shifted" "$NODE" <<'PY'
import json, sys
plain, shifted, node = sys.argv[1:4]
def show(label, d):
    run, s = json.load(open(f"{d}/run.json")), json.load(open(f"{d}/summary.json"))
    roles = {n: v["roles"] for n, v in run["nodes"].items()}
    c = run.get("clockCorrection", {}).get("nodes", {})
    st = s["steadyState"]
    lat = lambda k: st.get(k, {}).get("mean", float("nan"))
    print(f"{label:<8} {run['status']:<9} event {lat('eventLatency'):.4f} s  committed {lat('committedLatency'):.4f} s  delivered"
          f" {lat('deliveredLatency'):.4f} s  processing {lat('processingLatency'):.4f} s  lost {s['lost']} dup {s['duplicates']}")
    for n in sorted(c):
        x = c[n]
        print(f"         {n} {','.join(roles.get(n, [])):<28} before {x['beforeMillis']:+10.3f} ms  after {x['afterMillis']:+10.3f}"
              f" ms  applied {x['appliedMillis']:+10.3f} ms  (±{x['boundMillis']:.3f}, {x['clock']})")
    scorer = next(n for n, r in roles.items() if "SPARK_WORKER" in r)
    gen = next(n for n, r in roles.items() if "GENERATOR" in r)
    raw = lat("eventLatency") + (c[scorer]["appliedMillis"] - c[gen]["appliedMillis"]) / 1000 if c else float("nan")
    print(f"         uncorrected (as the rows say): steady mean event latency {raw:.4f} s")
    return lat("eventLatency"), c.get(node, {}).get("appliedMillis")
a, _ = show("plain", plain)
b, applied = show("shifted", shifted)
print(f"steady mean event latency: shifted less plain {1000 * (b - a):+.1f} ms; offset applied to {node}: {applied:+.1f} ms")
PY
