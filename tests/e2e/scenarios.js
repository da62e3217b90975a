// End-to-end scenarios of the WebAssembly client against the mock API. The same module runs under
// `wasm-pack test --node` and in headless Chromium (tests/e2e.rs wraps each export in one
// #[wasm_bindgen_test]). Each scenario resets the mock, acts through the public JavaScript surface
// (the real generated glue), and asserts on what the client returned and on what the mock recorded.

import {
  KEY, api, Client, lib, fail, eq, ok, mock, reset, add, faults, sent, stored, fast, generic, exa, rejection, thrown, isWebhookError, hooks,
} from "./support.js";
import { SCENARIOS as CONTRACT } from "./contract.js";

export { configure } from "./support.js";

// ---- issue: foundation --------------------------------------------------------------------

async function genericDeleteMapsFinalStatistics() {
  await reset();
  await add("generic", [{ id: "webhook_1234567890", delivery_count: 1250, failure_count: 3, last_delivery_at: "2024-01-15T10:25:00Z" }]);
  const r = await generic().deleteWebhook("webhook_1234567890");
  eq([r.id, r.status, r.attempts, r.alreadyDeleted, r.webhook], ["webhook_1234567890", "deleted", 1, false, null], "result");
  eq(r.message, "Webhook deleted successfully", "message");
  eq([r.finalStatistics.totalDeliveries, r.finalStatistics.totalFailures], [1250, 3], "final statistics");
  ok(typeof r.finalStatistics.successRate === "number" && typeof r.deletedAt === "string", "types");
  ok(r.requestId && r.requestId.startsWith("req_"), "request id");
  const reqs = await sent();
  eq(reqs.map((q) => [q.method, q.path, q.auth]), [["DELETE", "/generic/webhooks/webhook_1234567890", "bearer"]], "requests");
  eq(await stored("generic"), [], "server store");
}

async function genericWithApiKeyHeader() {
  await reset();
  await add("generic", hooks("w1"));
  await generic({ auth: "x-api-key" }).deleteWebhook("w1");
  eq((await sent()).map((q) => q.auth), ["x-api-key"], "auth header kind");
}

async function exaDeleteReturnsTheWebhook() {
  await reset();
  await add("exa", [{ id: "wh_exa_9", events: ["webset.created"], status: "inactive", url: "https://x.test/h" }]);
  const r = await exa().deleteWebhook("wh_exa_9");
  eq([r.id, r.webhook.id, r.webhook.status, r.webhook.events], ["wh_exa_9", "wh_exa_9", "inactive", ["webset.created"]], "exa result");
  eq(r.finalStatistics, null, "exa has no statistics");
  eq((await sent()).map((q) => [q.method, q.path, q.auth]), [["DELETE", "/exa/v0/webhooks/wh_exa_9", "x-api-key"]], "requests");
}

async function idIsOnePercentEncodedSegment() {
  await reset();
  await add("generic", hooks("a/b?c#d"));
  await generic().deleteWebhook("a/b?c#d");
  const [q] = await sent();
  eq([q.path, q.id], ["/generic/webhooks/a%2Fb%3Fc%23d", "a/b?c#d"], "encoded path");
}

async function badIdsSendNothing() {
  await reset();
  const client = generic();
  for (const id of ["", "   ", ".", "..", "a\nb", "x".repeat(513), 42, null, undefined, { id: "w" }]) {
    isWebhookError(await rejection(client.deleteWebhook(id)), "invalid_input");
  }
  isWebhookError(await rejection(client.deleteMany(["ok", ".."])), "invalid_input");
  eq((await sent()).length, 0, "requests after bad ids");
}

