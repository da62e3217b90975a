#!/usr/bin/env bash
# Installs everything the build, the tests and the demo need, and is cheap to re-run:
# every step checks what is already there first.
#   - the wasm32 rustup target
#   - wasm-bindgen-cli, pinned to the wasm-bindgen version in Cargo.toml
#   - wasm-pack
#   - Debian's chromium + chromium-driver (headless browser tests; never Debian's binaryen)
#   - npm packages from package-lock.json (binaryen's wasm-opt, playwright-core, vite, typescript)
set -euo pipefail
cd "$(dirname "$0")/.."

BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$BINDGEN_VERSION" ]; then
  # Not --locked: the CLI's own lockfile asks for a webpki-roots the registry lacks.
  log "installing wasm-bindgen-cli $BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ -f package-lock.json ]; then
  stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    log "installing npm packages"
    # `npm install` with the committed lockfile installs exactly its versions. (`npm ci` refuses
    # this lockfile: npm records only this platform's optional binaries of rollup.)
    npm install --no-audit --no-fund --loglevel=error
  fi
fi
log "ready"
