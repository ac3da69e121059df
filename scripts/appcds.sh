#!/usr/bin/env bash
# The AppCDS archive of a chronik executable: chronik.jsa next to it, which the stub then uses for
# the short commands (docs/performance.md). The build runs this for cli/target/chronik; run it again
# for a copy of the executable (another path, as scripts/install.sh does) or after changing
# JAVA_HOME, because an archive matches only the file and the JVM it was dumped for.
#
# A few training runs list the classes that the short commands load; the JVM then dumps a static
# archive of them with the flags the stub uses. A static archive, not a dynamic one
# (-XX:ArchiveClassesAtExit): JDK 17 leaves classes of Java 5 class files, such as picocli's, out of
# a dynamic archive, but keeps them in a static one. Then a check run must load chronik's main class
# from the archive, or this fails.
#
# Usage: scripts/appcds.sh [EXECUTABLE]   (default cli/target/chronik; Java from JAVA_HOME or PATH)
set -euo pipefail
executable=${1:-$(dirname "$0")/../cli/target/chronik}
[ -x "$executable" ] || { echo "appcds.sh: error: not an executable: $executable" >&2; exit 1; }
executable=$(cd "$(dirname "$executable")" && pwd)/$(basename "$executable")
dir=$(dirname "$executable")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
archive=$dir/chronik.jsa
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$archive"

# The runs the archive is trained on: what scripts call in loops, and the help.
train() {
  local name=$1
  shift
  (cd "$work" && CHRONIK_JAVA_OPTS="-XX:DumpLoadedClassList=$work/$name.classlist" \
    "$executable" "$@" >"$work/$name.out") ||
    { echo "appcds.sh: error: training run 'chronik $*' failed" >&2; exit 1; }
}
train version version
train version-json version -o json
train version-flag --version
train help --help
train config-show config show
train config-show-json config show -o json
# doctor's own classes (HTTP client, JSON, checks): monitoring calls it in loops. Against an
# address nobody serves it exits 2, as it should
(cd "$work" && CHRONIK_JAVA_OPTS="-XX:DumpLoadedClassList=$work/doctor.classlist" \
  "$executable" doctor all --admin 127.0.0.1:9 --timeout 1s -o json >"$work/doctor.out") || true
cat "$work"/*.classlist >"$work/chronik.classlist"

# The flags of the stub's short commands; the class path is the executable itself.
"$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:dump \
  "-XX:SharedClassListFile=$work/chronik.classlist" "-XX:SharedArchiveFile=$archive" \
  -cp "$executable" >"$work/dump.log" 2>&1 ||
  { cat "$work/dump.log" >&2; echo "appcds.sh: error: the JVM could not dump $archive" >&2; exit 1; }

# The archive must serve the executable it was made for.
(cd "$work" && CHRONIK_JAVA_OPTS=-Xlog:class+load "$executable" version >"$work/check.out")
if ! grep -q 'io.chronik.cli.Main source: shared objects file' "$work/check.out"; then
  rm -f "$archive"
  echo "appcds.sh: error: $executable does not use $archive" >&2
  exit 1
fi
echo "$archive"