async function badOptionsThrowNamingTheField() {
  const cases = [
    [{}, "options.apiKey"],
    [{ apiKey: "" }, "options.apiKey"],
    [{ apiKey: "k", provider: "stripe" }, "options.provider"],
    [{ apiKey: "k", provider: "generic" }, "options.baseUrl"],
    [{ apiKey: "k", baseUrl: "http://api.example.com" }, "options.baseUrl"],
    [{ apiKey: "k", timeoutMs: 0 }, "options.timeoutMs"],
    [{ apiKey: "k", concurrency: 65 }, "options.concurrency"],
    [{ apiKey: "k", retry: { maxRetries: -1 } }, "options.retry.maxRetries"],
    [{ apiKey: "k", fetch: "nope" }, "options.fetch"],
    [{ apiKey: "k", audit: {} }, "options.audit"],
    [{ apiKey: "k", timeout: 5 }, "options.timeout"],
  ];
  for (const [options, field] of cases) {
    const e = thrown(() => new Client(options));
    isWebhookError(e, "invalid_input");
    ok(e.message.startsWith(field), `message "${e.message}" should name ${field}`);
  }
  const e = thrown(() => new Client({ apiKey: "sk_live_abc", baseUrl: "ftp://sk_live_abc" }));
  ok(!e.message.includes("sk_live_abc"), "the key is never quoted");
  new Client({ apiKey: "k", baseUrl: "http://localhost:1" });
  new Client({ apiKey: "k", baseUrl: "http://[::1]:1" });
}

async function unauthorizedIsNotRetried() {
  await reset();
  await add("generic", hooks("w1"));
  const e = await rejection(new Client({ apiKey: "wrong-key-123", provider: "generic", baseUrl: `${api}/generic` }).deleteWebhook("w1"));
  isWebhookError(e, "unauthorized");
  eq([e.status, e.attempts, e.webhookId], [401, 1, "w1"], "401 error");
  ok(!JSON.stringify({ m: e.message, b: e.body }).includes("wrong-key-123"), "key not in the error");
  eq((await sent()).length, 1, "one request");
}

// ---- issue: retries, timeouts and cancellation ---------------------------------------------

async function conflictTwiceThenOk() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "409", retryAfter: 0.05 }, { type: "409", retryAfter: 0.05 }]);
  const started = Date.now();
  const r = await generic({ retry: { ...fast, baseDelayMs: 1 } }).deleteWebhook("w");
  eq(r.attempts, 3, "attempts");
  ok(Date.now() - started >= 90, "waited the server's retry_after twice");
  eq((await sent("DELETE")).length, 3, "DELETEs sent");
}

async function rateLimitHonoursRetryAfter() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "429", retryAfter: 1 }]);
  const started = Date.now();
  const r = await generic().deleteWebhook("w");
  const waited = Date.now() - started;
  eq(r.attempts, 2, "attempts");
  ok(waited >= 950, `waited ${waited} ms for Retry-After: 1`);
  eq((await sent("DELETE")).length, 2, "DELETEs sent");
}

async function unavailableThenOk() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "503" }]);
  const r = await generic().deleteWebhook("w");
  eq([r.attempts, r.alreadyDeleted], [2, false], "503 then ok");
  eq((await sent("DELETE")).length, 2, "DELETEs sent");
}

async function serverErrorsBeyondMaxRetries() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "500" }, { type: "502" }, { type: "503" }]);
  const e = await rejection(generic({ retry: { ...fast, maxRetries: 2 } }).deleteWebhook("w"));
  isWebhookError(e, "server_error");
  eq([e.status, e.attempts], [503, 3], "last status and attempts");
  eq((await sent("DELETE")).length, 3, "DELETEs sent");
  eq(await stored("generic"), ["w"], "still on the server");
}

async function htmlErrorBodyIsText() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "html" }]);
  const e = await rejection(generic({ retry: false }).deleteWebhook("w"));
  isWebhookError(e, "server_error");
  ok(typeof e.body === "string" && e.body.includes("502 Bad Gateway"), `html body kept as text: ${e.body}`);
  eq(e.status, 502, "status");
}

async function hangEndsInTimeout() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "hang" }, { type: "hang" }]);
  const started = Date.now();
  const e = await rejection(generic({ timeoutMs: 150, retry: { ...fast, maxRetries: 1 } }).deleteWebhook("w"));
  isWebhookError(e, "timeout");
  eq(e.attempts, 2, "attempts");
  ok(Date.now() - started < 2000, "gave up promptly");
  eq((await sent("DELETE")).length, 2, "DELETEs sent");
}

