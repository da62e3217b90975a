// Tests of `webhook-delete/node` (pkg/node-sink.mjs and pkg/node-sink.cjs, copied there from js/
// by the build): the JSONL file sink (group commit, one `deleted` entry per id, torn tails),
// readAuditFile and auditLogFromFile. fileJournal has its own file (file-journal.test.mjs).
//   cp js/node-sink.* js/cli.mjs pkg/ && node --test tests/js/
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startMock, sampleWebhooks, API_KEY } from "./support/mock-control.mjs";
import { spyFileHandles } from "./support/fs-spy.mjs";
import { WebhookClient, AuditLog, isWebhookError } from "../../pkg/node/webhook_delete.js";
import { fileSink, readAuditFile, auditLogFromFile } from "../../pkg/node-sink.mjs";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let mock;
let dir;
let fileNo = 0;
const tmpFile = (name = "audit") => join(dir, `${name}-${++fileNo}.jsonl`);

/** A complete AuditEntry (AuditLog.fromJSONL checks every field). */
const entry = (webhookId, outcome = "deleted") => ({
  webhookId, action: "delete", outcome, success: outcome === "deleted", deletedAt: "2024-01-15T10:30:00Z",
  deletedBy: "test", attempts: 1, durationMs: 5, finalStatistics: null, requestId: null, error: null,
});

before(async () => {
  mock = await startMock();
  dir = await mkdtemp(join(tmpdir(), "webhook-delete-sink-"));
});
after(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await mock.reset();
  await mock.add(sampleWebhooks());
});

function node(args, env = {}) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`node ${args[0]} failed: ${err.message}\n${stdout}\n${stderr}`));
      resolve(stdout);
    });
  });
}

test("entries written by a client in a child process survive its exit, in order, one line each", async () => {
  const file = tmpFile();
  const script = join(dir, "child.mjs");
  await writeFile(script, `
    import { WebhookClient, AuditLog } from ${JSON.stringify(pathToFileURL(join(PKG, "node/webhook_delete.js")).href)};
    import { fileSink } from ${JSON.stringify(pathToFileURL(join(PKG, "node-sink.mjs")).href)};
    const audit = new AuditLog({ sink: fileSink(process.env.AUDIT_FILE) });
    const client = new WebhookClient({ apiKey: process.env.KEY, provider: "generic", baseUrl: process.env.BASE_URL,
      audit, actor: "child", retry: false });
    await client.deleteMany(["wh_busy", "nope", "wh_fresh", "wh_stale"], { concurrency: 4 });
    await client.safeDelete("wh_busy", {});
    try { await client.deleteWebhook("wh_off_missing", {}); } catch {}
    const remaining = await audit.flush();
    process.stdout.write(JSON.stringify({ remaining, history: audit.history() }));
    process.exit(0); // no close(): flush() must be enough before a hard exit
  `);
  const out = JSON.parse(await node([script], { AUDIT_FILE: file, KEY: API_KEY, BASE_URL: mock.generic }));
  assert.equal(out.remaining, 0);
  assert.equal(out.history.length, 6);

  const text = await readFile(file, "utf8");
  const lines = text.split("\n");
  assert.equal(lines.pop(), "", "the file ends with a newline");
  assert.equal(lines.length, 6, "one line per delete call");
  assert.deepEqual(lines.map((l) => JSON.parse(l)), out.history, "every entry, in the child's order");

  const entries = await readAuditFile(file);
  assert.deepEqual(entries, out.history);
  assert.deepEqual(entries.slice(4).map((e) => [e.webhookId, e.outcome]), [["wh_busy", "not_found"], ["wh_off_missing", "not_found"]]);
  assert.deepEqual(entries.slice(0, 4).map((e) => e.webhookId).sort(), ["nope", "wh_busy", "wh_fresh", "wh_stale"]);
  for (const e of entries) assert.equal(e.deletedBy, "child");
  assert.ok(!text.includes(API_KEY));

  const log = await auditLogFromFile(file);
  assert.ok(log instanceof AuditLog);
  assert.equal(log.length, 6);
  assert.deepEqual(log.history(), out.history);
  assert.deepEqual(log.history("wh_busy").map((e) => e.outcome), ["deleted", "not_found"]);
});

