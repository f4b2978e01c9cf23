#!/bin/bash
# Emulated cluster hosts on ONE machine, for tests (run as root): node i = "n$i" at loopback alias 127.0.1.(10+i), each
# with its own OpenSSH sshd on port 2222 (key-only root login) and, with WITH_SLURM=1, its own slurmd of a real SLURM
# cluster. STATE gets the keys, ssh_config and known_hosts: `ssh -F $STATE/ssh_config n1 true`.
#   usage: NODES=4 STATE=/some/dir WITH_SLURM=1 [SHIFT=n3=+2s] dev/test-cluster-up.sh   teardown: dev/test-cluster-down.sh
# SHIFT: one node whose clock is off (libfaketime under its sshd), as the clock correction must handle (bench/clock-shift.sh).
# PID 1 here is no init system: every daemon is started by hand. Tests send traffic to 127.0.0.0/8 only.
set -euo pipefail
NODES=${NODES:-4}; STATE=${STATE:-${TMPDIR:-/tmp}/streamscale-test-cluster}; BASE=${BASE:-127.0.1}
WITH_SLURM=${WITH_SLURM:-1}
[ "$(id -u)" = 0 ] || { echo "test-cluster-up: must run as root (starts sshd/slurmd, edits /etc/hosts)" >&2; exit 2; }
mkdir -p "$STATE"; chmod 700 "$STATE"
export DEBIAN_FRONTEND=noninteractive

need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ss >/dev/null || need+=(iproute2)
command -v iptables >/dev/null || need+=(iptables)   # partition faults
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || need+=(faketime)   # SHIFT: a node whose clock is off
if [ "$WITH_SLURM" = 1 ]; then
  [ -x /usr/sbin/slurmctld ] || need+=(slurm-wlm munge)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "test-cluster-up: installing ${need[*]}" >&2
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

sed -i '/# streamscale-test-cluster$/d' /etc/hosts
for i in $(seq 1 "$NODES"); do echo "$BASE.$((10+i)) n$i # streamscale-test-cluster" >> /etc/hosts; done

if [ "$WITH_SLURM" = 1 ]; then
  install -d -o munge -g munge -m 0755 /run/munge
  pgrep -u munge munged >/dev/null || runuser -u munge -- /usr/sbin/munged
  munge -n | unmunge >/dev/null
  {
  cat <<CONF
ClusterName=streamscale
SlurmctldHost=localhost
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd-%n
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd-%n.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd-%n.log
ReturnToService=2
SlurmdTimeout=10
SlurmctldTimeout=10
MessageTimeout=5
KillWait=5
InactiveLimit=0
CONF
  for i in $(seq 1 "$NODES"); do
    echo "NodeName=n$i NodeAddr=$BASE.$((10+i)) Port=$((17000+i)) CPUs=2 RealMemory=4000 State=UNKNOWN"
  done
  echo "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP"
  } > /etc/slurm/slurm.conf
  rm -rf /var/lib/slurm/slurmctld   # slurmctld refuses state of another ClusterName: start fresh every time
  install -d -o slurm -g slurm /var/lib/slurm/slurmctld /var/log/slurm
  /usr/sbin/slurmctld
  for i in $(seq 1 "$NODES"); do /usr/sbin/slurmd -N "n$i"; done   # Debian's build allows several slurmd per machine
  for _ in $(seq 1 150); do [ "$(sinfo -h -t idle -o %D | head -1)" = "$NODES" ] && break; sleep 0.2; done  # poll
  iptables -N STREAMSCALE_FAULT 2>/dev/null || true
  iptables -C OUTPUT -j STREAMSCALE_FAULT 2>/dev/null || iptables -I OUTPUT 1 -j STREAMSCALE_FAULT
fi

