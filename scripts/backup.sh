#!/bin/sh
# backup.sh: take a snapshot of every Raft group, upload it, and prune the store; for cron.
#
#   backup.sh [-a ADMIN[,ADMIN...]] [-s STORE] [-k KEEP] [-d OLDER_THAN] [-c CLUSTER_ID]
#             [-g GROUP] [-t TIMEOUT] [-b CHRONIK]
#
# 1. On each node named by -a: `chronik snapshot create --upload` (the node snapshots every group
#    it hosts, or only -g GROUP, and uploads the archives to its own snapshot store).
# 2. Then, only when every create worked: `chronik snapshot prune --store STORE --keep KEEP
#    --yes`, which never deletes the newest archive of a group that verifies.
#
# The exit code is chronik's, passed through: 0 done; 1 a snapshot or upload failed (CHR-7105), or
# the node refused; 64 a usage error (of this script or of chronik); 65 a group in the store has
# no archive that verifies (CHR-7104); 69 a node or the store could not be reached. The first
# failing create stops the run before pruning, with its exit code. Errors go to stderr; with
# nothing wrong the script prints chronik's summaries on stdout (redirect them in cron).
#
#   -a ADMIN       admin API of the nodes to snapshot, HOST:PORT, comma-separated (default:
#                  $CHRONIK_ADMIN, else 127.0.0.1:9644); on a cluster with replication factor
#                  below the node count, name enough nodes to cover every partition
#   -s STORE       the store to prune, as the nodes upload to it (default: $CHRONIK_SNAPSHOT_STORE);
#                  its credentials come from S3_*, AZURE_* as for the broker (docs/snapshots.md)
#   -k KEEP        archives to keep per group (default: $CHRONIK_SNAPSHOT_RETENTION_COUNT, else 3)
#   -d OLDER_THAN  keep also every archive younger than this, e.g. 14d (default: none)
#   -c CLUSTER_ID  prune only this cluster's archives (default: every cluster in the store)
#   -g GROUP       snapshot only this group, meta or TOPIC-PARTITION (default: every group)
#   -t TIMEOUT     how long to wait for each node, e.g. 30s (default: 60s)
#   -b CHRONIK     the chronik executable (default: $CHRONIK_BIN, else chronik on the PATH, else
#                  ../cli/target/chronik next to this script)
#   -h             print this help
#
# Example crontab line (every night at 02:30, keep a week of archives per group):
#   30 2 * * * CHRONIK_SNAPSHOT_STORE=s3://backups/chronik /opt/chronik/backup.sh -k 7 >/dev/null
set -u

admins=${CHRONIK_ADMIN:-127.0.0.1:9644}
store=${CHRONIK_SNAPSHOT_STORE:-}
keep=${CHRONIK_SNAPSHOT_RETENTION_COUNT:-3}
older_than=
cluster_id=
group=
timeout=60s
bin=${CHRONIK_BIN:-}

usage() {
  echo "usage: backup.sh [-a ADMIN[,ADMIN...]] [-s STORE] [-k KEEP] [-d OLDER_THAN] [-c CLUSTER_ID]" >&2
  echo "                 [-g GROUP] [-t TIMEOUT] [-b CHRONIK]   (backup.sh -h for the options)" >&2
}

fail_usage() {
  echo "backup.sh: $1" >&2
  usage
  exit 64
}

while getopts a:s:k:d:c:g:t:b:h opt; do
  case $opt in
    a) admins=$OPTARG ;;
    s) store=$OPTARG ;;
    k) keep=$OPTARG ;;
    d) older_than=$OPTARG ;;
    c) cluster_id=$OPTARG ;;
    g) group=$OPTARG ;;
    t) timeout=$OPTARG ;;
    b) bin=$OPTARG ;;
    h) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) usage; exit 64 ;; # getopts has named the bad option
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || fail_usage "unexpected argument '$1'"
[ -n "$store" ] || fail_usage "no store to prune: give -s STORE or set CHRONIK_SNAPSHOT_STORE"
case $keep in
  '' | *[!0-9]*) fail_usage "-k KEEP must be a number of archives (0 or more), not '$keep'" ;;
esac
[ -n "$admins" ] || fail_usage "no node to snapshot: give -a ADMIN or set CHRONIK_ADMIN"

if [ -z "$bin" ]; then
  if command -v chronik >/dev/null 2>&1; then
    bin=chronik
  else
    bin=$(dirname "$0")/../cli/target/chronik
  fi
fi
case $bin in
  */*) [ -x "$bin" ] || { echo "backup.sh: chronik executable not found at $bin (set CHRONIK_BIN or -b)" >&2; exit 1; } ;;
  *) command -v "$bin" >/dev/null 2>&1 || { echo "backup.sh: chronik executable '$bin' not found on the PATH (set CHRONIK_BIN or -b)" >&2; exit 1; } ;;
esac

# 1. snapshot and upload on every node named; stop at the first failure
old_ifs=$IFS
IFS=,
for admin in $admins; do
  IFS=$old_ifs
  [ -n "$admin" ] || continue
  if [ -n "$group" ]; then
    "$bin" snapshot create --upload --admin "$admin" --timeout "$timeout" --group "$group"
  else
    "$bin" snapshot create --upload --admin "$admin" --timeout "$timeout"
  fi
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "backup.sh: snapshot create on $admin failed (exit $code); nothing was pruned" >&2
    exit "$code"
  fi
done
IFS=$old_ifs

# 2. prune the store; chronik's exit code is the script's
set -- snapshot prune --store "$store" --keep "$keep" --yes
[ -z "$older_than" ] || set -- "$@" --older-than "$older_than"
[ -z "$cluster_id" ] || set -- "$@" --cluster-id "$cluster_id"
"$bin" "$@"
code=$?
if [ "$code" -ne 0 ]; then
  echo "backup.sh: snapshot prune of $store failed (exit $code)" >&2
fi
exit "$code"