test("a sink into a missing directory keeps entries pending; flush() delivers them in order later", async () => {
  const sub = join(dir, `later-${++fileNo}`);
  const file = join(sub, "audit.jsonl");
  const audit = new AuditLog({ sink: fileSink(file) });
  const client = new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl: mock.generic, audit, retry: false });
  const ids = ["wh_stale", "nope", "wh_busy", "wh_off"];
  for (const id of ids) await client.safeDelete(id, {}); // the deletes succeed although the sink fails
  assert.deepEqual((await mock.ids()).sort(), ["wh_fresh"]);
  assert.equal(audit.length, 4);
  assert.equal(audit.pending, 4);
  assert.equal(await audit.flush(), 4, "still failing: all four remain");
  assert.equal(existsSync(file), false);

  await mkdir(sub);
  assert.equal(await audit.flush(), 0);
  assert.equal(audit.pending, 0);
  const entries = await readAuditFile(file);
  assert.deepEqual(entries.map((e) => e.webhookId), ids);
  assert.deepEqual(entries.map((e) => e.outcome), ["deleted", "not_found", "deleted", "deleted"]);
  assert.deepEqual(entries, audit.history());
  assert.equal(await audit.flush(), 0);
  assert.equal((await readAuditFile(file)).length, 4, "a second flush writes nothing twice");
});

test("concurrent calls are written whole and in call order; a failed write rejects", async () => {
  const file = tmpFile();
  const sink = fileSink(file);
  const big = "x".repeat(100_000);
  const entries = Array.from({ length: 200 }, (_, i) => ({ webhookId: `wh_${i}`, pad: i % 7 === 0 ? big : "" }));
  await Promise.all(entries.map((e) => sink(e)));
  const back = await readAuditFile(file);
  assert.deepEqual(back, entries);

  const bad = fileSink(join(dir, "no", "such", "dir.jsonl"));
  await assert.rejects(bad({ webhookId: "a" }), { code: "ENOENT" });
  const circular = {};
  circular.self = circular;
  await assert.rejects(sink(circular), TypeError);
  await sink({ webhookId: "after" }); // the chain goes on after a failure
  assert.equal((await readAuditFile(file)).at(-1).webhookId, "after");
});

test("fsync: true writes through datasync; close() waits for queued writes, then rejects new ones", async () => {
  const file = tmpFile();
  const sink = fileSink(file, { fsync: true });
  const writes = [sink({ n: 1 }), sink({ n: 2 }), sink({ n: 3 })];
  await sink.close();
  assert.deepEqual((await readAuditFile(file)).map((e) => e.n), [1, 2, 3]);
  await Promise.all(writes);
  await assert.rejects(sink({ n: 4 }), /closed/);
  await sink.close();
  assert.equal((await readAuditFile(file)).length, 3);
  assert.throws(() => fileSink(""), TypeError);
});

test("readAuditFile skips blank lines and names the line of a malformed one", async () => {
  const file = tmpFile();
  await writeFile(file, `${JSON.stringify(entry("a"))}\n\n  \r\n${JSON.stringify(entry("b"))}\r\n`);
  assert.deepEqual((await readAuditFile(file)).map((e) => e.webhookId), ["a", "b"]);
  const a = JSON.stringify(entry("a"));
  await writeFile(file, `${a}\n\n{"webhookId":\n`);
  await assert.rejects(readAuditFile(file), (err) => err instanceof Error && /line 3\b/.test(err.message));
  await writeFile(file, `${a}\n42\n`);
  await assert.rejects(readAuditFile(file), /line 2\b/);
  await writeFile(file, `${a}\n\n{"webhookId":\n`);
  await assert.rejects(auditLogFromFile(file), (err) => isWebhookError(err) && err.code === "invalid_input" && /3/.test(err.message));
  await assert.rejects(readAuditFile(join(dir, "missing.jsonl")), { code: "ENOENT" });
});

const lines = async (file) => (await readFile(file, "utf8")).split("\n").slice(0, -1);