async function connectionResetIsRetried() {
  // Browsers retry an idempotent request once by themselves when a reused keep-alive connection
  // is reset, so there the client may see one attempt where the mock saw two.
  const browser = typeof window !== "undefined";
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "reset" }]);
  const r = await generic().deleteWebhook("w");
  ok(r.attempts === 2 || (browser && r.attempts === 1), `attempts after a reset: ${r.attempts}`);
  eq((await sent("DELETE")).length, 2, "DELETEs the mock saw");
  eq(await stored("generic"), [], "deleted");

  // A browser retries on each idle keep-alive socket it holds (up to six per host) before it
  // reports a failure, so there the queue must outlast the pool.
  const resets = browser ? 12 : 5;
  await reset();
  await faults("generic", "gone", Array.from({ length: resets }, () => ({ type: "reset" })));
  const e = await rejection(generic({ retry: false }).deleteWebhook("gone"));
  isWebhookError(e, "network");
  eq([e.status, e.attempts], [null, 1], "no status without an answer, one attempt");
  const seen = (await sent("DELETE")).length;
  ok(seen === 1 || (browser && seen >= 1 && seen <= resets), `DELETEs the mock saw: ${seen}`);
}

async function deleteThen500MeansAlreadyDeleted() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "delete-then-500" }]);
  const r = await generic().deleteWebhook("w");
  eq([r.alreadyDeleted, r.attempts, r.status], [true, 2, "deleted"], "already deleted");
  eq((await sent("DELETE")).length, 2, "DELETEs sent");
  const e = await rejection(generic().deleteWebhook("w"));
  isWebhookError(e, "not_found");
  eq(e.attempts, 1, "a first-attempt 404 is not found");
}

async function abortDuringBackoff() {
  await reset();
  await add("generic", hooks("w"));
  await faults("generic", "w", [{ type: "503" }]);
  const controller = new AbortController();
  const call = generic({ retry: { baseDelayMs: 5000, jitter: false } }).deleteWebhook("w", { signal: controller.signal });
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  controller.abort();
  const e = await rejection(call);
  isWebhookError(e, "aborted");
  ok(Date.now() - started < 500, "rejected at once");
  await new Promise((r) => setTimeout(r, 100));
  eq((await sent("DELETE")).length, 1, "nothing sent after the abort");
}

async function preAbortedSignalSendsNothing() {
  await reset();
  await add("generic", hooks("w"));
  const e = await rejection(generic().deleteWebhook("w", { signal: AbortSignal.abort() }));
  isWebhookError(e, "aborted");
  eq(e.attempts, 0, "attempts");
  eq((await sent()).length, 0, "requests");
}

async function safeDeleteOutcomes() {
  await reset();
  await add("generic", hooks("a", "c"));
  await faults("generic", "c", [{ type: "409", retryAfter: 0 }, { type: "409", retryAfter: 0 }]);
  const client = generic({ retry: { ...fast, maxRetries: 1 } });
  eq((await client.safeDelete("a")).outcome, "deleted", "deleted");
  eq(await client.safeDelete("missing"), { outcome: "not_found", id: "missing" }, "not found");
  const c = await client.safeDelete("c");
  eq([c.outcome, c.id, c.error.code], ["conflict", "c", "conflict"], "conflict");
  await faults("generic", "x", [{ type: "403" }]);
  isWebhookError(await rejection(client.safeDelete("x")), "forbidden");
}

// ---- issue: read side, bulk, rules, confirmation, backup ------------------------------------

async function listAndPaginate() {
  await reset();
  await add("exa", hooks("e1", "e2", "e3", "e4", "e5"));
  const client = exa();
  const page = await client.listWebhooks({ limit: 2 });
  eq([page.data.map((w) => w.id), page.hasMore], [["e1", "e2"], true], "first page");
  const all = await client.listAllWebhooks({ limit: 2 });
  eq(all.map((w) => w.id), ["e1", "e2", "e3", "e4", "e5"], "all pages");
  isWebhookError(await rejection(client.listWebhooks({ limit: 201 })), "invalid_input");
  await add("generic", [{ id: "g1", active: false, delivery_count: 4, last_delivery_at: "2024-01-01T00:00:00Z" }]);
  const [g] = await generic().listAllWebhooks();
  eq([g.status, g.deliveryCount, g.lastDeliveryAt], ["inactive", 4, "2024-01-01T00:00:00Z"], "normalised generic webhook");
}

async function getFallsBackToListWithoutGetById() {
  await reset({ genericGet: false });
  await add("generic", hooks("g1", "g2"));
  const w = await generic().getWebhook("g2");
  eq(w.id, "g2", "found by listing");
  isWebhookError(await rejection(generic().getWebhook("nope")), "not_found");
}

