#!/usr/bin/env bash
# Report speed (issue #7): writes a synthetic 20-million-row run in the scorer's exact Parquet schema (the seed's 3x3
# cell at 20M messages per 10 minutes: 33,333 msg/s for 600 s) and times `streamscale report` on it, with its peak
# memory (the JVM's heap is capped; DuckDB's at --memory).
# usage: bench/report.sh [MESSAGES] [RATE]   (default 20000000 33333.333)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N=${1:-20000000}
RATE=${2:-33333.333}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CP="$ROOT/orchestrator/target/streamscale-orchestrator.jar:$ROOT/orchestrator/target/lib/*"
java -cp "$CP" io.streamscale.results.SyntheticRun "$WORK/run" "$N" "$RATE"
du -sh "$WORK/run/output" | awk '{print "parquet: " $1}'
echo "report (windows, steady state, verdict, plots, HTML) of one run:"
/usr/bin/time -f "  elapsed %e s, peak resident memory %M KiB" env JAVA_TOOL_OPTIONS=-Xmx512m "$SS" report "$WORK/run" 2>&1 \
  | grep -v "Picked up JAVA_TOOL_OPTIONS"
echo "  windows: $(($(wc -l < "$WORK/run/windows.csv") - 1)), plots: $(ls "$WORK/run/report/plots" | wc -l) files"