test("group commit: entries queued while a write is in progress go out together in the next append", async () => {
  const file = tmpFile();
  const sink = fileSink(file, { fsync: true });
  const line = (e) => JSON.stringify(e) + "\n";
  const later = Array.from({ length: 500 }, (_, i) => entry(`wh_${i + 1}`, i % 3 ? "deleted" : "failed"));
  let queued = [];
  // The 500 arrive while the first entry's write is in progress.
  const spy = await spyFileHandles({ onWrite: () => queued.length === 0 && (queued = later.map((e) => sink(e))) });
  try {
    await sink(entry("wh_0", "not_found"));
    await Promise.all(queued);
  } finally {
    spy.restore();
  }
  const rest = later.map(line).join("");
  assert.deepEqual(spy.events, [`write:${line(entry("wh_0", "not_found")).length}`, "datasync", "sync", `write:${rest.length}`, "datasync"],
    "one append and one datasync per batch; the directory synced once");
  assert.equal(await readFile(file, "utf8"), line(entry("wh_0", "not_found")) + rest, "in call order");

  // A burst called in one go is one append too.
  const again = await spyFileHandles();
  try {
    await Promise.all(Array.from({ length: 300 }, (_, i) => sink(entry(`burst_${i}`))));
  } finally {
    again.restore();
  }
  assert.deepEqual(again.events.map((e) => e.split(":")[0]), ["write", "datasync"]);
  assert.equal((await lines(file)).length, 801);
  await sink.close();
});

test("a failed write rejects its batch and every entry queued behind it; redelivered, they keep call order", async () => {
  const sub = join(dir, `missing-${++fileNo}`);
  const file = join(sub, "audit.jsonl");
  const sink = fileSink(file, { fsync: true });
  const calls = ["a", "b", "c", "d"].map((id) => sink(entry(id, "not_found")));
  const settled = await Promise.allSettled(calls);
  assert.deepEqual(settled.map((s) => s.status), ["rejected", "rejected", "rejected", "rejected"]);
  assert.equal(settled[3].reason.code, "ENOENT");
  await mkdir(sub);
  await Promise.all(["a", "b", "c", "d"].map((id) => sink(entry(id, "not_found"))));
  assert.deepEqual((await readAuditFile(file)).map((e) => e.webhookId), ["a", "b", "c", "d"]);
});

test("deleteMany of 20,000 ids aborted just after the start resolves at once; flush() writes one line per id", async (t) => {
  const res = await fetch(`${mock.url}/__mock/reset`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ seed: false, latencyMs: 20, generate: 20_000 }),
  });
  assert.equal(res.status, 200);
  const file = tmpFile();
  const audit = new AuditLog({ sink: fileSink(file, { fsync: true }) });
  const client = new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl: mock.generic, audit, retry: false });
  const ids = Array.from({ length: 20_000 }, (_, i) => `wh_gen_${String(i + 1).padStart(6, "0")}`);
  const controller = new AbortController();
  let abortedAt = 0;
  const onProgress = (p) => {
    if (p.done === 16 && abortedAt === 0) {
      abortedAt = performance.now();
      controller.abort();
    }
  };
  const result = await client.deleteMany(ids, { concurrency: 8, signal: controller.signal, onProgress });
  const resolveMs = performance.now() - abortedAt;
  assert.ok(abortedAt > 0, "the run was aborted");
  assert.equal(result.total, 20_000);
  assert.equal(result.deleted + result.notFound + result.failed + result.skipped, 20_000);
  assert.ok(result.skipped > 19_000, `ids never sent: ${result.skipped}`);
  // Measured: ~50 ms. A generous bound: the point is that it does not wait for 20,000 appends.
  assert.ok(resolveMs < 1000, `deleteMany resolved ${Math.round(resolveMs)} ms after the abort`);

  const flushStart = performance.now();
  assert.equal(await audit.flush(), 0);
  const flushMs = performance.now() - flushStart;
  const written = (await lines(file)).map((l) => JSON.parse(l));
  assert.equal(written.length, 20_000, "one line per id");
  assert.equal(new Set(written.map((e) => e.webhookId)).size, 20_000);
  assert.equal(written.filter((e) => e.outcome === "deleted").length, result.deleted);
  // Measured: ~0.15 s in ~80 appends; one datasync'd append per entry took 4.6 s on the same machine.
  assert.ok(flushMs < 3000, `flush() took ${Math.round(flushMs)} ms`);
  t.diagnostic(`deleteMany resolved ${Math.round(resolveMs)} ms after the abort; flush() wrote 20,000 lines in ${Math.round(flushMs)} ms`);
});

