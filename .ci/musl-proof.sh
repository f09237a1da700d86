#!/usr/bin/env bash
# The release archives for Linux hold a binary linked statically with musl (dist-workspace.toml).
# Proves here what can be proved of it (issue 17): it builds, it has no dynamic loader or shared
# libraries, it runs, and it builds the shipped content byte for byte as the glibc build does.
# Usage: .ci/musl-proof.sh GLIBC_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
glibc=$1
target=x86_64-unknown-linux-musl
rustup target add "$target" >/dev/null
cargo build --release --locked --target "$target"
musl="${CARGO_TARGET_DIR:-target}/$target/release/stepbook"

# Static: no program interpreter (ld.so) and no NEEDED shared libraries in the ELF headers.
if readelf -l "$musl" | grep -q 'Requesting program interpreter'; then
  echo "musl-proof: $musl asks for a dynamic loader" >&2; exit 1
fi
if readelf -d "$musl" 2>/dev/null | grep -q '(NEEDED)'; then
  echo "musl-proof: $musl needs shared libraries:" >&2; readelf -d "$musl" | grep NEEDED >&2; exit 1
fi
"$musl" --version

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$glibc" build -q --out "$work/glibc"
"$musl" build -q --out "$work/musl"
diff -r "$work/glibc" "$work/musl"
echo "musl-proof: the static musl binary ($(du -h "$musl" | cut -f1)) builds the shipped content byte-identically to the glibc build ($(find "$work/musl" -type f | wc -l) files)"
