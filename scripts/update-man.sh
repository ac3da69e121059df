#!/usr/bin/env bash
# Regenerates the man pages in man/ and docs/configuration.md from the chronik command model.
# The build fails while either differs from what it generates; run this after changing a command
# or an option, then commit man/ and docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl cli -am process-classes -Dchronik.man.update "$@"
echo "man pages updated in man/, and docs/configuration.md:"
git status --short -- man/ docs/configuration.md || true