test("one deleted entry per id: a replay of an earlier process's deleted entry is dropped, other outcomes are kept", async () => {
  const file = tmpFile();
  // An earlier process: its own sink, and lines in another key order and spacing.
  const earlier = fileSink(file, { fsync: true });
  await Promise.all([earlier(entry("wh_a")), earlier(entry("wh_b", "not_found")), earlier(entry("wh_c", "failed"))]);
  await earlier.close();
  const { webhookId, outcome, ...rest } = entry("wh_d");
  await appendFile(file, `{ "outcome": "${outcome}", ${JSON.stringify(rest).slice(1, -1)}, "webhookId": "${webhookId}" }\n`);
  const before = await readFile(file, "utf8");

  const sink = fileSink(file, { fsync: true });
  await sink(entry("wh_a")); // a replay: dropped
  await sink(entry("wh_d")); // a replay of the hand-written line: dropped
  assert.equal(await readFile(file, "utf8"), before, "nothing written for replays");
  await Promise.all([
    sink(entry("wh_a", "not_found")), // other outcomes of a deleted id are written
    sink(entry("wh_b")), // wh_b was not_found before: its first deleted entry
    sink(entry("wh_c")),
    sink(entry("wh_e")),
    sink(entry("wh_c", "failed")),
    sink(entry("wh_e")), // a replay within the same batch
  ]);
  const added = (await readAuditFile(file)).slice(4).map((e) => [e.webhookId, e.outcome]);
  assert.deepEqual(added, [["wh_a", "not_found"], ["wh_b", "deleted"], ["wh_c", "deleted"], ["wh_e", "deleted"], ["wh_c", "failed"]]);
});

test("one deleted entry per id against the sink's own writes; restore and failure entries are never dropped", async () => {
  const file = tmpFile();
  const sink = fileSink(file);
  await sink(entry("x"));
  await sink(entry("x"));
  await Promise.all([sink(entry("y")), sink(entry("y")), sink(entry("x"))]);
  for (const outcome of ["not_found", "failed", "conflict", "aborted", "cancelled", "changed"]) {
    await Promise.all([sink(entry("x", outcome)), sink(entry("x", outcome))]);
  }
  const restore = { ...entry("x", "restored"), action: "restore", restoredAs: "x2" };
  await Promise.all([sink(restore), sink(restore)]);
  const back = (await readAuditFile(file)).map((e) => `${e.webhookId}:${e.outcome}`);
  assert.deepEqual(back, ["x:deleted", "y:deleted",
    "x:not_found", "x:not_found", "x:failed", "x:failed", "x:conflict", "x:conflict", "x:aborted", "x:aborted",
    "x:cancelled", "x:cancelled", "x:changed", "x:changed", "x:restored", "x:restored"]);
});

test("many deleted ids: replays of thousands are dropped and new ids written, across a reopened file", async () => {
  const file = tmpFile();
  const first = fileSink(file, { fsync: true });
  const n = 5000;
  await Promise.all(Array.from({ length: n }, (_, i) => first(entry(`id_${i}`))));
  const second = fileSink(file, { fsync: true });
  // Every earlier id again (replays), interleaved with as many new ones and a failure each.
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(second(entry(`id_${i}`)), second(entry(`new_${i}`)), second(entry(`id_${i}`, "failed")));
  await Promise.all(calls);
  const back = await readAuditFile(file);
  assert.equal(back.length, 3 * n);
  const deleted = back.filter((e) => e.outcome === "deleted").map((e) => e.webhookId);
  assert.equal(new Set(deleted).size, deleted.length, "no id has two deleted entries");
  assert.equal(back.filter((e) => e.outcome === "failed").length, n);
});

