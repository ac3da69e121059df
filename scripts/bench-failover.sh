#!/usr/bin/env bash
# Failover and restart times of a 3-node chronik cluster on loopback: starts three fresh
# `chronik standalone --raft` nodes, creates a topic of PARTITIONS partitions (replication factor 3)
# and keeps an acks=all producer at RATE records/s running on it. Then, ROUNDS times, it takes the
# next node in turn (1, 2, 3, 1, ...), notes the partition groups it leads, and
#   FAULT=kill: kill -9s it, and measures from the kill until each of those groups has a leader on
#     another node (polling both other nodes' /v1/raft/groups every 20 ms); then starts it again
#     and measures from its start until its /ready answers 200 and until it leads again every group
#     it led (the preferred-leader watch hands them back);
#   FAULT=stop: SIGSTOPs it for PAUSE_S seconds (a hung machine: its connections stay open) and
#     measures the same new leaders during the pause; then SIGCONTs it and measures until it
#     leads its groups again.
# Prints one line per round, then the producer's totals (its max latency is the longest write
# stall a client saw). Times are seconds; "-" is a group that got no other leader in the pause;
# raft_log_mib is the node's Raft log segments (all groups) at the fault, what a restart replays.
# Usage: scripts/bench-failover.sh [ROUNDS]   (default 6)
# Env:   CHRONIK (cli/target/chronik), FAULT (kill), PAUSE_S (8), PARTITIONS (6), RATE (2000),
#        FILL_MIB (0: MiB of 1 KiB records written at full speed before the rounds, so that a
#        restarted node has a Raft log to replay),
#        BASE (31192: ports BASE..BASE+22), CHRONIK_HEAP (1g), PARTITIONS_PER_GROUP (1), KEEP (0),
#        CHRONIK_SNAPSHOT_* (passed on to the nodes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${CHRONIK:-$here/../cli/target/chronik}"
[ -x "$chronik" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 69; }
command -v curl >/dev/null && command -v python3 >/dev/null || { echo "needs curl and python3" >&2; exit 69; }
rounds="${1:-6}"
fault="${FAULT:-kill}"
case "$fault" in kill|stop) ;; *) echo "FAULT must be kill or stop, got '$fault'" >&2; exit 64 ;; esac
base="${BASE:-31192}"
partitions="${PARTITIONS:-6}"
work="$(mktemp -d /tmp/chronik-failover.XXXXXX)"
pids=(0 0 0)
producer=0
cleanup() {
  touch "$work/rounds-done"
  [ "$producer" -gt 0 ] && { pkill -P "$producer" 2>/dev/null; kill "$producer" 2>/dev/null; }
  for p in "${pids[@]}"; do [ "$p" -gt 0 ] && kill -CONT "$p" 2>/dev/null; [ "$p" -gt 0 ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT
log() { echo "$(date +%T) $*" >&2; }
peers="1@127.0.0.1:$((base+1)),2@127.0.0.1:$((base+11)),3@127.0.0.1:$((base+21))"
bootstrap="127.0.0.1:$base,127.0.0.1:$((base+10)),127.0.0.1:$((base+20))"

start_node() { # id
  local i=$1 off=$(( ($1-1)*10 ))
  CHRONIK_HEAP="${CHRONIK_HEAP:-1g}" "$chronik" standalone --raft --node-id "$i" --peers "$peers" \
    --data-dir "$work/n$i" --kafka-port $((base+off)) --raft-port $((base+off+1)) --admin-port $((base+off+2)) \
    --partitions-per-group "${PARTITIONS_PER_GROUP:-1}" >> "$work/node$i.log" 2>&1 &
  pids[$((i-1))]=$!
}

# the measuring side: polls the admin APIs and prints what it measured
watch() { python3 - "$base" "$@" <<'PY'
import json, sys, time, urllib.request
base, what = int(sys.argv[1]), sys.argv[2]
def admin(n): return f"http://127.0.0.1:{base + (n - 1) * 10 + 2}"
def groups(n):
    try:
        with urllib.request.urlopen(admin(n) + "/v1/raft/groups", timeout=1) as r:
            doc = json.load(r)
        return doc["groups"] if isinstance(doc, dict) else doc
    except Exception:
        return None
def ready(n):
    try:
        with urllib.request.urlopen(admin(n) + "/ready", timeout=1) as r:
            return r.status == 200
    except Exception:
        return False
def led(n):
    g = groups(n)
    return None if g is None else sorted(x["groupId"] for x in g if x["kind"] == "partition" and x["role"] == "LEADER")
def settled(partitions):
    # every node ready, every partition group led by the node its peers name, every node leading one
    if not all(ready(n) for n in (1, 2, 3)):
        return False
    leads = [led(n) for n in (1, 2, 3)]
    return all(l is not None and len(l) > 0 for l in leads) and sum(len(l) for l in leads) == partitions
if what == "settle":                       # settle PARTITIONS_GROUPS TIMEOUT_S
    deadline = time.time() + float(sys.argv[4])
    while time.time() < deadline:
        if settled(int(sys.argv[3])):
            sys.exit(0)
        time.sleep(0.2)
    sys.exit(1)
elif what == "led":                        # led NODE
    print(",".join(led(int(sys.argv[3])) or []))
elif what == "new-leaders":                # new-leaders T0 VICTIM GROUPS TIMEOUT_S
    t0, victim, want = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(",")
    others = [n for n in (1, 2, 3) if n != victim]
    deadline, seen = t0 + float(sys.argv[6]), {}
    while time.time() < deadline and len(seen) < len(want):
        now = time.time()
        for n in others:
            for g in led(n) or []:
                if g in want and g not in seen:
                    seen[g] = now - t0
        time.sleep(0.02)
    times = sorted(seen.values())
    fmt = lambda v: f"{v:.2f}"
    print(f"{fmt(times[0]) if times else '-'}\t{fmt(times[len(times) // 2]) if times else '-'}\t"
          f"{fmt(times[-1]) if len(times) == len(want) else '-'}")
elif what == "back":                       # back T0 NODE GROUPS TIMEOUT_S: ready, then leads them all
    t0, node, want = float(sys.argv[3]), int(sys.argv[4]), set(sys.argv[5].split(","))
    deadline, ready_s = t0 + float(sys.argv[6]), None
    while time.time() < deadline:
        if ready_s is None and ready(node):
            ready_s = time.time() - t0
        if ready_s is not None and want <= set(led(node) or []):
            print(f"{ready_s:.2f}\t{time.time() - t0:.2f}")
            sys.exit(0)
        time.sleep(0.05)
    print(f"{'-' if ready_s is None else f'{ready_s:.2f}'}\t-")
PY
}

# every node must be the preferred leader of a group, so that each round has groups to move
groups_total=$(( (partitions + ${PARTITIONS_PER_GROUP:-1} - 1) / ${PARTITIONS_PER_GROUP:-1} ))
[ "$groups_total" -ge 3 ] || { echo "PARTITIONS / PARTITIONS_PER_GROUP must make at least 3 Raft groups, got $groups_total" >&2; exit 64; }
for i in 1 2 3; do start_node $i; done
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$((base+2))/ready" >/dev/null 2>&1 \
    && curl -fsS "http://127.0.0.1:$((base+12))/ready" >/dev/null 2>&1 \
    && curl -fsS "http://127.0.0.1:$((base+22))/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
"$chronik" topic create failover --bootstrap "$bootstrap" --partitions "$partitions" --replication-factor 3 > /dev/null
watch settle "$groups_total" 120 || { echo "the cluster did not settle; see $work/node*.log" >&2; exit 1; }
if [ "${FILL_MIB:-0}" -gt 0 ]; then
  log "writing $FILL_MIB MiB at full speed first"
  "$chronik" bench produce --bootstrap "$bootstrap" --topic failover --records $(( FILL_MIB * 1024 )) \
    --acks all --timeout 60s > "$work/fill.txt" 2> "$work/fill.err" || { echo "the fill failed: $(tail -3 "$work/fill.err")" >&2; exit 1; }
  log "fill: $(cat "$work/fill.txt")"
fi
# the producer runs in 15-second runs back to back until the rounds are done; each prints its
# summary (JSON), and the script sums them up at the end
(
  while [ ! -e "$work/rounds-done" ]; do
    "$chronik" bench produce --bootstrap "$bootstrap" --topic failover --records $(( ${RATE:-2000} * 15 )) \
      --throughput "${RATE:-2000}" --acks all --timeout 60s -o json >> "$work/produce.jsonl" 2>> "$work/produce.err" \
      || echo '{"failed":true}' >> "$work/produce.jsonl"
  done
) &
producer=$!
log "cluster settled, producer at ${RATE:-2000} records/s; $rounds rounds of FAULT=$fault"

printf "round\tfault\tnode\traft_log_mib\tgroups_led\tnew_leader_first_s\tmedian_s\tlast_s\tready_s\tleads_again_s\tload1\n"
for round in $(seq 1 "$rounds"); do
  victim=$(( (round - 1) % 3 + 1 ))
  watch settle "$groups_total" 120 || { echo "round $round: the cluster did not settle; see $work/node*.log" >&2; exit 1; }
  sleep 2   # let the hand-backs of the last round finish and the producer run steadily
  want=$(watch led "$victim")
  [ -n "$want" ] || { echo "round $round: node $victim leads no partition group" >&2; exit 1; }
  pid=${pids[$((victim-1))]}
  log_mib=$(find "$work/n$victim/raft" -path '*/current/log_*' -printf '%s\n' 2>/dev/null | awk '{s+=$1} END{printf "%d", s/1048576}')
  t0=$(date +%s.%N)
  if [ "$fault" = kill ]; then
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    measured=$(watch new-leaders "$t0" "$victim" "$want" 30)
    t1=$(date +%s.%N)
    start_node "$victim"
    back=$(watch back "$t1" "$victim" "$want" 180)
  else
    kill -STOP "$pid"
    measured=$(watch new-leaders "$t0" "$victim" "$want" "${PAUSE_S:-8}")
    kill -CONT "$pid"
    t1=$(date +%s.%N)
    back=$(printf -- "-\t%s" "$(watch back "$t1" "$victim" "$want" 180 | cut -f2)")
  fi
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$round" "$fault" "$victim" "$log_mib" "$(tr ',' '\n' <<< "$want" | wc -l)" \
    "$measured" "$back" "$(cut -d' ' -f1 /proc/loadavg)"
done
touch "$work/rounds-done"
log "rounds done; waiting for the producer's last run"
wait "$producer" 2>/dev/null || true
producer=0
python3 - "$work/produce.jsonl" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ok = [r for r in runs if not r.get("failed")]
sent = sum(r["records"] for r in ok)
print(f"producer: {len(runs)} runs of 15 s ({len(runs) - len(ok)} failed), {sent} records, "
      f"{sum(r['errors'] for r in ok)} errors, max latency {max((r['latencyMs']['max'] for r in ok), default=0):.0f} ms "
      f"(the longest write stall a client saw), worst p99 {max((r['latencyMs']['p99'] for r in ok), default=0):.0f} ms")
PY
