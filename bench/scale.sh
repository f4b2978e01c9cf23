#!/usr/bin/env bash
# How the control plane and whole runs grow with the node count (issue #35), on emulated nodes: dev/test-cluster-up.sh
# with one sshd (and one slurmd) per loopback alias, every node's processes in a cpuacct group of its own.
#
# Part 1, the control plane alone: `streamscale check` (connect, leftover sweep, clocks, preflight, traffic rules,
#   runtime install with --no-shared-filesystem, clocks with the runtime's JVM, scratch removal; nothing started) on
#   4, 16, 32 and 64 nodes. Besides each step's seconds it prints the CPU seconds the emulated nodes used (their sum and
#   the busiest node's) and the orchestrator's: on one 2-core machine every node's share runs on the same two cores,
#   where a real cluster runs each on its own machine. "on N machines" is the wall time less the CPU of all but the
#   busiest node spread over this machine's cores: an estimate, labelled as one.
# Part 2, whole runs: `streamscale run --scheduler slurm` at 1x1, 2x2, 4x4 and 8x8 (a generator node each), a low rate
#   and small heaps, each phase's seconds from run.json, the DuckDB recount of acked against scored, and whether
#   teardown left any process or scratch behind.
# Needs root (it starts the emulated cluster) and the machine to itself (not while the integration tests run).
# usage: bench/scale.sh [control|runs|all]   env: SIZES="4 16 32 64" SHAPES="1 2 4 8" RATE=500 DURATION=60s
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WHAT=${1:-all}
SIZES=${SIZES:-4 16 32 64}
SHAPES=${SHAPES:-1 2 4 8}
RATE=${RATE:-500}
DURATION=${DURATION:-60s}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null   # build first, outside the timings
# the orchestrator's CPU seconds come from GNU time (Debian's package "time"; not on every fresh machine)
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
export STREAMSCALE_NO_BUILD=1
STATE=${STATE:-/tmp/streamscale-scale-cluster}
WORK=$(mktemp -d)
max=0; for n in $SIZES; do [ "$n" -gt "$max" ] && max=$n; done
for k in $SHAPES; do [ $((2 * k + 1)) -gt "$max" ] && max=$((2 * k + 1)); done
trap 'bash "$ROOT/dev/test-cluster-down.sh" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
NODES=$max STATE="$STATE" WITH_SLURM=1 bash "$ROOT/dev/test-cluster-up.sh" >/dev/null
ACCT=$(awk '$3=="cgroup" && $4 ~ /(^|,)cpuacct(,|$)/ {print $2; exit}' /proc/mounts)
echo "emulated cluster: $max nodes on $(nproc) cores; $(date -u +%FT%TZ); $(git -C "$ROOT" rev-parse --short HEAD)"

node_cpu() {   # CPU ns of each node n1..n$1, one per line
  for i in $(seq 1 "$1"); do cat "$ACCT/streamscale-n$i/cpuacct.usage" 2>/dev/null || echo 0; done
}

if [ "$WHAT" = control ] || [ "$WHAT" = all ]; then
  echo
  echo "## control plane alone (streamscale check --no-shared-filesystem; runtime already in the nodes' cache)"
  # one check first, to put the runtime in the cache (on one machine every node's scratch is the same directory)
  "$SS" check --hosts "n[1-4]" --ssh-config "$STATE/ssh_config" --no-shared-filesystem --scratch "$WORK/scratch" \
    >/dev/null 2>&1 || true
  for n in $SIZES; do
    node_cpu "$n" > "$WORK/before"
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$WORK/orch" "$SS" check --hosts "n[1-$n]" --ssh-config "$STATE/ssh_config" \
      --no-shared-filesystem --scratch "$WORK/scratch" > "$WORK/check-$n" 2>"$WORK/check-$n.err" || true
    t1=$(date +%s.%N)
    node_cpu "$n" > "$WORK/after"
    python3 - "$n" "$t0" "$t1" "$WORK" "$(nproc)" <<'PY'
