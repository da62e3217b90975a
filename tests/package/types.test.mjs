// The published TypeScript typings:
//   (a) a strict consumer (tests/types/consumer.ts) that uses the whole contract compiles;
//   (b) misuse (tests/types/misuse.ts) is rejected, on exactly the marked lines;
//   (c) no `any` in any published .d.ts;
//   (d) pkg/node/webhook_delete.d.ts equals the reviewed snapshot tests/types/webhook_delete.d.ts.snap
//       (UPDATE_SNAPSHOTS=1 rewrites it);
//   (e) through the packed package (no `paths`), TypeScript's node16 / nodenext / bundler resolution
//       picks the right typings for "webhook-delete" and "webhook-delete/node".
// Run: node --test --test-concurrency=1 tests/package/
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { PKG, ROOT, listFiles, packAndInstall, removeDir, run, tempDir } from "./support/package.mjs";

const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const TYPES = path.join(ROOT, "tests", "types");
const SNAPSHOT = path.join(TYPES, "webhook_delete.d.ts.snap");
const NODE_DTS = path.join(PKG, "node", "webhook_delete.d.ts");
const PUBLISHED_DTS = ["node/webhook_delete.d.ts", "web/webhook_delete.d.ts", "node-sink.d.ts"];

const temps = [];
after(() => Promise.all(temps.map(removeDir)));

