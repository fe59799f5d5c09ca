#!/usr/bin/env bash
# Installs what the portal needs (idempotent) and serves it on http://127.0.0.1:8080 with the
# embedded, in-browser registration service. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec trunk serve --release --address 127.0.0.1 --port 8080
