#!/usr/bin/env bash
# The load generator against Kafka's own ProducerPerformance (issue #13): one local broker (`streamscale up`, 1 Kafka
# node; its idle Spark master and worker are the only other daemons), then for each rate: our generator with INSTANCES
# logical instances (the shipped defaults: 1 shared producer, linger 5 ms, batch 64 KiB, acks 1) and
# ProducerPerformance (kafka-tools, the broker's version) with the same rate, message count, record size (85 bytes,
# our messages' size) and producer settings. Prints, side by side: CPU seconds of the JVM (user + system, from
# getrusage), produce requests per second (the producers' own request-total), and for ours the behind-schedule p50/p99
# (the worst instance). ProducerPerformance throttles itself and has no schedule, so it has no behind figure.
# usage: [RATES="5000 20000 100000"] [DURATION=30] [INSTANCES=32] bench/generator.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATES=${RATES:-"5000 20000 100000"}
DURATION=${DURATION:-30}
INSTANCES=${INSTANCES:-32}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap '"$SS" down --state "$WORK/cluster" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
model=$("$SS" train | sed -n 's/^model: \([^ ]*\).*/\1/p')
boot=$("$SS" up --kafka 1 --spark 1 --worker-cores 1 --state "$WORK/cluster" | sed -n 's/^ *kafka bootstrap servers *: \([^ ]*\).*/\1/p')
[ -n "$boot" ] || { echo "no broker address from streamscale up" >&2; exit 1; }
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
RT="$ROOT/target/runtime"
JOBS_CP="$RT/spark/jars/*:$RT/jobs/lib/*:$RT/jobs/streamscale-jobs.jar"
KAFKA_CP="$RT/kafka/lib/*"
# runs a command, prints its output to a file and "cpu_seconds" (user + system of it and its children) on stdout
cpu() {
  local out=$1; shift
  python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys
out = open(sys.argv[1], "w")
rc = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.1f}")
sys.exit(rc)
PY
}
topic() {
  "$JAVA" -cp "$KAFKA_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$boot" --create --topic "$1" \
      --partitions 1 --replication-factor 1 >/dev/null 2>&1
}
echo "broker $boot; $(nproc) cores; ${DURATION} s per run; ours with $INSTANCES instances"
printf '%-9s  %-26s %9s %12s %14s %14s\n' "RATE" "PRODUCER" "CPU-S" "REQUESTS/S" "BEHIND P50" "BEHIND P99"
for rate in $RATES; do
  n=$((rate * DURATION))
  topic "gen-$rate"; topic "pp-$rate"
  c=$(cpu "$WORK/gen-$rate.log" "$JAVA" -Xmx1g -cp "$JOBS_CP" io.streamscale.jobs.generator.GeneratorMain --bootstrap "$boot" \
      --topic "gen-$rate" --rate "$rate" --messages "$n" --instances "$INSTANCES" --model "$model" --out "$WORK/gen-$rate")
  req=$(sed -n 's/.*acked, \([0-9]*\) produce requests.*/\1/p' "$WORK/gen-$rate.log")
  read -r p50 p99 < <(python3 - "$WORK/gen-$rate" <<'PY'
import glob, json, sys
g = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/gen-*.json")]
print(f"{max(x['behindScheduleMicrosP50'] for x in g) / 1000:.2f}ms {max(x['behindScheduleMicrosP99'] for x in g) / 1000:.2f}ms")
PY
)
  printf '%-9s  %-26s %9s %12.0f %14s %14s\n' "$rate/s" "streamscale ($INSTANCES inst.)" "$c" "$(echo "$req / $DURATION" | bc -l)" "$p50" "$p99"
  c=$(cpu "$WORK/pp-$rate.log" "$JAVA" -Xmx1g -cp "$KAFKA_CP" org.apache.kafka.tools.ProducerPerformance --topic "pp-$rate" \
      --num-records "$n" --record-size 85 --throughput "$rate" --print-metrics \
      --producer-props bootstrap.servers="$boot" acks=1 linger.ms=5 batch.size=65536 compression.type=none)
  req=$(grep -E '^producer-metrics:request-total:' "$WORK/pp-$rate.log" | awk '{print $NF}' | head -1)
  printf '%-9s  %-26s %9s %12.0f %14s %14s\n' "$rate/s" "Kafka ProducerPerformance" "$c" "$(echo "${req:-0} / $DURATION" | bc -l)" "–" "–"
done