/** Runs tsc with `args` in `cwd`; resolves to { code, output, errors: [{ file, line, col, code, text }] }. */
async function tsc(args, cwd = ROOT) {
  let code = 0;
  let output;
  try {
    const r = await run(process.execPath, [TSC, "--pretty", "false", ...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    output = r.stdout + r.stderr;
  } catch (error) {
    if (typeof error.code !== "number") throw error;
    code = error.code;
    output = error.stdout + error.stderr;
  }
  const errors = [...output.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/gm)].map((m) => ({
    file: m[1], line: Number(m[2]), col: Number(m[3]), code: m[4], text: m[5],
  }));
  return { code, output, errors };
}

/** tsc's output without the --listFiles lines of TypeScript's own lib files. */
const withoutLibs = (output) => output.split("\n").filter((l) => !/typescript[\\/]lib[\\/]lib\.[\w.]+\.d\.ts$/.test(l)).join("\n");

test("(a) tests/types/consumer.ts compiles strictly against the published typings", async () => {
  const { code, output } = await tsc(["-p", path.join(TYPES, "tsconfig.json")]);
  assert.equal(code, 0, `tsc -p tests/types/tsconfig.json failed (strict, lib es2022+dom, skipLibCheck false):\n${output}`);
});

test("(b) tests/types/misuse.ts fails to compile, with an error on every marked line and nowhere else", async () => {
  const source = readFileSync(path.join(TYPES, "misuse.ts"), "utf8").split("\n");
  const expected = source
    .map((line, i) => ({ line: i + 1, code: line.match(/\/\/ error: (TS\d+)\s*$/)?.[1], text: line.trim() }))
    .filter((e) => e.code);
  assert.ok(expected.length >= 5, "misuse.ts should mark at least five lines");
  const { code, output, errors } = await tsc(["-p", path.join(TYPES, "tsconfig.misuse.json")]);
  assert.notEqual(code, 0, `misuse.ts compiled, but it must not:\n${output}`);
  // Errors inside the library's own .d.ts are (a)'s business; here only misuse.ts counts.
  const inMisuse = errors.filter((e) => /(^|[\\/])misuse\.ts$/.test(e.file));
  for (const e of expected) {
    const hit = inMisuse.find((x) => x.line === e.line);
    assert.ok(hit, `misuse.ts:${e.line} was accepted but must be an error (${e.code}): ${e.text}\n${output}`);
    assert.equal(hit.code, e.code, `misuse.ts:${e.line} failed with ${hit.code} (${hit.text}), expected ${e.code}: ${e.text}`);
  }
  const unexpected = inMisuse.filter((x) => !expected.some((e) => e.line === x.line));
  assert.deepEqual(unexpected, [], "errors on unmarked lines of misuse.ts");
});

test("(c) no `any` in any published .d.ts", async () => {
  const anyType = /(:|<|\||=>|,|\()\s*any\b/;
  const all = (await listFiles(PKG)).filter((f) => f.endsWith(".d.ts"));
  for (const f of PUBLISHED_DTS) assert.ok(all.includes(f), `pkg/${f} is missing`);
  const hits = [];
  for (const f of all) {
    readFileSync(path.join(PKG, f), "utf8").split("\n").forEach((line, i) => {
      if (anyType.test(line)) hits.push(`pkg/${f}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(hits, [], `published typings contain 'any':\n${hits.join("\n")}`);
});

/** A short line diff (LCS) of two texts, with 2 lines of context, at most `max` output lines. */
function shortDiff(a, b, max = 60) {
  const x = a.split("\n");
  const y = b.split("\n");
  const n = x.length;
  const m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ t: " ", s: x[i], a: ++i, b: ++j });
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ t: "-", s: x[i], a: ++i, b: j });
    else ops.push({ t: "+", s: y[j], a: i, b: ++j });
  }
  const keep = new Set();
  ops.forEach((op, k) => {
    if (op.t !== " ") for (let c = k - 2; c <= k + 2; c++) keep.add(c);
  });
  const out = [];
  let last = -2;
  ops.forEach((op, k) => {
    if (!keep.has(k) || k >= ops.length) return;
    if (k !== last + 1) out.push(`@@ snapshot line ${op.a}, current line ${op.b} @@`);
    out.push(`${op.t}${op.s}`);
    last = k;
  });
  return out.length > max ? [...out.slice(0, max), `... (${out.length - max} more diff lines)`].join("\n") : out.join("\n");
}

test("(d) pkg/node/webhook_delete.d.ts matches the reviewed snapshot", () => {
  const current = readFileSync(NODE_DTS, "utf8");
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    writeFileSync(SNAPSHOT, current);
    console.log(`updated ${path.relative(ROOT, SNAPSHOT)}`);
    return;
  }
  assert.ok(existsSync(SNAPSHOT), `no snapshot yet: review pkg/node/webhook_delete.d.ts and run \`UPDATE_SNAPSHOTS=1 node --test tests/package/types.test.mjs\``);
  const snapshot = readFileSync(SNAPSHOT, "utf8");
  if (current === snapshot) return;
  assert.fail(
    `pkg/node/webhook_delete.d.ts differs from tests/types/webhook_delete.d.ts.snap (- snapshot, + current):\n` +
      `${shortDiff(snapshot, current)}\n` +
      "review and run `UPDATE_SNAPSHOTS=1 node --test tests/package/types.test.mjs`",
  );
});

// (e) Real package resolution: the packed tarball in a temp node_modules, no `paths`. These two tests
// are only about resolution ((a) checks the typings themselves), so they skip checking .d.ts files,
// which also keeps them fast.
let packed;
async function packedProject() {
  if (packed) return packed;
  const dir = await tempDir("webhook-delete-types-");
  temps.push(dir);
  await packAndInstall(dir);
  await writeFile(path.join(dir, "esm.mts"), [
    'import { WebhookClient, AuditLog, isWebhookError, type DeleteResult } from "webhook-delete";',
    "const client = new WebhookClient({ apiKey: \"k\", audit: new AuditLog() });",
    "export const r: Promise<DeleteResult> = client.deleteWebhook(\"a\");",
    "export const is: boolean = isWebhookError(null);",
    "",
  ].join("\n"));
  await writeFile(path.join(dir, "cjs.cts"), [
    'import { WebhookClient, type DeleteResult } from "webhook-delete";',
    "export const r: Promise<DeleteResult> = new WebhookClient({ apiKey: \"k\" }).deleteWebhook(\"a\");",
    "",
  ].join("\n"));
  await writeFile(path.join(dir, "sink-esm.mts"), [
    'import { AuditLog } from "webhook-delete";',
    'import { fileSink, readAuditFile, type FileSink } from "webhook-delete/node";',
    'const sink: FileSink = fileSink("audit.jsonl");',
    "export const log = new AuditLog({ sink });",
    'export const entries = readAuditFile("audit.jsonl");',
    "",
  ].join("\n"));
  await writeFile(path.join(dir, "sink-cjs.cts"), [
    'import { AuditLog } from "webhook-delete";',
    'import { fileSink, auditLogFromFile, type FileSink } from "webhook-delete/node";',
    'const sink: FileSink = fileSink("audit.jsonl");',
    "export const log = new AuditLog({ sink });",
    'export const restored: Promise<AuditLog> = auditLogFromFile("audit.jsonl");',
    "",
  ].join("\n"));
  await writeFile(path.join(dir, "web.ts"), [
    'import init, { WebhookClient, initSync, type InitOutput } from "webhook-delete";',
    "const ready: Promise<InitOutput> = init();",
    "await ready;",
    "export const sync: typeof initSync = initSync;",
    'export const client = new WebhookClient({ apiKey: "k", provider: "generic", baseUrl: "http://localhost:1" });',
    "",
  ].join("\n"));
  const base = { strict: true, noEmit: true, skipLibCheck: true, lib: ["es2022", "dom"], types: [], target: "es2022" };
  const configs = {
    node16: { module: "node16", moduleResolution: "node16" },
    nodenext: { module: "nodenext", moduleResolution: "nodenext" },
    bundler: { module: "esnext", moduleResolution: "bundler" },
  };
  for (const [name, opts] of Object.entries(configs)) {
    for (const [suffix, files] of Object.entries({ main: name === "bundler" ? ["web.ts"] : ["esm.mts", "cjs.cts"], sink: ["sink-esm.mts", "sink-cjs.cts"] })) {
      if (name === "bundler" && suffix === "sink") continue;
      await writeFile(path.join(dir, `tsconfig.${name}.${suffix}.json`), JSON.stringify({ compilerOptions: { ...base, ...opts }, files }, null, 2));
    }
  }
  packed = dir;
  return dir;
}

/** The program's files below node_modules/webhook-delete, from tsc --listFiles. */
const packageFiles = (output) =>
  output.split("\n").map((l) => l.trim()).filter((l) => l.includes("node_modules/webhook-delete/"))
    .map((l) => l.slice(l.indexOf("node_modules/webhook-delete/") + "node_modules/webhook-delete/".length)).sort();

test("(e) exports map: node16/nodenext get the node typings (ESM and CJS), bundler the web typings with init()", async () => {
  const dir = await packedProject();
  for (const mode of ["node16", "nodenext"]) {
    const { code, output } = await tsc(["-p", `tsconfig.${mode}.main.json`, "--listFiles"], dir);
    assert.equal(code, 0, `${mode}: ESM (.mts) and CJS (.cts) consumers of "webhook-delete" must compile:\n${withoutLibs(output)}`);
    assert.deepEqual(packageFiles(output), ["node/webhook_delete.d.ts"], `${mode} resolved the wrong typings`);
  }
  const { code, output } = await tsc(["-p", "tsconfig.bundler.main.json", "--listFiles"], dir);
  assert.equal(code, 0, `bundler: a browser consumer using init() must compile:\n${withoutLibs(output)}`);
  assert.deepEqual(packageFiles(output), ["web/webhook_delete.d.ts"], "bundler resolution must get the web typings");
});

test("(e) webhook-delete/node typings work for ESM (.mts) and CommonJS (.cts) consumers under node16 and nodenext", async () => {
  const dir = await packedProject();
  for (const mode of ["node16", "nodenext"]) {
    const { code, output } = await tsc(["-p", `tsconfig.${mode}.sink.json`, "--listFiles"], dir);
    assert.equal(code, 0, `${mode}: consumers of "webhook-delete/node" must compile:\n${withoutLibs(output)}`);
    const files = packageFiles(output);
    assert.ok(files.includes("node/webhook_delete.d.ts") && files.some((f) => f.startsWith("node-sink.d.")), `${mode}: ${files}`);
    assert.deepEqual(files.filter((f) => !/^(node-sink\.d\.[cm]?ts|node\/webhook_delete\.d\.ts)$/.test(f)), [], `${mode}: unexpected typings`);
  }
});
