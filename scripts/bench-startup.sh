#!/usr/bin/env bash
# Start-up time of the short commands: the median wall time and the median CPU time (user + system)
# of RUNS runs of each command, interleaved, so that every executable and command sees the same
# machine. Give several executables to compare builds (A/B) at the same moment: copy the old build
# elsewhere, dump its archive with scripts/appcds.sh COPY (an archive matches one path only), rebuild,
# and pass both. On a shared, loaded machine the wall time swings with the load; the CPU time moves
# much less and is the fairer comparison. Record the figures in docs/performance.md with the load.
#
# Usage: scripts/bench-startup.sh [RUNS] [EXECUTABLE...]
#   RUNS        runs of each command and executable (default 40)
#   EXECUTABLE  default cli/target/chronik (or CHRONIK=PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
shift || true
executables=("$@")
[ ${#executables[@]} -gt 0 ] || executables=("${CHRONIK:-$PWD/cli/target/chronik}")
for e in "${!executables[@]}"; do
  exe=${executables[$e]}
  [ -x "$exe" ] || { echo "bench-startup.sh: error: not an executable: $exe (build first: mvn -B -q package -DskipTests)" >&2; exit 1; }
  executables[$e]=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
  [ -f "$(dirname "${executables[$e]}")/chronik.jsa" ] ||
    echo "note: no chronik.jsa next to $exe: it runs without its AppCDS archive (scripts/appcds.sh $exe)" >&2
done
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
commands=("version" "--version" "version -o json" "config show" "config show -o json")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
TIMEFORMAT='%3R %3U %3S'
for ((i = 0; i < runs; i++)); do
  # the JVM's own floor with the stub's flags, for reference
  { time "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -version >/dev/null 2>&1; } 2>>"$tmp/floor"
  for c in "${!commands[@]}"; do
    for e in "${!executables[@]}"; do
      # shellcheck disable=SC2086 # the command's words
      { time "${executables[$e]}" ${commands[$c]} >/dev/null; } 2>>"$tmp/$c.$e"
    done
  done
done
# median of column 1 (wall) and of columns 2 + 3 (CPU), in ms
median() {
  awk -v col="$2" '{ v = (col == 1 ? $1 : $2 + $3) * 1000; print int(v + 0.5) }' "$1" | sort -n |
    awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}'
}
printf '%-28s %-4s %8s %8s\n' "command (median of $runs)" exe "wall ms" "CPU ms"
for c in "${!commands[@]}"; do
  for e in "${!executables[@]}"; do
    printf '%-28s %-4s %8s %8s\n' "chronik ${commands[$c]}" "$((e + 1))" "$(median "$tmp/$c.$e" 1)" "$(median "$tmp/$c.$e" 2)"
  done
done
printf '%-28s %-4s %8s %8s\n' "java -version (JVM floor)" - "$(median "$tmp/floor" 1)" "$(median "$tmp/floor" 2)"
for e in "${!executables[@]}"; do
  echo "exe $((e + 1)): ${executables[$e]}"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