async function bulkBoundOrderDedupeProgress() {
  await reset({ latencyMs: 40 });
  const ids = Array.from({ length: 20 }, (_, i) => `b${String(i).padStart(2, "0")}`);
  await add("generic", hooks(...ids.filter((id) => id !== "b07")));
  const done = [];
  const input = [...ids, "b03", "b00"];
  const r = await generic().deleteMany(input, { concurrency: 4, onProgress: (p) => done.push(p.done) });
  eq([r.total, r.deleted, r.notFound, r.failed, r.skipped], [20, 19, 1, 0, 0], "counts");
  eq(r.results.map((x) => x.id), ids, "input order, duplicates dropped");
  eq(r.results[7].outcome, "not_found", "missing one");
  eq(done, Array.from({ length: 20 }, (_, i) => i + 1), "progress once per id");
  const log = await mock("/requests?method=DELETE");
  eq(log.maxInFlight, 4, "never more than 4 in flight");
  eq(log.requests.length, 20, "one DELETE per distinct id");
  await reset();
}

async function bulkStopOnErrorAndAbort() {
  await reset();
  await add("generic", hooks("s1", "s2", "s3", "s4"));
  await faults("generic", "s2", [{ type: "403" }]);
  const r = await generic().deleteMany(["s1", "s2", "s3", "s4"], { concurrency: 1, stopOnError: true });
  eq(r.results.map((x) => x.outcome), ["deleted", "failed", "skipped", "skipped"], "stop on error");
  eq(r.results[1].error.code, "forbidden", "error info");
  eq((await sent("DELETE")).length, 2, "DELETEs sent");

  // Answers take 300 ms; the abort at 450 ms falls in the middle of the second pair's flight.
  await reset({ latencyMs: 300 });
  await add("generic", hooks("a1", "a2", "a3", "a4", "a5", "a6"));
  const controller = new AbortController();
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = Date.now();
    controller.abort();
  }, 450);
  const b = await generic().deleteMany(["a1", "a2", "a3", "a4", "a5", "a6"], { concurrency: 2, signal: controller.signal });
  ok(abortedAt > 0 && Date.now() - abortedAt < 100, "resolved at once on abort");
  eq([b.deleted, b.failed, b.skipped], [2, 2, 2], "partial result");
  ok(b.results.filter((x) => x.outcome === "failed").every((x) => x.error.code === "aborted"), "in-flight ones failed as aborted");
  await new Promise((res) => setTimeout(res, 400));
  eq((await sent("DELETE")).length, 4, "nothing sent after the abort");
  await reset();
}

async function rateLimitPausesTheQueue() {
  await reset({ latencyMs: 20 });
  const ids = ["q1", "q2", "q3", "q4", "q5", "q6"];
  await add("generic", hooks(...ids));
  await faults("generic", "q1", [{ type: "429", retryAfter: 1 }]);
  const r = await generic().deleteMany(ids, { concurrency: 3 });
  eq(r.deleted, 6, "all deleted");
  const reqs = await sent("DELETE");
  const limited = reqs.find((q) => q.status === 429);
  const later = reqs.filter((q) => q.startedAt > limited.endedAt + 50);
  ok(later.every((q) => q.startedAt >= limited.endedAt + 900), "requests after the 429 waited for Retry-After");
  ok(later.length >= 3, `the queue resumed after the pause (${later.length})`);
  await reset();
}

async function deleteInactiveDryRunAndRun() {
  await reset();
  const now = Date.parse("2024-03-01T00:00:00Z");
  await add("generic", [
    { id: "stale", last_delivery_at: "2024-01-01T00:00:00Z", delivery_count: 3 },
    { id: "off", active: false },
    { id: "busy", last_delivery_at: "2024-02-28T00:00:00Z", delivery_count: 9 },
    { id: "never", delivery_count: 0, last_delivery_at: null, created_at: "2023-06-01T00:00:00Z" },
  ]);
  const client = generic();
  const dry = await client.deleteInactive({ inactiveDays: 30, now: new Date(now), dryRun: true });
  eq([dry.candidates.map((w) => w.id), dry.result], [["stale", "off", "never"], null], "dry run plan");
  eq((await sent("DELETE")).length, 0, "dry run sends no DELETE");
  eq(client.audit.length, 0, "dry run leaves no audit entry");
  const run = await client.deleteInactive({ inactiveDays: 30, now });
  eq([run.result.deleted, await stored("generic")], [3, ["busy"]], "deleted the inactive ones only");
}

