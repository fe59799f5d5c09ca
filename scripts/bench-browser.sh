#!/usr/bin/env bash
# Browser benchmark, end to end: the autopilot engine compiled to wasm, reading and fully validating
# a 10,000-device registration file, against Papa Parse merely parsing the same file, in headless
# Chromium. Prints a Markdown table. Needs `scripts/setup.sh --browser` once.
#
# Usage: scripts/bench-browser.sh [--count N] [--runs N] [--no-profile] [--jobs N]
#   --count N     devices per file (default 10000)
#   --runs N      timed runs per variant (default 7)
#   --no-profile  skip the per-stage breakdown of the engine's time
#   --jobs N      cargo build jobs (default: cargo's; use 1 when another build is running)
# Output also lands in target/bench-browser/ (result.md, result.json, the files and the wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

count=10000
runs=7
profile=(--profile)
jobs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-profile) profile=(); shift ;;
    --jobs) jobs=(-j "$2"); shift 2 ;;
    *) echo "bench-browser.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf 'bench-browser.sh: %s\n' "$*" >&2; exit 1; }

wasm-bindgen --version 2>/dev/null | grep -q '0.2.130' || die "wasm-bindgen 0.2.130 missing: run scripts/setup.sh --browser"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing: run scripts/setup.sh --browser"
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || die "wasm32-unknown-unknown missing: run scripts/setup.sh"
if [ ! -d e2e/node_modules/@playwright/test ] || [ ! -d e2e/node_modules/papaparse ]; then
  log "npm ci in e2e/"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

out=target/bench-browser
mkdir -p "$out"

log "cargo build --release --target wasm32-unknown-unknown -p autopilot-engine-bench"
cargo build "${jobs[@]}" --release --target wasm32-unknown-unknown -p autopilot-engine-bench
log "wasm-bindgen --target web --out-dir $out/pkg"
wasm-bindgen --target web --out-dir "$out/pkg" target/wasm32-unknown-unknown/release/autopilot_engine_bench.wasm

log "cargo build --release -p autopilot-gen --bin autopilot-gen"
cargo build "${jobs[@]}" --release -p autopilot-gen --bin autopilot-gen
utf8="$out/devices-$count-utf8-lf.csv"
utf16="$out/devices-$count-utf16le-crlf.csv"
log "autopilot-gen --count $count: $utf8, $utf16"
target/release/autopilot-gen --count "$count" --encoding utf8 --lf -o "$utf8"
target/release/autopilot-gen --count "$count" -o "$utf16" # the Windows PowerShell 5.1 default

# What was measured: the commit, local changes to the engine, the wasm code-generation flags.
note="commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain -- crates/hash crates/reader bench .cargo Cargo.toml 2>/dev/null)" ]; then
  note="$note with uncommitted changes to crates/hash, crates/reader, bench, .cargo or Cargo.toml"
fi
wasm_flags="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-${RUSTFLAGS:-}}"
if [ -z "$wasm_flags" ] && [ -f .cargo/config.toml ]; then
  wasm_flags="$(sed -n '/^\[target.wasm32-unknown-unknown\]/,/^\[/{s/^rustflags *= *//p}' .cargo/config.toml)"
fi
note="$note; wasm rustflags: ${wasm_flags:-none}; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

log "node e2e/bench/engine-vs-papaparse.mjs (headless Chromium)"
node e2e/bench/engine-vs-papaparse.mjs --pkg "$out/pkg" --utf8 "$utf8" --utf16 "$utf16" --runs "$runs" \
  "${profile[@]}" --note "$note" --markdown "$out/result.md" --json "$out/result.json"
