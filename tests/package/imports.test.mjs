// The four ways users load webhook-delete, each from the tarball `npm pack` makes of pkg/ and each
// deleting a real webhook on the mock API:
//   Node ESM `import ... from "webhook-delete"`, Node CJS `require("webhook-delete")`
//   (plus the `webhook-delete/node` subpath both ways), a Vite 7 build in Chromium, and a plain
//   `<script type="module">` page without a bundler in Chromium.
// Run: node --test --test-concurrency=1 tests/package/
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { cp, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMockApi } from "../mock/server.mjs";
import {
  API_KEY, PKG, ROOT, launchChromium, listFiles, packAndInstall, removeDir, run, runPage, serveStatic, tempDir,
} from "./support/package.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEEDED = Array.from({ length: 10 }, (_, i) => `webhook_${1001 + i}`);

let mock;
let dir; // temp dir: the tarball, node_modules/webhook-delete, child scripts, the Vite app
let installed; // { tarball, packageDir, files }
let browser;

before(async () => {
  mock = await startMockApi();
  dir = await tempDir();
  installed = await packAndInstall(dir);
});

after(async () => {
  await browser?.close();
  await mock?.close();
  await removeDir(dir);
});

beforeEach(async () => {
  const res = await fetch(`${mock.url}/__mock/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(res.status, 200);
});

async function storeIds() {
  const res = await fetch(`${mock.url}/__mock/webhooks?dialect=generic`);
  return (await res.json()).ids;
}

async function assertOnlyDeleted(id) {
  const ids = await storeIds();
  assert.ok(!ids.includes(id), `${id} is still in the mock store`);
  assert.deepEqual(ids, SEEDED.filter((x) => x !== id), "exactly one webhook should be gone");
}

/** Writes `source` to `name` in the temp dir, runs it with node there, and parses its last stdout line. */
async function runChild(name, source, env = {}) {
  const file = path.join(dir, name);
  await writeFile(file, source);
  let out;
  try {
    out = await run(process.execPath, [file], {
      cwd: dir,
      timeout: 20_000,
      env: { ...process.env, NODE_OPTIONS: "", BASE_URL: `${mock.url}/generic`, API_KEY, ...env },
    });
  } catch (error) {
    assert.fail(`${name} failed (exit ${error.code}):\n${error.stderr || error.message}`);
  }
  const lines = out.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

const browserPage = async () => (browser ??= await launchChromium());

function pageUrl(site, id) {
  const q = new URLSearchParams({ api: `${mock.url}/generic`, key: API_KEY, id });
  return `${site}/?${q}`;
}

// ---------------------------------------------------------------------------------------------

test("npm pack ships every file the manifest points to, and nothing else", async () => {
  const manifest = JSON.parse(readFileSync(path.join(PKG, "package.json"), "utf8"));
  const files = installed.files;
  const targets = new Set([manifest.main, manifest.module, manifest.types, ...Object.values(manifest.bin ?? {})]);
  const walk = (v) => (typeof v === "string" ? targets.add(v) : Object.values(v).forEach(walk));
  walk(manifest.exports);
  for (const target of targets) {
    const rel = target.replace(/^\.\//, "");
    assert.ok(files.includes(rel), `the tarball lacks ${rel} (referenced by package.json); it has:\n${files.join("\n")}`);
  }
  // Both builds complete: the wasm, the glue, the typings, and every snippet the glue imports.
  for (const build of ["node", "web"]) {
    for (const f of ["webhook_delete.js", "webhook_delete_bg.wasm", "webhook_delete.d.ts"]) {
      assert.ok(files.includes(`${build}/${f}`), `the tarball lacks ${build}/${f}`);
    }
    const glue = readFileSync(path.join(PKG, build, "webhook_delete.js"), "utf8");
    for (const [, spec] of glue.matchAll(/(?:from |require\()(?:String\.raw`|["'])(\.\/snippets\/[^"'`]+)/g)) {
      assert.ok(files.includes(`${build}/${spec.slice(2)}`), `${build}/webhook_delete.js imports ${spec}, missing from the tarball`);
    }
  }
  assert.ok(files.includes("node/package.json"), "node/package.json ({type: commonjs}) must be published");
  assert.deepEqual(JSON.parse(readFileSync(path.join(installed.packageDir, "node/package.json"), "utf8")), { type: "commonjs" });
  // The tarball is exactly the publishable part of pkg/ (no build leftovers such as .gitignore).
  const leftovers = files.filter((f) => /(^|\/)\.gitignore$|_bg\.wasm\.d\.ts$|\.tgz$/.test(f));
  assert.deepEqual(leftovers, [], "build leftovers in the tarball");
  if (existsSync(path.join(ROOT, "README.md"))) assert.ok(files.includes("README.md"), "README.md is not in the tarball");
  // What was extracted is what was listed.
  assert.deepEqual(await listFiles(installed.packageDir), files);
});

