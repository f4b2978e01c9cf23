#!/usr/bin/env bash
# How steady this machine's speed is (issue #16: can two capacity searches here agree within 15%?). Runs the same
# fixed work on every core for SECS seconds (default 180) with nothing of ours running, and prints per 10-s window the work
# done on all cores together, then per minute, the spread (highest / lowest - 1) of each, and the share of the time
# the hypervisor took (steal, /proc/stat). The work is an interpreted loop that allocates, as the JVMs' work at the knee
# does; then bench/hostspeed/JvmWork.java for as long: map merges per second of each thread's own CPU time (waiting and
# steal left out). A spread well above a capacity search's precision means no search here can repeat to that precision.
# usage: [SECS=180] bench/hostspeed.sh    (run it on a quiet machine: it measures the machine, not streamscale)
set -euo pipefail
SECONDS_TOTAL=${SECS:-180}
python3 - "$SECONDS_TOTAL" <<'PY'
import multiprocessing as mp, os, sys, time
total = float(sys.argv[1])

def steal():
    f = open("/proc/stat").readline().split()
    return int(f[8]) if len(f) > 8 else 0, sum(int(x) for x in f[1:])

def worker(q, end):
    t0 = time.time()
    while time.time() < end:
        w0, n = time.perf_counter(), 0
        while time.perf_counter() - w0 < 10:
            s = 0
            for i in range(100_000):
                s += i * i
            n += 1
        q.put((int(time.perf_counter() - t0) // 10, n))

cores = os.cpu_count()
end = time.time() + total
q = mp.Queue()
s0 = steal()
ps = [mp.Process(target=worker, args=(q, end)) for _ in range(cores)]
for p in ps: p.start()
for p in ps: p.join()
s1 = steal()
windows = {}
while not q.empty():
    w, n = q.get()
    windows.setdefault(w, []).append(n)
full = [sum(v) for k, v in sorted(windows.items()) if len(v) == cores]
print(f"{cores} cores, {total:.0f} s; work done on all cores per 10 s window (chunks of 100 000 loop steps):")
print("  " + " ".join(str(x) for x in full))
minutes = [sum(full[i:i + 6]) / 6 for i in range(0, len(full) - 5, 6)]
def spread(xs): return (max(xs) / min(xs) - 1) * 100 if xs and min(xs) > 0 else float("nan")
print(f"10-s windows: {min(full)} .. {max(full)}, spread {spread(full):.0f}%")
if minutes:
    print("per minute (mean of its windows): " + " ".join(f"{m:.0f}" for m in minutes) + f"; spread {spread(minutes):.0f}%")
print(f"steal: {(s1[0] - s0[0]) / max(1, s1[1] - s0[1]) * 100:.1f}% of all cores' time")
PY
java "$(cd "$(dirname "$0")" && pwd)/hostspeed/JvmWork.java" "$SECONDS_TOTAL"