test("a match in the deleted index is confirmed against the line on disk before an entry is dropped", async () => {
  const file = tmpFile();
  const sink = fileSink(file);
  await sink(entry("wh_aa"));
  // The line the index points at now holds another id (same length, same offset): a candidate
  // that is not the same id must not drop the entry.
  await writeFile(file, `${JSON.stringify(entry("wh_zz"))}\n`);
  await sink(entry("wh_aa"));
  assert.deepEqual((await readAuditFile(file)).map((e) => e.webhookId), ["wh_zz", "wh_aa"]);
  await sink(entry("wh_aa"));
  assert.equal((await readAuditFile(file)).length, 2, "the confirmed replay is dropped");
});

test("the sink cuts off a torn last line before it appends, and terminates a complete one", async () => {
  const a = JSON.stringify(entry("a"));
  const file = tmpFile();
  await writeFile(file, `${a}\n${JSON.stringify(entry("b")).slice(0, 40)}`);
  const sink = fileSink(file, { fsync: true });
  await sink(entry("c", "not_found"));
  assert.equal(await readFile(file, "utf8"), `${a}\n${JSON.stringify(entry("c", "not_found"))}\n`);

  // A last line that is whole JSON but lacks its newline is kept, and counts as deleted.
  const other = tmpFile();
  await writeFile(other, `${a}\n${JSON.stringify(entry("b"))}`);
  const again = fileSink(other);
  await again(entry("b")); // a replay of the unterminated line: dropped
  await again(entry("d"));
  assert.deepEqual((await readAuditFile(other)).map((e) => e.webhookId), ["a", "b", "d"]);
});

test("readAuditFile keeps every complete line of a file whose last line is torn, and reports the torn one", async () => {
  const file = tmpFile();
  const a = JSON.stringify(entry("a"));
  const b = JSON.stringify(entry("b"));
  await writeFile(file, `${a}\n\n${b}\n{"webhookId":"c","outco`);
  const entries = await readAuditFile(file);
  assert.deepEqual(entries, [entry("a"), entry("b")], "torn is not an enumerable property");
  assert.deepEqual(entries.torn, { line: 4, text: '{"webhookId":"c","outco' });
  assert.equal(JSON.stringify(entries), JSON.stringify([entry("a"), entry("b")]));
  assert.equal((await auditLogFromFile(file)).length, 2, "auditLogFromFile reads the complete lines");

  await writeFile(file, `${a}\n${b}\n`);
  assert.equal((await readAuditFile(file)).torn, null);
  await writeFile(file, `${a}\n${b}`);
  const unterminated = await readAuditFile(file);
  assert.deepEqual(unterminated.map((e) => e.webhookId), ["a", "b"], "a complete last line without newline is an entry");
  assert.equal(unterminated.torn, null);
  assert.equal((await auditLogFromFile(file)).length, 2);

  // Only the last line may be torn: a malformed line elsewhere still fails the file, by number.
  await writeFile(file, `${a}\n{"webhookId":\n${b}\n{"webhookId":"c"`);
  await assert.rejects(readAuditFile(file), /line 2\b/);
  await assert.rejects(auditLogFromFile(file), (err) => isWebhookError(err) && err.code === "invalid_input" && /line 2\b/.test(err.message));
  await writeFile(file, `${a}\n{"webhookId":"c"\n`);
  await assert.rejects(readAuditFile(file), /line 2\b/, "a terminated line is never torn");
  await writeFile(file, `${a}\n42`);
  await assert.rejects(readAuditFile(file), /line 2 is not a JSON object/);
});

