#!/bin/sh
# chronik: this shell stub sits in front of a self-contained jar (DESIGN §1), so that the one file
# runs with `./chronik ...` from any directory. It picks JVM flags per command:
#   standalone, dev-cluster, bench  G1, a fixed heap of CHRONIK_HEAP (default 1g), exit on OOM
#   every other command             fast start: C1 only, SerialGC, and the AppCDS archive
#                                   chronik.jsa when it sits next to this file
# The build dumps chronik.jsa for this very file and JVM. When either changes (a rebuild, a copy to
# another path, another JAVA_HOME), -Xshare:auto makes the JVM ignore the archive without a word;
# it only starts slower. So copy or install the executable alone.
# CHRONIK_JAVA_OPTS is appended to the JVM flags. Java comes from JAVA_HOME, else from the PATH.
# The jar runs from the class path with its main class named, not with -jar: -jar makes the launcher
# open the jar (tens of thousands of entries) for its manifest, and the class loader then opens it
# a second time.
set -f

self=$0
# Follow symlinks, so that the archive next to the real file is found.
while [ -h "$self" ]; do
  link=$(readlink "$self") || break
  case $link in
    /*) self=$link ;;
    *) case $self in */*) self=${self%/*}/$link ;; *) self=./$link ;; esac ;;
  esac
done
case $self in
  */*) dir=${self%/*} ;;
  *) dir=. ;;
esac
case $dir in
  /*) ;;
  *) dir=$PWD/$dir ;;
esac
self=$dir/${self##*/}

if [ -n "${JAVA_HOME:-}" ]; then
  java=$JAVA_HOME/bin/java
  if [ ! -x "$java" ]; then
    echo "chronik: error: JAVA_HOME is $JAVA_HOME, but $java is not an executable" >&2
    echo "hint: point JAVA_HOME at a Java 17 or newer installation, or unset it" >&2
    exit 1
  fi
elif command -v java >/dev/null 2>&1; then
  java=java
else
  echo "chronik: error: no Java runtime found: JAVA_HOME is unset and java is not on the PATH" >&2
  echo "hint: install Java 17 or newer, or set JAVA_HOME" >&2
  exit 1
fi

main=io.chronik.cli.Main

# The command is the first argument that is not an option.
command=
for arg in "$@"; do
  case $arg in
    -*) ;;
    *) command=$arg; break ;;
  esac
done

case $command in
  standalone | dev-cluster | bench)
    heap=${CHRONIK_HEAP:-1g}
    # shellcheck disable=SC2086 # CHRONIK_JAVA_OPTS is a list of flags
    exec "$java" -XX:+UseG1GC "-Xms$heap" "-Xmx$heap" -XX:+ExitOnOutOfMemoryError \
      $CHRONIK_JAVA_OPTS -cp "$self" $main "$@"
    ;;
  *)
    if [ -f "$dir/chronik.jsa" ]; then
      # shellcheck disable=SC2086
      exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
        "-XX:SharedArchiveFile=$dir/chronik.jsa" $CHRONIK_JAVA_OPTS -cp "$self" $main "$@"
    fi
    # shellcheck disable=SC2086
    exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
      $CHRONIK_JAVA_OPTS -cp "$self" $main "$@"
    ;;
esac
exit 1
# The jar follows this line.
