#!/usr/bin/env bash
# What the run's credentials cost (issue 32, item 7): the README run (1x1 on this machine, 5000 msg/s, 30 s warm-up, a
# measured minute) with kafka.auth none (Kafka and ZooKeeper take anyone) and scram (SASL/SCRAM-SHA-512 for every Kafka
# client and between brokers, the ACL authorizer, ZooKeeper sessions only with the brokers' SASL login), alternated
# PAIRS times (default 2) so that drift on the machine falls on both alike. Prints each run's accounting, steady-state
# event and committed latency (mean, p99), the cores the run kept busy, then each mode's means and scram's cost.
# Nothing else should run meanwhile (2 cores). KEEP=DIR keeps the results in DIR.
# usage: [KEEP=DIR] [PAIRS=N] bench/auth.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null   # build first, outside the timings
if [ -n "${KEEP:-}" ]; then WORK="$KEEP"; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
echo "$(nproc) cores; results in $WORK"
for i in $(seq "${PAIRS:-2}"); do
  for auth in none scram; do
    "$SS" run --kafka-auth $auth --no-report --results "$WORK/$auth" >"$WORK/$auth-$i.out" 2>&1 \
      || { tail -20 "$WORK/$auth-$i.out"; exit 1; }
  done
done
python3 - "$WORK" <<'PY'
import json, os, statistics, sys
rows = {"none": [], "scram": []}
for auth in rows:
    base = os.path.join(sys.argv[1], auth)
    for name in sorted(os.listdir(base)):
        d = os.path.join(base, name)
        if os.path.isfile(f"{d}/summary.json"):
            run, s = json.load(open(f"{d}/run.json")), json.load(open(f"{d}/summary.json"))
            loads = run.get("machineLoad", {}).get("machines", [])
            rows[auth].append((name, s, sum(m["runCores"] for m in loads) if loads else float("nan")))
print("steady state (the warm-up left out), from each message's intended send time: event = the row scored,")
print("committed = the row readable in the output; cores = this machine's cores the run's processes kept busy")
print(f"{'auth':<6} {'run':<28} {'sent':>7} {'scored':>7} {'lost':>4} {'dup':>4}  {'event mean/p99':>15}  {'committed mean/p99':>18}  {'cores':>5}  verdict")
for auth, rs in rows.items():
    for name, s, cores in rs:
        ss = s["steadyState"]
        print(f"{auth:<6} {name:<28} {s['sent']:>7} {s['scoredRows']:>7} {s['lost']:>4} {s['duplicates']:>4}"
              f"  {ss['eventLatency']['mean']:6.3f}s {ss['eventLatency']['p99']:6.3f}s"
              f"  {ss['committedLatency']['mean']:8.3f}s {ss['committedLatency']['p99']:7.3f}s  {cores:5.2f}  {ss['verdict']}")
def mean(auth, f):
    return statistics.mean(f(s, c) for _, s, c in rows[auth])
ev = lambda s, c: s["steadyState"]["eventLatency"]["mean"]
p99 = lambda s, c: s["steadyState"]["eventLatency"]["p99"]
cm = lambda s, c: s["steadyState"]["committedLatency"]["mean"]
co = lambda s, c: c
print()
for label, f in (("event mean", ev), ("event p99", p99), ("committed mean", cm), ("cores", co)):
    a, b = mean("none", f), mean("scram", f)
    print(f"{label:<15} none {a:7.3f}  scram {b:7.3f}  scram costs {100 * (b - a) / a:+5.1f}%")
PY
