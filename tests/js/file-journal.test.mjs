// Tests of fileJournal (webhook-delete/node): a BulkJournal in a file. read() and append()
// semantics, durability (write, datasync, directory sync, then resolve), group commit, torn
// tails left by a crash, and runs of the library resumed through it.
//   cp js/node-sink.* pkg/ && node --test tests/js/file-journal.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMockApi } from "../mock/server.mjs";
import { spyFileHandles } from "./support/fs-spy.mjs";
import { WebhookClient, AuditLog, isWebhookError } from "../../pkg/node/webhook_delete.js";
import { fileJournal, fileSink, readAuditFile } from "../../pkg/node-sink.mjs";

const API_KEY = "test-key";
let api;
let dir;
let fileNo = 0;
const tmpFile = (name = "journal") => join(dir, `${name}-${++fileNo}.jsonl`);
const genIds = (n) => Array.from({ length: n }, (_, i) => `wh_gen_${String(i + 1).padStart(6, "0")}`);
const deletesSent = () => api.state.byMethod.DELETE ?? 0;

before(async () => {
  api = await startMockApi({ seed: false, latencyMs: 10 });
  dir = await mkdtemp(join(tmpdir(), "webhook-delete-journal-"));
});
after(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

test("read() is \"\" until the first append creates the file; append() adds whole lines; bad input is refused", async () => {
  const file = tmpFile();
  const journal = fileJournal(file);
  assert.equal(await journal.read(), "");
  assert.equal(existsSync(file), false, "reading does not create the file");
  await journal.append('{"run":1}\n');
  assert.equal(await journal.read(), '{"run":1}\n');
  await journal.append('{"start":["a"]}\n{"start":["b"]}\n');
  await journal.append('{"end":[["a","deleted"]]}'); // ends on a line boundary: a newline is added
  await journal.append("");
  const text = '{"run":1}\n{"start":["a"]}\n{"start":["b"]}\n{"end":[["a","deleted"]]}\n';
  assert.equal(await journal.read(), text);
  assert.equal(await fileJournal(file).read(), text, "another journal on the same file reads the same");

  await assert.rejects(journal.append(42), TypeError);
  await assert.rejects(journal.append(null), TypeError);
  assert.throws(() => fileJournal(""), TypeError);
  await assert.rejects(fileJournal(dir).read(), { code: "EISDIR" }, "only a missing file reads as empty");
  assert.equal(await journal.read(), text);
});

test("append() resolves only once its lines are written and datasynced; the directory is synced once", async () => {
  const file = tmpFile();
  const journal = fileJournal(file);
  const spy = await spyFileHandles();
  try {
    await journal.append("one\n");
    spy.mark("resolved one");
    await journal.append("two\n");
    spy.mark("resolved two");
    await journal.append("three\n");
    spy.mark("resolved three");
  } finally {
    spy.restore();
  }
  assert.deepEqual(spy.events, [
    "write:4", "datasync", "sync", "resolved one",
    "write:4", "datasync", "resolved two",
    "write:6", "datasync", "resolved three",
  ]);
  assert.equal(await readFile(file, "utf8"), "one\ntwo\nthree\n");
});

test("concurrent appends are written whole and in call order, and those queued during a write share the next one", async () => {
  const file = tmpFile();
  const journal = fileJournal(file);
  const big = "x".repeat(100_000);
  const appends = Array.from({ length: 200 }, (_, i) => `{"n":${i},"pad":"${i % 7 === 0 ? big : ""}"}\n${i % 5 === 0 ? `{"m":${i}}\n` : ""}`);
  await Promise.all(appends.map((lines) => journal.append(lines)));
  assert.equal(await readFile(file, "utf8"), appends.join(""));

  // Group commit: 15 appends arrive while the first one's write is in progress.
  const other = tmpFile();
  const grouped = fileJournal(other);
  let queued = [];
  const spy = await spyFileHandles({
    onWrite: () => {
      if (queued.length > 0) return;
      queued = Array.from({ length: 15 }, (_, i) => grouped.append(`{"later":${i}}\n`).then(() => spy.mark(`resolved ${i}`)));
    },
  });
  try {
    await grouped.append('{"first":true}\n');
    spy.mark("resolved first");
    await Promise.all(queued);
  } finally {
    spy.restore();
  }
  const later = Array.from({ length: 15 }, (_, i) => `{"later":${i}}\n`).join("");
  assert.deepEqual(spy.events, [
    "write:15", "datasync", "sync", "resolved first",
    `write:${later.length}`, "datasync", ...Array.from({ length: 15 }, (_, i) => `resolved ${i}`),
  ], "one write and one datasync for the 15");
  assert.equal(await readFile(other, "utf8"), '{"first":true}\n' + later);
});

test("a torn last line left by a crash is cut off before the first append; a complete one is terminated", async () => {
  const file = tmpFile();
  await writeFile(file, '{"run":{"provider":"generic","baseUrl":"u"}}\n{"start":["a","b');
  const journal = fileJournal(file);
  assert.equal(await journal.read(), '{"run":{"provider":"generic","baseUrl":"u"}}\n{"start":["a","b', "read() gives the file as it is");
  await journal.append('{"start":["c"]}\n');
  assert.equal(await readFile(file, "utf8"), '{"run":{"provider":"generic","baseUrl":"u"}}\n{"start":["c"]}\n');

  const whole = tmpFile();
  await writeFile(whole, '{"run":{"provider":"generic","baseUrl":"u"}}');
  await fileJournal(whole).append('{"start":["c"]}\n');
  assert.equal(await readFile(whole, "utf8"), '{"run":{"provider":"generic","baseUrl":"u"}}\n{"start":["c"]}\n');
});

test("a failed append rejects (with those queued behind it); later appends go on", async () => {
  const sub = join(dir, `later-${++fileNo}`);
  const file = join(sub, "journal.jsonl");
  const journal = fileJournal(file);
  const settled = await Promise.allSettled([journal.append("a\n"), journal.append("b\n")]);
  assert.deepEqual(settled.map((s) => [s.status, s.reason?.code]), [["rejected", "ENOENT"], ["rejected", "ENOENT"]]);
  await mkdir(sub);
  await journal.append("c\n");
  assert.equal(await journal.read(), "c\n");
});

test("the library resumes through a journal whose last line a crash tore, and the run after reads it too", async () => {
  api.state.reset({ seed: false, generate: 300 });
  const ids = genIds(300);
  const journalFile = tmpFile();
  const auditFile = tmpFile("audit");
  const client = () => new WebhookClient({
    apiKey: API_KEY, provider: "generic", baseUrl: `${api.url}/generic`, retry: false,
    audit: new AuditLog({ sink: fileSink(auditFile, { fsync: true }) }),
  });

  // First run: the first 100 ids; then a crash tears an append after them.
  const first = await client().deleteMany(ids.slice(0, 100), { journal: fileJournal(journalFile), concurrency: 8 });
  assert.equal(first.deleted, 100);
  await appendFile(journalFile, '{"end":[["wh_gen_000101","del');
  const sentBefore = deletesSent();

  // Second run: the torn line reads as not written; ids that ended are not sent again.
  const c2 = client();
  const second = await c2.deleteMany(ids, { journal: fileJournal(journalFile), concurrency: 8 });
  assert.equal(await c2.audit.flush(), 0);
  assert.deepEqual([second.total, second.deleted, second.notFound, second.failed], [300, 300, 0, 0]);
  assert.equal(deletesSent() - sentBefore, 200, "only the ids the first run left were sent");
  const text = await readFile(journalFile, "utf8");
  assert.ok(text.endsWith("\n"));
  for (const [i, line] of text.trimEnd().split("\n").entries()) assert.doesNotThrow(() => JSON.parse(line), `journal line ${i + 1}: ${line}`);

  // Third run: reads the whole journal (no malformed line in the middle), sends nothing.
  const sentAfter = deletesSent();
  const third = await client().deleteMany(ids, { journal: fileJournal(journalFile), concurrency: 8 });
  assert.deepEqual([third.total, third.deleted, third.failed], [300, 300, 0]);
  assert.equal(deletesSent(), sentAfter);

  const entries = await readAuditFile(auditFile);
  assert.equal(entries.filter((e) => e.outcome === "deleted").length, 300, "one deleted entry per webhook");
  assert.equal(new Set(entries.filter((e) => e.outcome === "deleted").map((e) => e.webhookId)).size, 300);
});

test("an aborted run resumed with its journal leaves one deleted entry per webhook the server deleted", async () => {
  api.state.reset({ seed: false, generate: 300 });
  const ids = genIds(300);
  const journalFile = tmpFile();
  const auditFile = tmpFile("audit");
  const audit = new AuditLog({ sink: fileSink(auditFile, { fsync: true }) });
  const client = new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl: `${api.url}/generic`, retry: false, audit });
  const controller = new AbortController();
  const onProgress = (p) => p.done === 100 && controller.abort();
  const first = await client.deleteMany(ids, { journal: fileJournal(journalFile), concurrency: 8, signal: controller.signal, onProgress });
  assert.ok(first.results.some((r) => r.outcome === "failed" && r.error?.code === "aborted"), "the abort cut DELETEs in flight");
  const second = await client.deleteMany(ids, { journal: fileJournal(journalFile), concurrency: 8 });
  assert.equal(await audit.flush(), 0);
  const serverDeleted = new Set(api.state.snapshot({ method: "DELETE" }).requests.filter((r) => r.status === 200).map((r) => r.id));
  assert.equal(serverDeleted.size, 300);
  const deleted = (await readAuditFile(auditFile)).filter((e) => e.outcome === "deleted").map((e) => e.webhookId);
  assert.deepEqual([...new Set(deleted)].sort(), [...serverDeleted].sort(), "every webhook the server deleted has its deleted entry");
  assert.equal(deleted.length, serverDeleted.size);
  assert.equal(second.deleted, 300);
});

