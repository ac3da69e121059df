#!/usr/bin/env bash
# Regenerates the man pages in man/, docs/configuration.md and scripts/systemd/chronik.env.example
# from the chronik command model.
# The build fails while any differs from what it generates; run this after changing a command
# or an option, then commit man/ and docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl cli -am process-classes -Dchronik.man.update "$@"
echo "updated: man/, docs/configuration.md, scripts/systemd/chronik.env.example:"
git status --short -- man/ docs/configuration.md scripts/systemd/ || true
