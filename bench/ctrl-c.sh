#!/usr/bin/env bash
# Ctrl-C to everything stopped (issue #15): starts the README's run (`streamscale run`, local 1x1, or with the options
# given), sends it SIGINT once its log shows a stage, and prints the seconds from the signal to the command's exit,
# run.json's status, and the daemons and Spark executors still running afterwards (must be 0).
# Stages: cluster (the first daemon started), scorer (the driver started), load (the first load progress line).
# usage: [STAGES="cluster scorer load"] bench/ctrl-c.sh [extra run options...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SS="$ROOT/bin/streamscale"
"$SS" --version >/dev/null   # build first, outside the timings
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
leftovers() { # processes of this project's daemons and jobs (tagged streamscale.daemon=...) and Spark executors
  { pgrep -f 'streamscale\.daemon=' || true; pgrep -f CoarseGrainedExecutorBackend || true; } | wc -l
}
declare -A PATTERN=([cluster]=': started, pid ' [scorer]='scorer: started, pid ' [load]='load: [0-9]')
printf '%-8s %14s %12s %10s\n' stage signal_to_exit_s status leftover
for stage in ${STAGES:-cluster scorer load}; do
  [ "$(leftovers)" = 0 ] || { echo "processes of an earlier run are still running: stop them first"; exit 1; }
  log="$WORK/$stage.log"
  set -m   # job control: a background job of a script otherwise starts with SIGINT ignored
  "$SS" run --no-report --results "$WORK/results-$stage" "$@" >"$log" 2>&1 &
  pid=$!
  set +m
  # wait for the stage's log line: grep ends at the first match, timeout bounds the wait (no polling)
  if ! timeout 300 bash -c 'tail -n +1 -F "$1" 2>/dev/null | grep -q -m1 -- "$2"' _ "$log" "${PATTERN[$stage]}"; then
    echo "$stage: not reached within 300 s"; tail -5 "$log"; kill -INT "$pid" 2>/dev/null; exit 1
  fi
  t0=$(date +%s.%N)
  kill -INT "$pid"
  wait "$pid" || true
  t1=$(date +%s.%N)
  status=$(python3 -c 'import json,glob,sys; f=glob.glob(sys.argv[1]+"/*/run.json"); print(json.load(open(f[0]))["status"] if f else "none")' "$WORK/results-$stage")
  printf '%-8s %14.1f %12s %10s\n' "$stage" "$(awk "BEGIN{print $t1 - $t0}")" "$status" "$(leftovers)"
done
