#!/usr/bin/env bash
# Report speed (issue #7): writes a synthetic 20-million-row run in the scorer's exact Parquet schema (the seed's 3x3
# cell at 20M messages per 10 minutes: 33,333 msg/s for 600 s) and times `streamscale report` on it, with its peak
# memory (the JVM's heap is capped; DuckDB's at --memory). The Parquet is split into ~1200 files, as a real 10-minute run
# with a 1 s trigger leaves one or more per micro-batch.
# usage: bench/report.sh [MESSAGES] [RATE] [FILES]   (default 20000000 33333.333 1200)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N=${1:-20000000}
RATE=${2:-33333.333}
FILES=${3:-1200}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CP="$ROOT/orchestrator/target/streamscale-orchestrator.jar:$ROOT/orchestrator/target/lib/*"
java -cp "$CP" io.streamscale.results.SyntheticRun "$WORK/run" "$N" "$RATE" "$FILES"
echo "parquet: $(du -sh "$WORK/run/output" | cut -f1) in $(ls "$WORK/run/output" | wc -l) files"
echo "report (windows, steady state, verdict, plots, HTML) of one run:"
/usr/bin/time -f "  elapsed %e s, peak resident memory %M KiB" env JAVA_TOOL_OPTIONS=-Xmx512m "$SS" report "$WORK/run" 2>&1 \
  | grep -v "Picked up JAVA_TOOL_OPTIONS"
echo "  windows: $(($(wc -l < "$WORK/run/windows.csv") - 1)), plots: $(ls "$WORK/run/report/plots" | wc -l) files"