import sys
n, t0, t1, work, cores = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
before = [int(x) for x in open(f"{work}/before").read().split()]
after = [int(x) for x in open(f"{work}/after").read().split()]
used = [(a - b) / 1e9 for a, b in zip(after, before)]
u, s = (float(x) for x in open(f"{work}/orch").read().split()[-2:])
steps = {}
problems = []
for line in open(f"{work}/check-{n}"):
    p = line.split()
    if len(p) >= 2 and p[0] in ("connect", "sweep", "preflight", "rules", "runtime", "clocks-jvm", "teardown"):
        steps[p[0]] = float(p[1])
    elif line.startswith("  "):
        problems.append(line.strip())
total = sum(steps.values())
est = max(0.0, total - (sum(used) - max(used)) / cores)
hdr = " ".join(f"{k:>10}" for k in steps)
if not __import__("os").path.exists(f"{work}/first"):
    open(f"{work}/first", "w").write(str(n))
    print(f"{'nodes':>5} {hdr} {'steps s':>8} {'node CPU-s':>10} {'busiest':>8} {'orch CPU-s':>10} {'on N machines':>13}")
print(f"{n:>5} " + " ".join(f"{v:>10.2f}" for v in steps.values())
      + f" {total:>8.2f} {sum(used):>10.1f} {max(used):>8.2f} {u + s:>10.1f} {est:>13.2f}")
for p in problems:
    print(f"      problem: {p}")
PY
  done
fi

if [ "$WHAT" = runs ] || [ "$WHAT" = all ]; then
  echo
  echo "## whole runs over SSH (streamscale run --scheduler slurm --rate $RATE --duration $DURATION --warmup 30s,"
  echo "##   --worker-memory 1g --executor-memory 512m --no-shared-filesystem; phase seconds from run.json)"
  for k in $SHAPES; do
    t0=$(date +%s.%N)
    out=$("$SS" run --no-report --results "$WORK/results" --scheduler slurm --ssh-config "$STATE/ssh_config" \
      --no-shared-filesystem --scratch "$WORK/run-scratch" --start-timeout 2m --walltime 40m \
      --kafka "$k" --spark "$k" --rate "$RATE" --duration "$DURATION" --warmup 30s \
      --worker-memory 1g --executor-memory 512m 2>"$WORK/run-$k.err" || true)
    t1=$(date +%s.%N)
    dir=$(echo "$out" | sed -n 's/^run directory: //p')
    [ -n "$dir" ] || { echo "${k}x${k}: no run directory"; tail -5 "$WORK/run-$k.err"; continue; }
    left=$( (pgrep -f 'streamscale.daemon=' || true) | wc -l)
    scratch=$( (find "$WORK/run-scratch/runs" -mindepth 1 -maxdepth 1 2>/dev/null || true) | wc -l)
    python3 - "$dir" "$k" "$t0" "$t1" "$left" "$scratch" <<'PY'
import json, os, sys
d, k, t0, t1, left, scratch = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
run = json.load(open(os.path.join(d, "run.json")))
summ = json.load(open(os.path.join(d, "summary.json"))) if os.path.exists(os.path.join(d, "summary.json")) else {}
ph = run.get("phaseSeconds", {})
acc = summ
keys = ["placement", "cluster", "model", "topic", "scorer", "load", "drain", "teardown", "summary"]
if k == 1 or not os.path.exists("/tmp/.scale-runs-hdr"):
    open("/tmp/.scale-runs-hdr", "w").write("1")
    print(f"{'shape':>5} {'nodes':>5} " + " ".join(f"{x:>9}" for x in keys) + f" {'overhead':>8} {'wall':>6}  status; recount; left behind; verdict")
wall = t1 - t0
over = wall - ph.get("load", 0.0)
print(f"{k}x{k:<3} {2 * k + 1:>5} " + " ".join(f"{ph.get(x, 0.0):>9.1f}" for x in keys)
      + f" {over:>8.1f} {wall:>6.1f}  {run['status']}; {acc.get('acked', '?')} acked, {acc.get('distinctMessages', '?')} scored once, {acc.get('duplicates', '?')} dup, {acc.get('lost', '?')} lost;"
      + f" {left} processes, {scratch} scratch dirs; {summ.get('steadyState', {}).get('verdict', '?')}")
if run["status"] != "complete":
    print(f"      reason: {str(run.get('reason'))[:300]}")
PY
  done
  rm -f /tmp/.scale-runs-hdr
fi