test("Node ESM: import { WebhookClient, AuditLog, isWebhookError } from \"webhook-delete\" deletes a webhook", async () => {
  const out = await runChild(
    "esm-consumer.mjs",
    `
import { WebhookClient, AuditLog, isWebhookError } from "webhook-delete";
import * as all from "webhook-delete";
const audit = new AuditLog();
const client = new WebhookClient({ apiKey: process.env.API_KEY, provider: "generic", baseUrl: process.env.BASE_URL, retry: false, audit });
const result = await client.deleteWebhook("webhook_1001");
let invalid = null;
try { await client.deleteWebhook(""); } catch (e) {
  invalid = { isWebhookError: isWebhookError(e), isError: e instanceof Error, name: e.name, code: e.code };
}
console.log(JSON.stringify({
  resolved: import.meta.resolve("webhook-delete"),
  kinds: [typeof WebhookClient, typeof AuditLog, typeof isWebhookError],
  exportNames: Object.keys(all).sort(),
  result: { id: result.id, status: result.status, attempts: result.attempts, alreadyDeleted: result.alreadyDeleted },
  history: audit.history("webhook_1001").map((e) => [e.webhookId, e.outcome, e.success]),
  invalid,
  notAWebhookError: isWebhookError(new Error("x")),
}));
`,
  );
  assert.match(out.resolved, /node_modules\/webhook-delete\/node\/webhook_delete\.js$/, "Node must get the nodejs build");
  assert.deepEqual(out.kinds, ["function", "function", "function"]);
  for (const name of ["WebhookClient", "AuditLog", "isWebhookError", "formatFinalStatistics"]) {
    assert.ok(out.exportNames.includes(name), `ESM named export ${name} missing: ${out.exportNames}`);
  }
  assert.deepEqual(out.result, { id: "webhook_1001", status: "deleted", attempts: 1, alreadyDeleted: false });
  assert.deepEqual(out.history, [["webhook_1001", "deleted", true]]);
  assert.deepEqual(out.invalid, { isWebhookError: true, isError: true, name: "WebhookError", code: "invalid_input" });
  assert.equal(out.notAWebhookError, false);
  await assertOnlyDeleted("webhook_1001");
});

test("Node CJS: require(\"webhook-delete\") deletes a webhook", async () => {
  const out = await runChild(
    "cjs-consumer.cjs",
    `
const { WebhookClient, AuditLog, isWebhookError } = require("webhook-delete");
(async () => {
  const audit = new AuditLog();
  const client = new WebhookClient({ apiKey: process.env.API_KEY, provider: "generic", baseUrl: process.env.BASE_URL, retry: false, audit });
  const result = await client.deleteWebhook("webhook_1002");
  let invalid = null;
  try { new WebhookClient({ apiKey: "" }); } catch (e) { invalid = { isWebhookError: isWebhookError(e), code: e.code }; }
  console.log(JSON.stringify({
    resolved: require.resolve("webhook-delete"),
    kinds: [typeof WebhookClient, typeof AuditLog, typeof isWebhookError],
    result: { id: result.id, status: result.status, attempts: result.attempts },
    history: audit.history("webhook_1002").map((e) => [e.webhookId, e.outcome]),
    invalid,
  }));
})().catch((e) => { console.error(e); process.exit(1); });
`,
  );
  assert.match(out.resolved, /node_modules\/webhook-delete\/node\/webhook_delete\.js$/);
  assert.deepEqual(out.kinds, ["function", "function", "function"]);
  assert.deepEqual(out.result, { id: "webhook_1002", status: "deleted", attempts: 1 });
  assert.deepEqual(out.history, [["webhook_1002", "deleted"]]);
  assert.deepEqual(out.invalid, { isWebhookError: true, code: "invalid_input" });
  await assertOnlyDeleted("webhook_1002");
});

