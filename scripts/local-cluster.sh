#!/usr/bin/env bash
# Starts a local chronik cluster on 127.0.0.1 for development: N nodes (default 3), each with its
# own data dir under ./chronik-dev, Kafka on 19092, 19102, 19112, ... Ctrl-C stops every node.
# Usage: scripts/local-cluster.sh [NODES] [extra chronik dev-cluster options]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chronik="${CHRONIK:-$here/../cli/target/chronik}"
if [ ! -x "$chronik" ]; then
  echo "local-cluster.sh: $chronik not found; build it first: mvn -B -q package -DskipTests" >&2
  exit 69
fi
nodes="${1:-3}"
shift || true
exec "$chronik" dev-cluster --nodes "$nodes" "$@"
