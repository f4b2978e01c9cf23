#!/usr/bin/env bash
# A capacity table on this machine (issue #13): the default run (`streamscale run`: local 1x1, 30 s warm-up and a
# measured minute, shipped defaults) at each rate, printing the steady state's mean and p99 event latency, the verdict
# (with why, when it is not sustainable), and the cores each component used during the steady state: generator,
# broker, Spark driver (the scorer), executor, and the rest (ZooKeeper, Spark master and worker), from /proc (user +
# system time of each process over the steady part of the load). Not while other heavy work runs: it measures this
# machine. usage: [RATES="5000 20000 50000"] bench/pipeline.sh [extra run options...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RATES=${RATES:-"5000 20000 50000"}
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "$(nproc) cores; \`streamscale run --rate R $*\` per rate"
printf '%-10s %9s %9s  %-13s %9s %7s %7s %8s %6s\n' RATE "MEAN" "P99" VERDICT GENERATOR BROKER DRIVER EXECUTOR REST
for rate in $RATES; do
  python3 - "$SS" "$rate" "$WORK/results" "$@" <<'PY'
import json, os, subprocess, sys, time
ss, rate, results, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
tick = os.sysconf("SC_CLK_TCK")
def kind(cmd):
    if "streamscale.daemon=" not in cmd and "CoarseGrainedExecutorBackend" not in cmd:
        return None
    if "GeneratorMain" in cmd: return "generator"
    if "kafka.Kafka" in cmd: return "broker"
    if "ScorerMain" in cmd: return "driver"
    if "CoarseGrainedExecutorBackend" in cmd: return "executor"
    return "rest"
def sample():
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit(): continue
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            k = kind(cmd)
            if k:
                f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                out[pid] = (k, (int(f[11]) + int(f[12])) / tick)
        except OSError:
            pass
    return out
run = subprocess.Popen([ss, "run", "--rate", rate, "--no-report", "--results", results] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
warm = 30.0
for i, a in enumerate(extra):
    if a == "--warmup" and i + 1 < len(extra):
        v = extra[i + 1]; warm = float(v[:-1]) * (60 if v.endswith("m") else 1) if v[-1] in "sm" else float(v)
gen_seen = None; first = None; last = None
while run.poll() is None:
    s = sample(); now = time.time()
    gen = any(k == "generator" for k, _ in s.values())
    if gen and gen_seen is None: gen_seen = now
    if gen and gen_seen is not None and now >= gen_seen + warm:
        if first is None: first = (now, s)
        last = (now, s)
    time.sleep(1)
out = run.stdout.read()
d = [l[len("run directory: "):] for l in out.splitlines() if l.startswith("run directory: ")][-1]
st = json.load(open(os.path.join(d, "summary.json")))["steadyState"]
cores = {k: 0.0 for k in ("generator", "broker", "driver", "executor", "rest")}
if first and last and last[0] > first[0]:
    for pid, (k, cpu) in last[1].items():
        if pid in first[1]:
            cores[k] += (cpu - first[1][pid][1]) / (last[0] - first[0])
ev = st.get("eventLatency", {})
print(f"{rate + '/s':<10} {ev.get('mean', float('nan')):8.3f}s {ev.get('p99', float('nan')):8.3f}s  {st.get('verdict', '?'):<13} "
      f"{cores['generator']:9.2f} {cores['broker']:7.2f} {cores['driver']:7.2f} {cores['executor']:8.2f} {cores['rest']:6.2f}")
print(f"{'':<10} first steady batch {st.get('firstBatchSeconds', float('nan')):.2f} s, median batch after it "
      f"{st.get('medianBatchSeconds', float('nan')):.2f} s")
if st.get("verdict") != "sustainable":
    print(f"{'':<10} why: {st.get('verdictReason') or st.get('invalidBecause')}")
PY
done