test("webhook-delete/node loads with require and import and writes an audit file", async (t) => {
  const missing = ["node-sink.mjs", "node-sink.cjs", "node-sink.d.ts"].filter((f) => !existsSync(path.join(PKG, f)));
  if (missing.length) {
    t.skip(`pkg/${missing.join(", pkg/")} not built yet: webhook-delete/node cannot be checked`);
    return;
  }
  const common = (id, file) => `
  const audit = new AuditLog({ sink: sinkModule.fileSink(${JSON.stringify(path.join(dir, file))}) });
  const client = new WebhookClient({ apiKey: process.env.API_KEY, provider: "generic", baseUrl: process.env.BASE_URL, retry: false, audit });
  await client.deleteWebhook(${JSON.stringify(id)});
  const pending = await audit.flush();
  const entries = await sinkModule.readAuditFile(${JSON.stringify(path.join(dir, file))});
  const log = await sinkModule.auditLogFromFile(${JSON.stringify(path.join(dir, file))});
  console.log(JSON.stringify({
    kinds: ["fileSink", "readAuditFile", "auditLogFromFile"].map((n) => typeof sinkModule[n]),
    pending,
    entries: entries.map((e) => [e.webhookId, e.outcome]),
    sameAuditLogClass: log instanceof AuditLog,
    logLength: log.length,
  }));`;
  const esm = await runChild(
    "esm-node-sink.mjs",
    `import { WebhookClient, AuditLog } from "webhook-delete";
const sinkModule = await import("webhook-delete/node");
${common("webhook_1006", "esm-audit.jsonl")}`,
  );
  const cjs = await runChild(
    "cjs-node-sink.cjs",
    `const { WebhookClient, AuditLog } = require("webhook-delete");
const sinkModule = require("webhook-delete/node");
(async () => {${common("webhook_1010", "cjs-audit.jsonl")}
})().catch((e) => { console.error(e); process.exit(1); });`,
  );
  for (const [how, out, id] of [["import", esm, "webhook_1006"], ["require", cjs, "webhook_1010"]]) {
    assert.deepEqual(out.kinds, ["function", "function", "function"], `${how}("webhook-delete/node") exports`);
    assert.equal(out.pending, 0, `${how}: the file sink left entries pending`);
    assert.deepEqual(out.entries, [[id, "deleted"]], `${how}: audit file contents`);
    assert.equal(out.sameAuditLogClass, true, `${how}: auditLogFromFile must return the AuditLog class of "webhook-delete"`);
    assert.equal(out.logLength, 1);
  }
  const ids = await storeIds();
  assert.deepEqual(ids, SEEDED.filter((x) => x !== "webhook_1006" && x !== "webhook_1010"));
});

test("Vite 7 build of a tiny app deletes a webhook in Chromium", async () => {
  const appDir = path.join(dir, "vite-app"); // resolves webhook-delete from dir/node_modules
  await cp(path.join(HERE, "vite-app"), appDir, { recursive: true });
  const { build } = await import("vite");
  await build({
    root: appDir,
    configFile: false,
    logLevel: "silent",
    build: { outDir: path.join(appDir, "dist"), emptyOutDir: true },
  });
  const assets = await readdir(path.join(appDir, "dist", "assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, `Vite should emit the wasm as an asset: ${assets}`);
  const bundle = (await Promise.all(assets.filter((f) => f.endsWith(".js")).map((f) =>
    import("node:fs/promises").then((fs) => fs.readFile(path.join(appDir, "dist", "assets", f), "utf8"))))).join("\n");
  assert.doesNotMatch(bundle, /require\(["'`](node:)?(fs|path|util)["'`]\)/, "the browser bundle must not contain the Node build");

  const site = await serveStatic({ "/": path.join(appDir, "dist") });
  try {
    const page = await runPage(await browserPage(), pageUrl(site.url, "webhook_1004"));
    assert.equal(page.state, "done", `page says: ${page.text}; errors: ${page.errors.join("; ")}`);
    assert.equal(page.text, "deleted webhook_1004 (audit: deleted)");
  } finally {
    await site.close();
  }
  await assertOnlyDeleted("webhook_1004");
});

test("plain <script type=\"module\"> page without a bundler deletes a webhook in Chromium", async () => {
  const site = await serveStatic({ "/": path.join(HERE, "plain-page"), "/pkg/": installed.packageDir });
  try {
    const page = await runPage(await browserPage(), pageUrl(site.url, "webhook_1005"));
    assert.equal(page.state, "done", `page says: ${page.text}; errors: ${page.errors.join("; ")}`);
    assert.equal(page.text, "deleted webhook_1005 (audit: deleted)");
  } finally {
    await site.close();
  }
  await assertOnlyDeleted("webhook_1005");
});
