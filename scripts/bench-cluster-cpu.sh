#!/usr/bin/env bash
# Broker CPU per MiB produced on a 3-node chronik cluster on loopback (replication factor 3,
# acks=all, 1 KiB records): starts three fresh `chronik standalone --raft` processes, warms up with
# WARM records, then reads every broker thread's utime+stime (/proc/PID/task/*/stat) before and
# after a RECORDS-record `chronik bench produce`. Prints one line: records/s, p99, CPU ms per MiB
# of the three brokers, and the same without the JIT compiler threads (short runs spend a large
# and varying share there), and the share of all that spent in the kernel (system time); then
# the page cache the kernel reclaimed meanwhile (/proc/vmstat pgsteal_*, the whole machine).
# Wall-clock throughput on a shared machine swings; CPU per MiB much less.
# Alternate two executables to compare them: scripts/bench-cluster-cpu.sh /tmp/old/chronik; ...
# Usage: scripts/bench-cluster-cpu.sh [EXECUTABLE] [RECORDS]   (defaults: cli/target/chronik 100000)
# Env:   WARM (50000), ACKS (all), BASE (43092), CHRONIK_HEAP (1g), CHRONIK_JAVA_OPTS (brokers only),
#        JFR_DIR (unset; set: each broker records a JFR profile there, written when it stops;
#        read it with `jfr print --events jdk.ExecutionSample FILE`),
#        ASPROF (unset; the path of async-profiler's libasyncProfiler.so, which Maven Central has
#        in tools.profiler:async-profiler:4.2:jar:linux-x64: the measured run is profiled by CPU
#        samples of every broker thread, Java and kernel frames, written as collapsed stacks to
#        node1..3.collapsed in ASPROF_DIR, default the current dir),
#        THREADS (unset; 1: also print the brokers' CPU per MiB by kind of thread, from two
#        `jcmd PID Thread.print` dumps, whose full thread names /proc truncates to 15 characters)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${1:-$here/../cli/target/chronik}"
records="${2:-100000}"
[ -x "$chronik" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 69; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 69; }
base="${BASE:-43092}"
work="$(mktemp -d /tmp/chronik-cpu.XXXXXX)"
pids=()
stop() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]:-}"; do wait "$p" 2>/dev/null || true; done; }
trap 'stop; rm -rf "$work"' EXIT
peers="1@127.0.0.1:$((base+1)),2@127.0.0.1:$((base+11)),3@127.0.0.1:$((base+21))"
bootstrap="127.0.0.1:$base,127.0.0.1:$((base+10)),127.0.0.1:$((base+20))"
for i in 1 2 3; do
  off=$(( (i-1)*10 ))
  CHRONIK_JAVA_OPTS="${CHRONIK_JAVA_OPTS:-}${JFR_DIR:+ -XX:StartFlightRecording=filename=$JFR_DIR/,settings=profile,dumponexit=true}" \
  CHRONIK_LOG_LEVEL=warn "$chronik" standalone --raft --node-id $i --peers "$peers" \
    --data-dir "$work/n$i" --kafka-port $((base+off)) --raft-port $((base+off+1)) --admin-port $((base+off+2)) \
    > "$work/node$i.out" 2> "$work/node$i.err" &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 120); do grep -q "chronik ready" "$work/node$i.out" && break; sleep 1; done
  grep -q "chronik ready" "$work/node$i.out" || { echo "node $i did not start: $(tail -3 "$work/node$i.err")" >&2; exit 69; }
done
# per thread: name, utime+stime ticks; the stub execs java, so these pids are the JVMs
snap() {
  python3 - "${pids[@]}" <<'PY'
import os, sys
for pid in sys.argv[1:]:
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        print(f"{pid}/{tid}\t{name}\t{fields[11]}\t{fields[12]}")
PY
}
bench() { env -u CHRONIK_JAVA_OPTS "$chronik" bench produce --bootstrap "$bootstrap" --replication-factor 3 --acks "${ACKS:-all}" --timeout 60s "$@"; }
bench --records "${WARM:-50000}" > /dev/null 2>&1
load0=$(cut -d' ' -f1 /proc/loadavg)
dumps() { for p in "${pids[@]}"; do jcmd "$p" Thread.print 2>/dev/null; done; }
[ "${THREADS:-}" = 1 ] && dumps > "$work/threads0"
if [ -n "${ASPROF:-}" ]; then
  for p in "${pids[@]}"; do java "$here/AgentAttach.java" "$p" "$ASPROF" start,event=cpu,interval=997us,threads; done
