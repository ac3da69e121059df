#!/usr/bin/env bash
# Start-up time of the short commands: median wall time of RUNS interleaved runs of each command of
# the built executable (cli/target/chronik, with its AppCDS archive when built). Rerunnable; record
# the figures in docs/performance.md with the machine's load.
# Usage: scripts/bench-startup.sh [RUNS]        (default 40; CHRONIK=PATH measures another build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
chronik=${CHRONIK:-$PWD/cli/target/chronik}
[ -x "$chronik" ] || { echo "bench-startup.sh: error: build first: mvn -B -q package -DskipTests" >&2; exit 1; }
commands=("version" "--version" "version -o json" "config show" "config show -o json")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for ((i = 0; i < runs; i++)); do
  for c in "${!commands[@]}"; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086 # the command's words
    "$chronik" ${commands[$c]} >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >>"$tmp/$c"
  done
done
printf '%-24s %s\n' command "median ms (of $runs)"
for c in "${!commands[@]}"; do
  median=$(sort -n "$tmp/$c" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2))}')
  printf '%-24s %s\n' "chronik ${commands[$c]}" "$median"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
