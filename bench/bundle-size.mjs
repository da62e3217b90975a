#!/usr/bin/env node
// What a browser app pays to delete one webhook: the same tiny app (read an API key, a base URL
// and a webhook id from the page, delete, print the answer) built twice with esbuild (bundle,
// minify, ESM, platform browser), once on exa-js and once on webhook-delete's web build.
//
//   node bench/bundle-size.mjs           a text report
//   node bench/bundle-size.mjs --json    the same as one JSON document
//
// Each file a server would send is gzipped at level 9 on its own and the results are summed.
// For exa-js that is the one bundle. For webhook-delete it is the bundle plus the .wasm file,
// which the glue fetches at run time (`new URL("webhook_delete_bg.wasm", import.meta.url)`), so
// it is copied next to the bundle. The apps are written under bench/out/bundle/ (git-ignored):
// each folder there is what a static server would serve.

import { build, version as esbuildVersion } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEB_GLUE = join(ROOT, "pkg", "web", "webhook_delete.js");
const WEB_WASM = join(ROOT, "pkg", "web", "webhook_delete_bg.wasm");

/** The page logic both apps share; `deleteOne(apiKey, baseUrl, id)` is what differs. */
const APP = `
const field = (id) => document.getElementById(id);
field("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = field("out");
  out.textContent = "deleting...";
  try {
    const result = await deleteOne(field("api-key").value, field("base-url").value || "https://api.exa.ai", field("webhook-id").value);
    out.textContent = JSON.stringify(result, null, 2);
  } catch (error) {
    out.textContent = error.name + ": " + error.message;
  }
});
`;

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Delete a webhook</title>
<form id="form">
  <input id="api-key" type="password" autocomplete="off" placeholder="API key">
  <input id="base-url" placeholder="https://api.exa.ai">
  <input id="webhook-id" placeholder="webhook id">
  <button id="delete">Delete</button>
</form>
<pre id="out"></pre>
<script type="module" src="app.js"></script>
`;

/** The two apps: name, entry source, and the run-time assets a server sends next to the bundle. */
function apps() {
  const glue = JSON.stringify(WEB_GLUE.split(sep).join("/"));
  return [
    {
      name: "exa-js",
      entry: `import Exa from "exa-js";
// Exa's base URL is the API root; the SDK adds /websets itself.
const deleteOne = (apiKey, baseUrl, id) => new Exa(apiKey, baseUrl).websets.webhooks.delete(id);
${APP}`,
      assets: [],
    },
    {
      name: "webhook-delete",
      entry: `import init, { WebhookClient } from ${glue};
// The wasm is fetched and compiled while the page waits for input.
const ready = init();
const deleteOne = async (apiKey, baseUrl, id) => {
  await ready;
  return new WebhookClient({ apiKey, baseUrl: baseUrl + "/websets" }).deleteWebhook(id);
};
${APP}`,
      assets: [WEB_WASM],
    },
  ];
}

const gzipBytes = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Which package an esbuild input path belongs to, for the composition of a bundle. */
function owner(input) {
  const path = input.split("\\").join("/");
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1];
  if (path.includes("pkg/web/")) return "webhook-delete (pkg/web)";
  return "app";
}

/**
 * Builds both apps into `outDir` and measures every file a server sends. Resolves to
 * { esbuild, exaJsVersion, apps: { "exa-js": App, "webhook-delete": App }, ratioGzip } where an
 * App is { files: [{ name, kind, raw, gzip }], js: { raw, gzip }, wasm: { raw, gzip },
 * totalRaw, totalGzip, composition: [{ package, bytes }] } and ratioGzip is webhook-delete / exa-js.
 */
export async function measureBundles({ outDir = join(ROOT, "bench", "out", "bundle") } = {}) {
  const results = {};
  for (const app of apps()) {
    const dir = join(outDir, app.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const entry = join(dir, "entry.mjs");
    writeFileSync(entry, app.entry);
    writeFileSync(join(dir, "index.html"), PAGE);
    const outfile = join(dir, "app.js");
    const built = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      metafile: true,
      logLevel: "silent",
      absWorkingDir: ROOT,
      nodePaths: [join(ROOT, "node_modules")],
    });
    const files = [];
    const composition = new Map();
    for (const [out, meta] of Object.entries(built.metafile.outputs)) {
      if (out.endsWith(".map")) continue;
      const bytes = readFileSync(join(ROOT, out));
      files.push({ name: relative(dir, join(ROOT, out)), kind: out.endsWith(".wasm") ? "wasm" : "js", raw: bytes.length, gzip: gzipBytes(bytes) });
      for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
        const who = owner(input);
        composition.set(who, (composition.get(who) ?? 0) + bytesInOutput);
      }
    }
    for (const asset of app.assets) {
      const target = join(dir, basename(asset));
      copyFileSync(asset, target);
      const bytes = readFileSync(target);
      files.push({ name: basename(asset), kind: asset.endsWith(".wasm") ? "wasm" : "js", raw: bytes.length, gzip: gzipBytes(bytes) });
    }
    const part = (kind) => {
      const of = files.filter((f) => f.kind === kind);
      return { raw: of.reduce((a, f) => a + f.raw, 0), gzip: of.reduce((a, f) => a + f.gzip, 0) };
    };
    const js = part("js");
    const wasm = part("wasm");
    results[app.name] = {
      dir: relative(ROOT, dir),
      files,
      js,
      wasm,
      totalRaw: js.raw + wasm.raw,
      totalGzip: js.gzip + wasm.gzip,
      composition: [...composition].map(([pkg, bytes]) => ({ package: pkg, bytes })).sort((a, b) => b.bytes - a.bytes),
    };
  }
  const exaJsVersion = JSON.parse(readFileSync(join(ROOT, "node_modules", "exa-js", "package.json"), "utf8")).version;
  return {
    esbuild: esbuildVersion,
    exaJsVersion,
    apps: results,
    ratioGzip: results["webhook-delete"].totalGzip / results["exa-js"].totalGzip,
  };
}

function printReport(r) {
  const KB = (b) => `${(b / 1024).toFixed(1)} KB`;
  const lines = [`bundle size of a one-webhook delete app: esbuild ${r.esbuild}, bundle + minify, ESM, platform browser; gzip -9 per file`];
  for (const [name, app] of Object.entries(r.apps)) {
    lines.push("");
    lines.push(`${name}${name === "exa-js" ? ` ${r.exaJsVersion}` : ""} (${app.dir}/)`);
    for (const f of app.files) lines.push(`  ${f.name.padEnd(26)} ${String(f.raw).padStart(9)} B raw  ${String(f.gzip).padStart(8)} B gzip  (${KB(f.gzip)})`);
    lines.push(`  ${"total".padEnd(26)} ${String(app.totalRaw).padStart(9)} B raw  ${String(app.totalGzip).padStart(8)} B gzip  (${KB(app.totalGzip)})`);
    const top = app.composition.slice(0, 6).map((c) => `${c.package} ${KB(c.bytes)}`).join(", ");
    lines.push(`  bundled JS by package (minified, before gzip): ${top}`);
  }
  lines.push("");
  lines.push(`webhook-delete / exa-js, gzip total: ${r.ratioGzip.toFixed(2)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  for (const a of args) {
    if (a !== "--json") {
      process.stderr.write(`unknown argument ${a}\nusage: node bench/bundle-size.mjs [--json]\n`);
      process.exit(2);
    }
  }
  const report = await measureBundles();
  if (args.includes("--json")) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
}
