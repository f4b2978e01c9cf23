#!/bin/bash
# Tears down what dev/test-cluster-up.sh started, by pidfile only.
pids=()
for f in /run/slurmd-n*.pid /run/slurmctld.pid /run/sshd-n*.pid; do
  [ -f "$f" ] || continue; p=$(cat "$f"); kill "$p" 2>/dev/null && pids+=("$p")
done
for _ in $(seq 1 75); do a=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && a=1; done; [ $a = 0 ] && break; sleep 0.2; done  # poll
# slurmctld leaves a stale pidfile; with it present, the package's removal script fails
rm -f /run/slurmd-n*.pid /run/slurmctld.pid /run/sshd-n*.pid
iptables -D OUTPUT -j STREAMSCALE_FAULT 2>/dev/null; iptables -F STREAMSCALE_FAULT 2>/dev/null; iptables -X STREAMSCALE_FAULT 2>/dev/null
sed -i '/# streamscale-test-cluster$/d' /etc/hosts
rm -f /etc/ssh/streamscale_test_authorized_keys
true
