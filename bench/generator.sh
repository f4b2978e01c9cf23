#!/usr/bin/env bash
# Generator figures (issue #3): one generator instance's maximum rate to a local broker (target >= 300k msg/s), and
# how far behind schedule its sends are at 50k msg/s (p99). Starts a local 1x1 cluster, and stops it at the end.
# usage: bench/generator.sh [MESSAGES_FOR_MAX_RATE]   (default 5000000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N=${1:-5000000}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap '"$SS" down --state "$WORK/state" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"$SS" up --kafka 1 --spark 1 --state "$WORK/state" >/dev/null 2>"$WORK/up.err" || { tail -5 "$WORK/up.err"; exit 1; }
mkdir -p "$WORK/model"; seq 1 1000 > "$WORK/model/users.txt"; seq 1 2000 > "$WORK/model/movies.txt"
RT="$ROOT/target/runtime"
gen() { # rate messages topic outdir
  java -Xmx1g -cp "$RT/spark/jars/*:$RT/jobs/lib/*:$RT/jobs/streamscale-jobs.jar" io.streamscale.jobs.generator.GeneratorMain \
    --bootstrap 127.0.0.11:9092 --topic "$3" --create-topic 1 --rate "$1" --messages "$2" --instances 1 \
    --model "$WORK/model" --out "$4" --acks 1 >/dev/null
  python3 - "$4/gen-0.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
print(f"  sent {g['sent']:>9}  acked {g['acked']:>9}  achieved {g['achievedRatePerSecond']:>10.0f} msg/s"
      f"  behind schedule p50 {g['behindScheduleMicrosP50']/1000:.2f} ms  p99 {g['behindScheduleMicrosP99']/1000:.2f} ms"
      f"  max {g['behindScheduleMicrosMax']/1000:.1f} ms")
PY
}
echo "one generator instance -> one local broker (acks=1, linger 5 ms, batch 64 KiB, 56-byte JSON)"
echo "max rate (rate set far above what it can do, $N messages):"
gen 100000000 "$N" max "$WORK/max"
echo "at 50k msg/s for 20 s:"
gen 50000 1000000 paced "$WORK/paced"