async function confirmationDeclinedAndAccepted() {
  await reset();
  await add("generic", hooks("c1"));
  const client = generic();
  let seen = null;
  const no = await client.deleteWithConfirmation("c1", (w) => {
    seen = w.id;
    return false;
  });
  eq([no, seen], [{ cancelled: true, id: "c1" }, "c1"], "declined");
  eq((await sent("DELETE")).length, 0, "declined sends no DELETE");
  const yes = await client.deleteWithConfirmation("c1", async () => true);
  eq(yes.status, "deleted", "confirmed");
  eq(client.audit.history("c1").map((e) => e.outcome), ["cancelled", "deleted"], "audited both");
}

async function failingBackupDeletesNothing() {
  await reset();
  await add("generic", hooks("k1"));
  const client = generic({ actor: "ops@example.com" });
  const e = await rejection(client.deleteWithBackup("k1", async () => { throw new Error("disk full"); }));
  isWebhookError(e, "backup_failed");
  ok(e.message.includes("disk full"), "names the store's failure");
  eq((await sent("DELETE")).length, 0, "nothing deleted");
  const backups = [];
  const r = await client.deleteWithBackup("k1", (b) => { backups.push(b); });
  eq([r.status, r.backup.webhook.id, r.backup.deletedBy, backups.length], ["deleted", "k1", "ops@example.com", 1], "backed up then deleted");
}

// ---- issue: audit log ------------------------------------------------------------------------

async function auditOneEntryPerCallAndFailingSink() {
  await reset();
  await add("generic", hooks("a1", "a2", "a3"));
  const delivered = [];
  let broken = true;
  const Audit = generic().audit.constructor;
  const log = new Audit({ sink: async (entry) => { if (broken) throw new Error("sink down"); delivered.push(entry.webhookId); } });
  const client = generic({ audit: log, actor: "robot" });
  ok(client.audit === log, "client.audit is the given log");
  await client.deleteWebhook("a1");
  await client.safeDelete("missing");
  await client.deleteMany(["a2", "a3"]);
  eq([log.length, log.pending, delivered.length], [4, 4, 0], "entries kept while the sink fails");
  broken = false;
  eq(await log.flush(), 0, "flush delivers everything");
  // Entries are recorded as calls end (the two bulk deletes may end in either order).
  eq(delivered, log.history().map((e) => e.webhookId), "flush delivers in recorded order");
  eq([...delivered].sort(), ["a1", "a2", "a3", "missing"], "nothing lost");
  eq(delivered.slice(0, 2), ["a1", "missing"], "sequential calls in call order");
  ok(log.history().every((e) => e.deletedBy === "robot"), "deletedBy is the actor");
  eq(log.history().map((e) => e.outcome).sort(), ["deleted", "deleted", "deleted", "not_found"], "outcomes");
  const copy = Audit.fromJSONL(log.toJSONL());
  eq(copy.history(), log.history(), "JSONL round trip");
  isWebhookError(thrown(() => Audit.fromJSONL('{"webhookId":"x"}\nnot json\n')), "invalid_input");
}

async function auditCoversEveryOutcomeAndMethod() {
  await reset();
  await add("generic", hooks("d1", "c1", "f1", "n1", "b1", "m1", "m2", "x1"));
  await add("generic", [{ id: "old1", delivery_count: 2, last_delivery_at: "2020-01-01T00:00:00Z" }]);
  await faults("generic", "c1", [{ type: "409", retryAfter: 0 }, { type: "409", retryAfter: 0 }]);
  await faults("generic", "f1", [{ type: "403" }]);
  const client = generic({ retry: { ...fast, maxRetries: 1 } });
  await client.deleteWebhook("d1");
  await rejection(client.deleteWebhook("c1"));
  await rejection(client.deleteWebhook("f1"));
  await client.safeDelete("gone");
  await client.deleteWithConfirmation("n1", () => false);
  await rejection(client.deleteWebhook("x1", { signal: AbortSignal.abort() }));
  await rejection(client.deleteWithBackup("b1", () => Promise.reject(new Error("no space"))));
  await client.deleteMany(["m1", "m2"], { concurrency: 1 });
  await client.deleteInactive({ inactiveDays: 30, dryRun: true });
  await client.deleteInactive({ inactiveDays: 30 });
  const entries = client.audit.history();
  eq(
    entries.map((e) => [e.webhookId, e.outcome, e.success]),
    [
      ["d1", "deleted", true],
      ["c1", "conflict", false],
      ["f1", "failed", false],
      ["gone", "not_found", false],
      ["n1", "cancelled", false],
      ["x1", "aborted", false],
      ["b1", "failed", false],
      ["m1", "deleted", true],
      ["m2", "deleted", true],
      ["old1", "deleted", true],
    ],
    "one entry per delete call, dry run none",
  );
  eq([entries[1].attempts, entries[1].error.code, entries[6].error.code], [2, "conflict", "backup_failed"], "error details");
  ok(entries.every((e) => e.deletedBy === "api" && e.action === "delete" && typeof e.durationMs === "number"), "fields");
  const lines = client.audit.toJSONL().trim().split("\n");
  eq(lines.length, 10, "JSONL lines");
  ok(!/\d\.0[,}]/.test(lines.join("")), "whole numbers are written as integers");
}