test("readAuditFile streams lines longer than its read chunk, multi-byte characters across chunk edges included", async () => {
  const file = tmpFile();
  const long = (id, n) => ({ ...entry(id, "failed"), error: { code: "http_error", message: "é€".repeat(n), status: 400 } });
  const written = [long("a", 50_000), entry("b"), long("c", 33_333), entry("d", "not_found")];
  await writeFile(file, written.map((e) => JSON.stringify(e) + "\n").join(""));
  assert.deepEqual(await readAuditFile(file), written);
  const sink = fileSink(file);
  await sink(entry("a")); // indexes the file (long lines included), then writes
  await sink(entry("b")); // a replay of a line between two long ones: dropped
  assert.deepEqual((await readAuditFile(file)).map((e) => `${e.webhookId}:${e.outcome}`), ["a:failed", "b:deleted", "c:failed", "d:not_found", "a:deleted"]);
});

test("CommonJS: require() of pkg/node-sink.cjs works and matches the ES module", async () => {
  const file = tmpFile();
  const out = await node(["-e", `
    const sinkModule = require(${JSON.stringify(join(PKG, "node-sink.cjs"))});
    const { AuditLog } = require(${JSON.stringify(join(PKG, "node/webhook_delete.js"))});
    (async () => {
      const sink = sinkModule.fileSink(process.env.AUDIT_FILE);
      await sink(${JSON.stringify(entry("cjs"))});
      await sink.close();
      const entries = await sinkModule.readAuditFile(process.env.AUDIT_FILE);
      const log = await sinkModule.auditLogFromFile(process.env.AUDIT_FILE);
      console.log(JSON.stringify({ keys: Object.keys(sinkModule).sort(), entries, isLog: log instanceof AuditLog }));
    })().catch((e) => { console.error(e); process.exit(1); });
  `], { AUDIT_FILE: file });
  const res = JSON.parse(out);
  assert.deepEqual(res.keys, ["auditLogFromFile", "fileJournal", "fileSink", "readAuditFile"]);
  assert.deepEqual(res.entries, [entry("cjs")]);
  assert.equal(res.isLog, true);
});

test("node-sink.d.ts has no any and type-checks against the library's types", async (t) => {
  const dts = await readFile(join(PKG, "node-sink.d.ts"), "utf8");
  assert.doesNotMatch(dts.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ""), /\bany\b/);
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) return t.skip("typescript is not installed");
  const src = join(dir, "use-sink.ts");
  await writeFile(src, `
    import { fileSink, readAuditFile, auditLogFromFile, fileJournal, type FileSink, type FileJournal, type AuditFileEntries, type TornLine } from ${JSON.stringify(join(PKG, "node-sink.js"))}; // TS maps .js to the .d.ts
    import { AuditLog, WebhookClient, type AuditEntry, type AuditSink, type BulkJournal } from ${JSON.stringify(join(PKG, "node/webhook_delete.js"))};
    const sink: FileSink = fileSink("/tmp/x.jsonl", { fsync: true });
    const asSink: AuditSink = sink;
    const log = new AuditLog({ sink: asSink });
    const journal: FileJournal = fileJournal("/tmp/x.journal");
    const asJournal: BulkJournal = journal;
    export async function use(client: WebhookClient): Promise<number> {
      const file: AuditFileEntries = await readAuditFile("/tmp/x.jsonl");
      const entries: AuditEntry[] = file;
      const torn: TornLine | null = file.torn;
      const where: number = torn === null ? 0 : torn.line + torn.text.length;
      // @ts-expect-error torn is read-only
      file.torn = null;
      const back: AuditLog = await auditLogFromFile("/tmp/x.jsonl");
      const done: Promise<void> = sink(entries[0]);
      await done;
      await sink.close();
      const text: string = await journal.read();
      const appended: Promise<void> = journal.append(text);
      await appended;
      await client.deleteMany(["a"], { journal: asJournal, keepResults: false });
      // @ts-expect-error append takes a string
      journal.append(["line"]);
      // @ts-expect-error fsync must be a boolean
      fileSink("/tmp/y.jsonl", { fsync: "yes" });
      return back.length + log.length + where;
    }
  `);
  // lib dom for the Request/Response/AbortSignal of the library's typings (no @types/node needed).
  await node([tsc, "--noEmit", "--strict", "--target", "es2022", "--lib", "es2022,dom,esnext.disposable",
    "--module", "nodenext", "--moduleResolution", "nodenext", src]);
});
