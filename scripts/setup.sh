#!/usr/bin/env bash
# Installs everything devices-portal needs on a fresh Debian machine. Idempotent: each step checks
# first, so a second run takes seconds. Usage: scripts/setup.sh [--browser] [--node] [--fuzz] [--postgres]
#   --browser  also Debian's Chromium + ChromeDriver and the e2e npm packages (tests need them)
#   --node     also the e2e npm packages alone (the test OpenID provider needs them)
#   --fuzz     also cargo-fuzz (the fuzz smoke run in the test command needs it)
#   --postgres also Debian's PostgreSQL server (the server tests run on it too; scripts/postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
want_node=0
want_fuzz=0
want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1; want_node=1 ;;
    --node) want_node=1 ;;
    --fuzz) want_fuzz=1 ;;
    --postgres) want_postgres=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_pkgs=()
if [ "$want_browser" = 1 ]; then apt_pkgs+=(chromium chromium-driver); fi
if [ "$want_postgres" = 1 ]; then apt_pkgs+=(postgresql); fi
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

export PATH="$HOME/.cargo/bin:$PATH"

if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
  log "cargo install trunk 0.21.14 (about 7 minutes, once)"
  cargo install trunk --version 0.21.14 --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q '0.2.130'; then
  log "cargo install wasm-bindgen-cli 0.2.130 (a few minutes, once)"
  cargo install wasm-bindgen-cli --version 0.2.130
fi

if [ "$want_fuzz" = 1 ]; then
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "cargo install cargo-fuzz"
    cargo install cargo-fuzz --locked
  fi
fi

if [ "$want_node" = 1 ]; then
  if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
    log "npm ci in e2e/"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
log "ready"
