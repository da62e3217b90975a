#!/usr/bin/env bash
# Builds the publishable npm package into pkg/:
#   pkg/node/  wasm-bindgen --target nodejs (CommonJS: works with require and import, no init())
#   pkg/web/   wasm-bindgen --target web (ES module: browsers and bundlers, explicit init())
#   pkg/node-sink.*, pkg/cli.mjs, pkg/package.json (exports map), pkg/README.md
# Release build (size-optimised), then wasm-opt from npm's binaryen. Concurrent builds queue on a lock.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec 9>"${TMPDIR:-/tmp}/webhook-delete-build.lock"
flock 9

# Assemble in a staging folder and swap it in at the end, so pkg/ is never half-built.
stage=pkg.staging
rm -rf "$stage"
for target in nodejs web; do
  dir=$([ "$target" = nodejs ] && echo node || echo web)
  wasm-pack --quiet build --release --mode no-install --no-pack --target "$target" \
    --out-dir "$stage/$dir" --out-name webhook_delete 2>&1 | grep -v -e 'failed to get wasm-pack version' -e '^\s*$' >&2 || true
  test -f "$stage/$dir/webhook_delete_bg.wasm" || { echo "build: $stage/$dir was not produced" >&2; exit 1; }
  # The raw-module typings only serve the bundler target; the node and web typings stand alone.
  rm -f "$stage/$dir/.gitignore" "$stage/$dir/package.json" "$stage/$dir/README.md" "$stage/$dir/webhook_delete_bg.wasm.d.ts"
done
cp js/node-sink.mjs js/node-sink.cjs js/node-sink.d.ts js/cli.mjs README.md "$stage/"
node scripts/finish-pkg.mjs "$stage"
rm -rf pkg.old
[ -d pkg ] && mv pkg pkg.old
mv "$stage" pkg
rm -rf pkg.old
echo "build: pkg/ ready ($(du -sh pkg | cut -f1))" >&2
