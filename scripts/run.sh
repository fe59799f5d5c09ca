#!/usr/bin/env bash
# Installs what the portal needs (idempotent) and serves it on http://127.0.0.1:8080. Ctrl+C stops it.
#
#   scripts/run.sh            the portal with the embedded, in-browser registration service
#   scripts/run.sh --server   the registration server (crates/server): the API and the built
#                             portal on one port, devices kept in devices.sqlite. Any further
#                             arguments go to the server (see `--help` there), e.g.
#                             `scripts/run.sh --server --db /srv/demo.sqlite --port 9000`.
#   scripts/run.sh --test-provider
#                             the test OpenID provider (e2e/oidc/provider.mjs) on 127.0.0.1:4180
#                             for a server on 127.0.0.1:8080 with sign-in (see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--test-provider" ]; then
  shift
  scripts/setup.sh --node
  exec node e2e/oidc/provider.mjs --port 4180 --portal http://127.0.0.1:8080 "$@"
fi
# --node: the release build runs wasm-opt from npm's binaryen (scripts/bin/wasm-opt, Trunk.toml).
scripts/setup.sh --node
export PATH="$PWD/scripts/bin:$HOME/.cargo/bin:$PATH"
if [ "${1:-}" = "--server" ]; then
  shift
  trunk build --release
  cargo build --release -p server
  exec target/release/server --db devices.sqlite --dist dist --port 8080 "$@"
fi
exec trunk serve --release --address 127.0.0.1 --port 8080
