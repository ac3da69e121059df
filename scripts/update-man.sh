#!/usr/bin/env bash
# Regenerates the man pages in man/ from the chronik command model. The build fails while man/
# differs from what it generates; run this after changing a command, then commit man/.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl cli -am process-classes -Dchronik.man.update "$@"
echo "man pages updated in man/:"
git status --short -- man/ || true
