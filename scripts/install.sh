#!/usr/bin/env bash
# Installs the built chronik executable, its man pages and its bash completion under PREFIX:
#   PREFIX/bin/chronik
#   PREFIX/bin/chronik.jsa        its AppCDS archive, dumped for this file and this Java (faster start)
#   PREFIX/share/man/man1/chronik*.1
#   PREFIX/share/bash-completion/completions/chronik
# Usage: scripts/install.sh [PREFIX]     (default: /usr/local)
# Build first: mvn -B -q package -DskipTests
set -euo pipefail

usage() {
  echo "usage: scripts/install.sh [PREFIX]   (default PREFIX: /usr/local)"
}

case ${1:-} in
  -h | --help) usage; exit 0 ;;
  -*) echo "install.sh: error: unknown option '$1'" >&2; usage >&2; exit 64 ;;
esac
if [ "$#" -gt 1 ]; then
  echo "install.sh: error: too many arguments" >&2
  usage >&2
  exit 64
fi

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-/usr/local}
executable=$root/cli/target/chronik

if [ ! -x "$executable" ]; then
  echo "install.sh: error: $executable is not built" >&2
  echo "hint: build it first with 'mvn -B -q package -DskipTests' in $root" >&2
  exit 1
fi
shopt -s nullglob
pages=("$root"/man/*.1)
if [ "${#pages[@]}" -eq 0 ]; then
  echo "install.sh: error: no man pages in $root/man" >&2
  echo "hint: regenerate them with scripts/update-man.sh" >&2
  exit 1
fi

bin=$prefix/bin
man1=$prefix/share/man/man1
completions=$prefix/share/bash-completion/completions
install -d "$bin" "$man1" "$completions"
install -m 755 "$executable" "$bin/chronik"
# The AppCDS archive next to the build output only matches the file it was dumped for, so one is
# dumped for the installed file (docs/performance.md). Without it the short commands work, slower.
errors=$(mktemp)
if ! archive=$("$root/scripts/appcds.sh" "$bin/chronik" 2>"$errors"); then
  echo "install.sh: note: no AppCDS archive for $bin/chronik, so its short commands start slower:" >&2
  cat "$errors" >&2
  rm -f "$bin/chronik.jsa"
  archive=
fi
rm -f "$errors"
install -m 644 "${pages[@]}" "$man1/"
"$bin/chronik" completion bash > "$completions/chronik.tmp"
mv "$completions/chronik.tmp" "$completions/chronik"
chmod 644 "$completions/chronik"

echo "installed $bin/chronik${archive:+ (and its AppCDS archive $archive)}, ${#pages[@]} man pages in $man1, and $completions/chronik"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "note: $bin is not on your PATH" ;;
esac
