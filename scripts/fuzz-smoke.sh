#!/usr/bin/env bash
# Fuzzes the registration-file reader for a while, starting from the committed seed corpus.
# Usage: scripts/fuzz-smoke.sh [SECONDS]   (default 60)
# Needs the nightly toolchain and cargo-fuzz (scripts/setup.sh --fuzz). Exits non-zero when the
# fuzzer finds a crash, a memory blow-up (over 2 GB RSS) or a timeout; the input is left in
# fuzz/artifacts/read_files/. The committed seeds in fuzz/seeds/ are never modified: the run uses
# a copy, so new corpus entries go to a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-60}"
case "$secs" in
  ''|*[!0-9]*) echo "fuzz-smoke.sh: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz-smoke.sh: cargo-fuzz or the nightly toolchain is missing; run scripts/setup.sh --fuzz" >&2
  exit 2
fi

corpus="$(mktemp -d "${TMPDIR:-/tmp}/fuzz-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
cp fuzz/seeds/* "$corpus"/

# One in-process fuzzer (one core). -max_len: inputs up to 1 MB, so the reader's memory bound is
# exercised; -rss_limit_mb turns a blow-up into a failure.
cargo +nightly fuzz run read_files "$corpus" -- \
  -max_total_time="$secs" -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1
