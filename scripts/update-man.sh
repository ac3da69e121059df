#!/usr/bin/env bash
# Regenerates the man pages in man/, docs/configuration.md, scripts/systemd/chronik.env.example and
# the client settings that `chronik config show` reads (cli/src/main/resources/.../client-settings.tsv)
# from the chronik command model.
# The build fails while any differs from what it generates; run this after changing a command
# or an option, then commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl cli -am process-classes -Dchronik.man.update "$@"
echo "updated: man/, docs/configuration.md, scripts/systemd/chronik.env.example, client-settings.tsv:"
git status --short -- man/ docs/configuration.md scripts/systemd/ cli/src/main/resources/ || true
