// The size budget of what a browser downloads: gzip -9 of pkg/web's wasm + JS glue + snippets must
// stay within 212 KB (1 KB = 1024 bytes). The node build's figure is printed for information.
// Each file is gzipped on its own, as a server would send it.
//
// The budget is the measured figure (207.1 KB on 2026-11-24) plus about 2 %, so that growth shows up
// here and has to be argued for. The product's target is 100 KB and this build misses it: the
// operations added since the 80 KB build (selection on delivery history, plans, restore, journals
// and resumable streams, pacing, bounded body reading) are async Rust whose state machines make up
// most of the wasm; serde-wasm-bindgen's `from_value` brings float formatting (~15 KB gz); field
// paths in errors (serde_path_to_error) ~10 KB gz. bench/README.md keeps the breakdown.
// Run: node --test tests/package/size.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync, constants } from "node:zlib";
import { PKG, listFiles } from "./support/package.mjs";

const BUDGET_KB = 212;
const KB = 1024;

const gz = (file) => gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;

async function measure(build) {
  const dir = path.join(PKG, build);
  const wasm = path.join(dir, "webhook_delete_bg.wasm");
  const js = path.join(dir, "webhook_delete.js");
  for (const f of [wasm, js]) assert.ok(existsSync(f), `${path.relative(PKG, f)} is missing: build pkg/ first`);
  const snippets = existsSync(path.join(dir, "snippets"))
    ? (await listFiles(path.join(dir, "snippets"))).map((f) => path.join(dir, "snippets", f))
    : [];
  const wasmBytes = gz(wasm);
  const glueBytes = gz(js) + snippets.reduce((sum, f) => sum + gz(f), 0);
  return { wasm: wasmBytes, glue: glueBytes, total: wasmBytes + glueBytes };
}

const kb = (bytes) => (bytes / KB).toFixed(1);

test("web build fits the 212 KB gzipped budget (wasm + JS glue + snippets)", async () => {
  const web = await measure("web");
  const node = await measure("node");
  console.log(
    `size: web ${kb(web.total)} KB gzipped (wasm ${kb(web.wasm)} KB + glue ${kb(web.glue)} KB), ` +
      `node ${kb(node.total)} KB gzipped, budget ${BUDGET_KB} KB`,
  );
  assert.ok(
    web.total <= BUDGET_KB * KB,
    `pkg/web is ${kb(web.total)} KB gzipped (wasm ${kb(web.wasm)} KB + glue ${kb(web.glue)} KB), over the ${BUDGET_KB} KB budget by ${kb(web.total - BUDGET_KB * KB)} KB`,
  );
});