test("a journal for another API is refused before anything is sent", async () => {
  api.state.reset({ seed: false, generate: 5 });
  const file = tmpFile();
  await writeFile(file, '{"run":{"provider":"generic","baseUrl":"http://127.0.0.1:1/generic"}}\n');
  const client = new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl: `${api.url}/generic`, retry: false });
  await assert.rejects(client.deleteMany(genIds(5), { journal: fileJournal(file) }), (err) => isWebhookError(err) && err.code === "invalid_input" && /journal/.test(err.message));
  assert.equal(deletesSent(), 0);
});

test("throughput holds at concurrency 16: the journal keeps 16 DELETEs in flight", async (t) => {
  const n = 1000;
  const run = async (journal) => {
    api.state.reset({ seed: false, generate: n });
    const client = new WebhookClient({
      apiKey: API_KEY, provider: "generic", baseUrl: `${api.url}/generic`, retry: false,
      audit: new AuditLog({ sink: fileSink(tmpFile("audit"), { fsync: true }) }),
    });
    const started = performance.now();
    const result = await client.deleteMany(genIds(n), { concurrency: 16, keepResults: false, ...(journal ? { journal } : {}) });
    await client.audit.flush();
    return { ms: Math.round(performance.now() - started), result, maxInFlight: api.state.maxInFlight };
  };
  const plain = await run(null);
  const spy = await spyFileHandles();
  let journaled;
  try {
    journaled = await run(fileJournal(tmpFile()));
  } finally {
    spy.restore();
  }
  assert.equal(journaled.result.deleted, n);
  assert.equal(journaled.maxInFlight, 16, "16 DELETEs in flight with the journal");
  // Generous: the journal's datasyncs overlap the DELETEs instead of adding to each.
  assert.ok(journaled.ms < plain.ms * 3 + 1000, `with journal ${journaled.ms} ms, without ${plain.ms} ms`);
  t.diagnostic(`${n} ids at concurrency 16, 10 ms latency: ${plain.ms} ms without a journal, ${journaled.ms} ms with one; ` +
    `${spy.events.filter((e) => e === "datasync").length} datasyncs (journal and audit file)`);
});
