#!/bin/sh
# health-check.sh: chronik's health as a Nagios/Icinga/cron check.
#
#   health-check.sh [-a ADMIN] [-p PLAYBOOK] [-t TIMEOUT] [-b CHRONIK]
#
# Runs `chronik doctor PLAYBOOK -o json` and prints one line in the monitoring-plugin format,
#   CHRONIK OK - 10 checks | crit=0 warn=0 unknown=0
#   CHRONIK CRITICAL - raft.quorum: quorum lost on 4 groups | crit=1 warn=0 unknown=3
# and exits like a monitoring plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
#
# An admin address that does not answer is CRITICAL (exit 2), as doctor reports it. UNKNOWN
# (exit 3) means the check itself could not run: no chronik executable, a bad option, output that
# is not doctor's JSON.
#
#   -a ADMIN     admin API of any node, HOST:PORT (default: $CHRONIK_ADMIN, else 127.0.0.1:9644)
#   -p PLAYBOOK  the doctor playbook (default: quick)
#   -t TIMEOUT   how long to wait for each node, for example 5s (default: 5s)
#   -b CHRONIK   the chronik executable (default: $CHRONIK_BIN, else chronik on the PATH, else
#                ../cli/target/chronik next to this script)
#
# The JSON schema is documented in docs/troubleshooting.md; this script reads the verdict, the
# counts and the first finding whose status is the verdict. It needs only a POSIX shell and a sed
# with -E (POSIX.1-2024; GNU, BSD and busybox sed have it).
set -u

admin=${CHRONIK_ADMIN:-127.0.0.1:9644}
playbook=quick
timeout=5s
bin=${CHRONIK_BIN:-}

usage() {
  echo "CHRONIK UNKNOWN - usage: health-check.sh [-a ADMIN] [-p PLAYBOOK] [-t TIMEOUT] [-b CHRONIK]"
  exit 3
}

while getopts a:p:t:b:h opt; do
  case $opt in
    a) admin=$OPTARG ;;
    p) playbook=$OPTARG ;;
    t) timeout=$OPTARG ;;
    b) bin=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

if [ -z "$bin" ]; then
  if command -v chronik >/dev/null 2>&1; then
    bin=chronik
  else
    here=$(dirname "$0")
    bin=$here/../cli/target/chronik
  fi
fi
case $bin in
  */*) [ -x "$bin" ] || { echo "CHRONIK UNKNOWN - chronik executable not found at $bin (set CHRONIK_BIN or -b)"; exit 3; } ;;
  *) command -v "$bin" >/dev/null 2>&1 || { echo "CHRONIK UNKNOWN - chronik executable '$bin' not found on the PATH (set CHRONIK_BIN or -b)"; exit 3; } ;;
esac

errfile=$(mktemp "${TMPDIR:-/tmp}/chronik-health.XXXXXX") || { echo "CHRONIK UNKNOWN - cannot create a temporary file"; exit 3; }
trap 'rm -f "$errfile"' EXIT
json=$("$bin" doctor "$playbook" --admin "$admin" --timeout "$timeout" -o json 2>"$errfile")
code=$?

# one JSON document on one line; pull out what the Nagios line needs
field() {
  printf '%s\n' "$json" | sed -n "s/.*\"$1\":\"\\([A-Z]*\\)\".*/\\1/p" | head -n 1
}
count() {
  printf '%s\n' "$json" | sed -n "s/.*\"counts\":{[^}]*\"$1\":\\([0-9]*\\).*/\\1/p" | head -n 1
}
verdict=$(field verdict)
crit=$(count crit)
warn=$(count warn)
unknown=$(count unknown)
ok=$(count ok)

if [ -z "$verdict" ] || [ -z "$crit" ] || [ -z "$warn" ] || [ -z "$unknown" ] || [ -z "$ok" ]; then
  reason=$(head -n 1 "$errfile")
  echo "CHRONIK UNKNOWN - chronik doctor gave no report (exit $code)${reason:+: $reason}"
  exit 3
fi

case $verdict in
  OK) expected=0 ;;
  WARNING) expected=1 ;;
  CRITICAL) expected=2 ;;
  *) expected=3 ;;
esac
if [ "$code" -ne "$expected" ]; then
  echo "CHRONIK UNKNOWN - chronik doctor said $verdict but exited $code"
  exit 3
fi

total=$((ok + warn + crit + unknown))
perf="crit=$crit warn=$warn unknown=$unknown"
if [ "$verdict" = OK ]; then
  echo "CHRONIK OK - $total checks | $perf"
  exit 0
fi
# the first finding whose status is the verdict (doctor may list UNKNOWN findings before WARN
# ones): its id and summary (JSON escapes left as they are). Each finding starts on a line of its
# own; an unescaped {"id":" cannot occur inside a JSON string.
case $verdict in
  WARNING) status=WARN ;;
  CRITICAL) status=CRIT ;;
  *) status=UNKNOWN ;;
esac
worst=$(printf '%s\n' "$json" \
  | sed 's/{"id":"/\
{"id":"/g' \
  | sed -E -n 's/^[{]"id":"([^"]*)","playbook":"[^"]*","status":"'"$status"'","summary":"(([^"\\]|\\.)*)".*/\1: \2/p' \
  | head -n 1)
echo "CHRONIK $verdict - ${worst:-see chronik doctor} | $perf"
exit "$expected"