fi
snap > "$work/cpu0"
cp /proc/vmstat "$work/vmstat0"
bench --records "$records" -o json > "$work/bench.json" 2> "$work/bench.err"
snap > "$work/cpu1"
cp /proc/vmstat "$work/vmstat1"
if [ -n "${ASPROF:-}" ]; then
  n=0
  for p in "${pids[@]}"; do
    n=$((n+1))
    java "$here/AgentAttach.java" "$p" "$ASPROF" "stop,file=$(realpath "${ASPROF_DIR:-.}")/node$n.collapsed,collapsed"
  done
fi
[ "${THREADS:-}" = 1 ] && dumps > "$work/threads1"
load1=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$work" "$records" "$(getconf CLK_TCK)" "$load0" "$load1" <<'PY'
import json, sys
work, records, tck, load0, load1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
def read(name):
    out = {}
    for line in open(f"{work}/{name}"):
        path, thread, utime, stime = line.rstrip("\n").split("\t")
        out[path] = (thread, int(utime), int(stime))
    return out
before, after = read("cpu0"), read("cpu1")
total = jit = kernel = 0
for path, (thread, utime, stime) in after.items():
    _, utime0, stime0 = before.get(path, (thread, 0, 0))
    delta = utime + stime - utime0 - stime0
    total += delta
    kernel += stime - stime0
    if "CompilerThre" in thread:
        jit += delta
mib = records * 1024 / 1048576
b = json.load(open(f"{work}/bench.json"))
print(f"records/s {b['recordsPerSec']}  p99 {b['latencyMs']['p99']} ms  errors {b['errors']}  "
      f"broker CPU {total * 1000 / tck / mib:.1f} ms/MiB  without JIT {(total - jit) * 1000 / tck / mib:.1f} ms/MiB  "
      f"kernel {kernel * 100 / max(total, 1):.0f}%  load {load0} -> {load1}")
# the page cache the kernel reclaimed during the run (whole machine): pages stolen by kswapd and by
# the writers themselves (direct reclaim), 4 KiB each
def vmstat(name):
    return {k: int(v) for k, v in (l.split() for l in open(f"{work}/{name}"))}
v0, v1 = vmstat("vmstat0"), vmstat("vmstat1")
steal = lambda kind: (v1.get(f"pgsteal_{kind}", 0) - v0.get(f"pgsteal_{kind}", 0)) * 4 / 1024
print(f"page cache reclaimed: {steal('kswapd'):.0f} MiB by kswapd, {steal('direct'):.0f} MiB directly")
PY
[ "${THREADS:-}" = 1 ] && python3 - "$work" "$records" <<'PY'
import collections, re, sys
work, records = sys.argv[1], int(sys.argv[2])
def read(name):
    # '"n1@group-2676A6F5EF13-StateMachineUpdater" #40 daemon prio=5 os_prio=0 cpu=1234.56ms ...'
    out, pid = {}, 0
    for line in open(f"{work}/{name}"):
        if line.startswith("Full thread dump"):
            pid += 1
        m = re.match(r'"(.*)" .*cpu=([\d.]+)ms.* nid=(\S+)', line)
        if m:
            out[(pid, m.group(3))] = (m.group(1), float(m.group(2)))
    return out
before, after = read("threads0"), read("threads1")
kinds = collections.Counter()
for key, (name, ms) in after.items():
    kind = re.sub(r"\d+", "N", re.sub(r"group-[0-9A-F]{12}", "group", name))
    kinds[kind] += ms - before.get(key, (name, 0.0))[1]
mib = records * 1024 / 1048576
total = sum(kinds.values())
for kind, ms in kinds.most_common(25):
    print(f"{ms / mib:7.1f} ms/MiB  {ms * 100 / total:5.1f}%  {kind}")
PY