# one sshd per emulated host (one sshd listens on at most 16 addresses)
install -d -m 0755 /run/sshd
[ -f "$STATE/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C test-host -f "$STATE/host_ed25519"
[ -f "$STATE/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C test-client -f "$STATE/client_ed25519"
install -m 0600 "$STATE/client_ed25519.pub" /etc/ssh/streamscale_test_authorized_keys  # StrictModes rejects /tmp
cat > "$STATE/sshd_config" <<CONF
HostKey $STATE/host_ed25519
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AuthorizedKeysFile /etc/ssh/streamscale_test_authorized_keys
StrictModes yes
PrintMotd no
MaxSessions 64
MaxStartups 64
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
# every process a node's sshd starts is in a net_cls class of that node's own (0x0010000i): a partition fault tells one
# emulated node's traffic from another's on this one kernel by it (iptables -m cgroup); none where net_cls cannot be mounted
NETCLS=$(awk '$3=="cgroup" && $4 ~ /(^|,)net_cls(,|$)/ {print $2; exit}' /proc/mounts)
if [ -z "$NETCLS" ] && mkdir -p /sys/fs/cgroup/net_cls 2>/dev/null \
    && mount -t cgroup -o net_cls net_cls /sys/fs/cgroup/net_cls 2>/dev/null; then
  NETCLS=/sys/fs/cgroup/net_cls
fi
[ -n "$NETCLS" ] || echo "test-cluster-up: no net_cls hierarchy: partitions will cut the daemons' ports only" >&2
# and in a cpuacct group of its own (streamscale-n<i>): bench/scale.sh reads each emulated node's CPU time from it, the
# work a real cluster would do on N machines at once and one machine does here on its cores
CPUACCT=$(awk '$3=="cgroup" && $4 ~ /(^|,)cpuacct(,|$)/ {print $2; exit}' /proc/mounts)
key=$(cut -d' ' -f1,2 "$STATE/host_ed25519.pub")
: > "$STATE/known_hosts"
for i in $(seq 1 "$NODES"); do
  printf '[%s]:2222 %s\n[n%s]:2222 %s\n' "$BASE.$((10+i))" "$key" "$i" "$key" >> "$STATE/known_hosts"
  pidfile=/run/sshd-n$i.pid
  # restart: a running sshd may hold another STATE's host key
  if [ -f "$pidfile" ] && kill "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then  # an exiting sshd removes it
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done  # poll
  fi
  cls=""
  if [ -n "$NETCLS" ]; then
    cls="$NETCLS/streamscale-n$i"; mkdir -p "$cls"; printf '0x%08x\n' $((0x00100000 + i)) > "$cls/net_cls.classid"
  fi
  shift_env=()   # SHIFT=n3=+2s: everything started over n3's sshd sees a clock 2 s ahead (libfaketime; not bash's $EPOCHREALTIME)
  if [ -n "${SHIFT:-}" ] && [ "${SHIFT%%=*}" = "n$i" ]; then
    shift_env=(-o "SetEnv=LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 FAKETIME=${SHIFT#*=}")
  fi
  acct=""
  if [ -n "$CPUACCT" ]; then acct="$CPUACCT/streamscale-n$i"; mkdir -p "$acct"; fi
  ( [ -z "$cls" ] || echo "$BASHPID" > "$cls/cgroup.procs"
    [ -z "$acct" ] || echo "$BASHPID" > "$acct/cgroup.procs"
    exec /usr/sbin/sshd -f "$STATE/sshd_config" -o Port=2222 -o ListenAddress="$BASE.$((10+i))" \
      -o PidFile="$pidfile" -E "/var/log/sshd-n$i.log" "${shift_env[@]}" )
done
cat > "$STATE/ssh_config" <<CONF
Host n* $BASE.*
  Port 2222
  User root
  IdentityFile $STATE/client_ed25519
  UserKnownHostsFile $STATE/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
CONF
for i in $(seq 1 "$NODES"); do
  for _ in $(seq 1 50); do ssh -F "$STATE/ssh_config" "n$i" true 2>/dev/null && break; sleep 0.1; done  # poll
  ssh -F "$STATE/ssh_config" "n$i" true
done
[ "$WITH_SLURM" = 1 ] && sinfo -N
echo "test cluster up: $NODES nodes (slurm: $WITH_SLURM); ssh -F $STATE/ssh_config n1"
