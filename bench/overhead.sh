#!/usr/bin/env bash
# Per-run overhead (issue #12): runs the README's default run (`streamscale run`: local 1x1, 5000 msg/s for 60 s)
# RUNS times and prints each phase's duration from run.json (phaseSeconds), the wall time, and the overhead = wall time
# less the load phase. The first run may train the default model into the cache (~/.streamscale/models, or
# $STREAMSCALE_MODELS); later runs reuse it, as every run of a study does.
# With SITE=slurm the same run goes over SSH to the emulated SLURM cluster (dev/test-cluster-up.sh, 4 nodes on loopback
# aliases, a SLURM job per run, nodes that do not share files: the runtime and model shipped, results fetched): needs
# root, and not while the integration tests run (they use the same emulated cluster).
# `plan`'s per-phase estimates (manifest/PhaseEstimates, docs/overhead.md) come from this script's output.
# usage: [SITE=local|slurm] bench/overhead.sh [RUNS] [extra run options...]   (default 2 runs, local)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=${1:-2}; shift || true
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
SITE_OPTS=()
if [ "${SITE:-local}" = slurm ]; then
  STATE=${STATE:-/tmp/streamscale-test-cluster}
  NODES=4 STATE="$STATE" WITH_SLURM=1 bash "$ROOT/dev/test-cluster-up.sh" >/dev/null
  trap 'bash "$ROOT/dev/test-cluster-down.sh" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  SITE_OPTS=(--scheduler slurm --ssh-config "$STATE/ssh_config" --no-shared-filesystem --scratch "$WORK/scratch"
             --start-timeout 2m --walltime 30m)
else
  trap 'rm -rf "$WORK"' EXIT
fi
echo "site: ${SITE:-local}; $(nproc) cores; runs of \`streamscale run ${SITE_OPTS[*]:-} $*\`"
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  out=$("$SS" run --no-report --results "$WORK/results" "${SITE_OPTS[@]}" "$@" 2>/dev/null || true)
  t1=$(date +%s.%N)
  dir=$(echo "$out" | sed -n 's/^run directory: //p')
  python3 - "$dir" "$t0" "$t1" "$i" <<'PY'
import json, os, sys
d, t0, t1, i = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
run = json.load(open(os.path.join(d, "run.json")))
ph = run.get("phaseSeconds", {})
wall = t1 - t0
load = ph.get("load", 0.0)
print(f"run {i} ({run['status']}; model {'from the cache' if run.get('model', {}).get('cached') else 'trained'}):")
for k, v in ph.items():
    print(f"  {k:<10} {v:7.1f} s")
print(f"  {'in phases':<10} {sum(ph.values()):7.1f} s; command wall time {wall:.1f} s (JVM start, reservation, printing included)")
print(f"  overhead   {wall - load:7.1f} s (wall time less the load phase; the load phase holds the {run['parameters']['load']['duration']:.0f} s of load)")
PY
done