async function localStorageSinkKeepsEntries() {
  await reset();
  await add("generic", hooks("l1"));
  const Audit = generic().audit.constructor;
  const log = new Audit({ sink: lib.storageSink });
  const client = generic({ audit: log });
  if (typeof localStorage === "undefined") {
    // Node has no localStorage: the sink throws, and the entry stays pending instead of being lost.
    await client.deleteWebhook("l1");
    eq([log.length, log.pending, await log.flush()], [1, 1, 1], "entry kept pending");
    return;
  }
  localStorage.removeItem("webhook-delete:test");
  await client.deleteWebhook("l1");
  const stored = localStorage.getItem("webhook-delete:test").trim().split("\n").map((l) => JSON.parse(l));
  eq([stored.length, stored[0].webhookId, stored[0].outcome, log.pending], [1, "l1", "deleted", 0], "stored in localStorage");
  eq(Audit.fromJSONL(localStorage.getItem("webhook-delete:test")).history(), log.history(), "readable back");
}

async function apiKeyAppearsNowhere() {
  await reset();
  await add("generic", hooks("p1"));
  const secret = "sk_live_SECRET_4242";
  await mock("/reset", { seed: false, apiKey: secret });
  await add("generic", hooks("p1", "p2"));
  const client = new Client({ apiKey: secret, provider: "generic", baseUrl: `${api}/generic`, retry: fast });
  await client.deleteWebhook("p1");
  const e = await rejection(new Client({ apiKey: `${secret}x`, provider: "generic", baseUrl: `${api}/generic` }).deleteWebhook("p2"));
  const artefacts = [JSON.stringify(client), client.audit.toJSONL(), e.message, JSON.stringify(e.body), String(e)];
  ok(artefacts.every((a) => !a.includes(secret)), "the key leaked into an artefact");
  await reset();
}

const SCENARIOS = {
  auditCoversEveryOutcomeAndMethod,
  localStorageSinkKeepsEntries,
  genericDeleteMapsFinalStatistics,
  genericWithApiKeyHeader,
  exaDeleteReturnsTheWebhook,
  idIsOnePercentEncodedSegment,
  badIdsSendNothing,
  badOptionsThrowNamingTheField,
  unauthorizedIsNotRetried,
  conflictTwiceThenOk,
  rateLimitHonoursRetryAfter,
  unavailableThenOk,
  serverErrorsBeyondMaxRetries,
  htmlErrorBodyIsText,
  hangEndsInTimeout,
  connectionResetIsRetried,
  deleteThen500MeansAlreadyDeleted,
  abortDuringBackoff,
  preAbortedSignalSendsNothing,
  safeDeleteOutcomes,
  listAndPaginate,
  getFallsBackToListWithoutGetById,
  bulkBoundOrderDedupeProgress,
  bulkStopOnErrorAndAbort,
  rateLimitPausesTheQueue,
  deleteInactiveDryRunAndRun,
  confirmationDeclinedAndAccepted,
  failingBackupDeletesNothing,
  auditOneEntryPerCallAndFailingSink,
  apiKeyAppearsNowhere,
};

const ALL = { ...SCENARIOS, ...CONTRACT };

// Runs one scenario by name, from any group; rejects with its failure.
export function run(name) {
  const scenario = ALL[name];
  return scenario ? scenario() : Promise.reject(new Error(`no scenario named ${name}`));
}
