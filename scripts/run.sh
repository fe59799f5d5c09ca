#!/usr/bin/env bash
# Installs what the portal needs (idempotent) and serves it on http://127.0.0.1:8080. Ctrl+C stops it.
#
#   scripts/run.sh            the portal with the embedded, in-browser registration service
#   scripts/run.sh --server   the registration server (crates/server): the API and the built
#                             portal on one port, devices kept in devices.sqlite. Any further
#                             arguments go to the server (see `--help` there), e.g.
#                             `scripts/run.sh --server --db /srv/demo.sqlite --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--server" ]; then
  shift
  trunk build --release
  cargo build --release -p server
  exec target/release/server --db devices.sqlite --dist dist --port 8080 "$@"
fi
exec trunk serve --release --address 127.0.0.1 --port 8080
