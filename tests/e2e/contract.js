// End-to-end scenarios of the contract's later parts, against the mock API, in Node and in
// headless Chromium (tests/e2e.rs wraps each one in a #[wasm_bindgen_test]): hostile servers,
// selection and plans, backups and restore, streams and resumable runs.

import { KEY, Client, api, eq, ok, mock, reset, add, faults, sent, stored, fast, generic, exa, rejection, thrown, isWebhookError, hooks } from "./support.js";

// ==== Hostile and broken servers ================================================================
// Hostile and broken servers (the hardening issue): redirects are never followed, bodies are read
// up to a limit, the key is redacted wherever a server echoes it, answers about another webhook
// are refused, and Exa's own error bodies are read in their words. Node and Chromium alike.

const browser = typeof window !== "undefined";
const elsewhere = async () => (await mock("/elsewhere")).requests.filter((r) => r.method !== "OPTIONS");

async function redirectsAreNeverFollowed() {
  for (const status of [301, 302, 303, 307, 308]) {
    await reset();
    await add("generic", hooks("r1"));
    await faults("generic", "r1", [{ type: "redirect", status, location: "elsewhere" }]);
    const e = await rejection(generic().deleteWebhook("r1"));
    isWebhookError(e, "http_error");
    // Node hands the 3xx over; a browser answers `redirect: "manual"` with an opaque status 0.
    ok(e.status === status || (browser && e.status === null), `status ${e.status} for a ${status}`);
    ok(/redirect/.test(e.message), `the message says the server redirected: ${e.message}`);
    eq(e.attempts, 1, `a ${status} is not retried`);
    eq(await elsewhere(), [], `nothing reached the other origin after a ${status}`);
    eq(await stored("generic"), ["r1"], "the webhook is still there");
  }
  // A redirected list, and the injected-fetch path.
  await reset();
  await mock("/faults", { dialect: "exa", list: true, faults: [{ type: "redirect", status: 307, location: "elsewhere" }] });
  isWebhookError(await rejection(exa().listWebhooks()), "http_error");
  await add("exa", hooks("r2"));
  await faults("exa", "r2", [{ type: "redirect", status: 308, location: "elsewhere" }]);
  const injected = exa({ fetch: (request) => fetch(request) });
  isWebhookError(await rejection(injected.deleteWebhook("r2")), "http_error");
  eq(await elsewhere(), [], "no request left for the Location, with an injected fetch either");
  eq(injected.audit.history("r2").map((x) => x.outcome), ["failed"], "a redirected DELETE is audited as failed, never deleted");
}

async function bodiesAreReadUpToTheLimit() {
  await reset();
  const small = { maxResponseBytes: 64 * 1024 };
  // A list answer past the limit: decode, and the client stopped reading.
  await mock("/faults", { dialect: "generic", list: true, faults: [{ type: "huge", bytes: 20_000_000 }] });
  const e = await rejection(generic(small).listWebhooks());
  isWebhookError(e, "decode");
  ok(/maxResponseBytes/.test(e.message), e.message);
  await new Promise((r) => setTimeout(r, 100));
  const [list] = await sent("GET");
  ok(list.bytesSent < 20_000_000, `the mock stopped writing: ${list.bytesSent} bytes sent`);
  // A body that never ends, on a get.
  await add("generic", hooks("e1", "d1", "h1"));
  await faults("generic", "e1", [{ type: "endless" }]);
  const started = Date.now();
  isWebhookError(await rejection(generic(small).getWebhook("e1")), "decode");
  ok(Date.now() - started < 5000, "an endless body ends at the limit, not at the timeout");
  // An error answer keeps only the start of its body.
  await faults("generic", "h1", [{ type: "huge", status: 500, bytes: 5_000_000, content: "text" }]);
  const big = await rejection(generic({ retry: false }).deleteWebhook("h1"));
  isWebhookError(big, "server_error");
  ok(typeof big.body === "string" && big.body.length <= 64 * 1024 && big.body.length > 1000, `error.body kept ${big.body && big.body.length} characters`);
  // A 2xx DELETE past the limit still counts as deleted.
  await faults("generic", "d1", [{ type: "huge", bytes: 2_000_000, perform: true }]);
  const r = await generic(small).deleteWebhook("d1");
  eq([r.id, r.status, r.finalStatistics], ["d1", "deleted", null], "deleted, the body dropped");
  // A trickle that never completes ends at the attempt's timeout.
  await faults("generic", "h1", [{ type: "drip", everyMs: 50 }]);
  isWebhookError(await rejection(generic({ timeoutMs: 300, retry: false }).getWebhook("h1")), "timeout");
}

async function theKeyNeverLeaks() {
  const secret = "sk_live_ECHOED_0123456789";
  await reset({ apiKey: secret });
  await add("exa", hooks("k1", "k2", "k3", "k4"));
  await add("generic", hooks("k1"));
  const leaks = (values) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).filter((v) => v && v.includes(secret));
  const client = new Client({ apiKey: secret, baseUrl: `${api}/exa`, retry: false });
  // Everywhere a server could echo it: message, object keys, requestId, X-Request-Id, tag.
  await faults("exa", "k1", [{ type: "echo-key", status: 401 }]);
  const e = await rejection(client.deleteWebhook("k1"));
  isWebhookError(e, "unauthorized");
  eq(leaks([e.message, e.body, e.requestId, e.serverCode, String(e), Object.keys(e.body.details)]), [], "the echoed key in the error");
  ok(e.body.details["[redacted]"] === "rejected", "a body key holding the key is renamed, its value kept");
  // A key straddling the 300-character cut of the message.
  await faults("exa", "k2", [{ type: "raw", status: 400, body: JSON.stringify({ error: `${"x".repeat(285)}$KEY and more` }) }]);
  const cut = await rejection(client.deleteWebhook("k2"));
  eq(leaks([cut.message]), [], "no prefix of the key survives the cut");
  ok(!cut.message.includes(secret.slice(0, 12)), cut.message);
  // The key hidden in JSON escapes, which only parsing undoes.
  const escaped = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  await faults("exa", "k3", [{ type: "raw", status: 400, body: `{"error":"bad ${escaped}","${escaped}":1}` }]);
  const hidden = await rejection(client.deleteWebhook("k3"));
  eq(leaks([hidden.message, hidden.body, Object.keys(hidden.body)]), [], "the escaped key after parsing");
  // A key given with surrounding spaces reaches the server trimmed; that form is redacted too.
  await faults("exa", "k4", [{ type: "echo-key", status: 401 }]);
  const spaced = new Client({ apiKey: `  ${secret} `, baseUrl: `${api}/exa`, retry: false });
  const s = await rejection(spaced.deleteWebhook("k4"));
  eq(leaks([s.message, s.body, s.requestId]), [], "the trimmed key");
  // Nothing reached the audit log either.
  eq(leaks([client.audit.toJSONL(), spaced.audit.toJSONL(), JSON.stringify(client)]), [], "audit log and client");
  // A key fetch could not send is refused before anything is sent.
  for (const bad of ["kéy✓", "k\u0100y", "k".repeat(8193)]) {
    const t = thrown(() => new Client({ apiKey: bad, baseUrl: `${api}/exa` }));
    isWebhookError(t, "invalid_input");
    ok(t.message.startsWith("options.apiKey"), t.message);
  }
  await reset();
}

async function answersAboutAnotherWebhookAreRefused() {
  await reset();
  await add("generic", hooks("WH_A"));
  await faults("generic", "WH_A", [{ type: "raw", body: JSON.stringify({ id: "wh_a", url: "https://x" }) }]);
  const e = await rejection(generic().getWebhook("WH_A"));
  isWebhookError(e, "decode");
  ok(e.attempts === 1 && typeof e.requestId === "string", `an answer arrived: attempts ${e.attempts}, requestId ${e.requestId}`);
  await faults("generic", "WH_A", [{ type: "raw", body: JSON.stringify({ id: "wh_other", status: "deleted" }), perform: true }]);
  const r = await generic().deleteWebhook("WH_A");
  eq(r.id, "WH_A", "the result's id is the one asked for");
  eq((await sent("DELETE")).map((q) => q.id), ["WH_A"], "nothing sent for the id the body named");
}

async function exaErrorBodiesInTheirWords() {
  await reset();
  const client = exa({ retry: false });
  const e404 = await rejection(client.deleteWebhook("missing"));
  isWebhookError(e404, "not_found");
  eq([e404.message, e404.serverCode], ["Webhook not found (HTTP 404, WEBHOOK_NOT_FOUND)", "WEBHOOK_NOT_FOUND"], "flat shape");
  ok(/^req_/.test(e404.requestId), "request id from the body");
  const e400 = await rejection(client.listWebhooks({ cursor: "not-a-cursor" }));
  isWebhookError(e400, "http_error");
  ok(/Invalid cursor \(HTTP 400\)/.test(e400.message), `status shape: ${e400.message}`);
  ok(/^req_/.test(e400.requestId), "request id from the X-Request-Id header");
  await add("exa", hooks("n1"));
  await faults("exa", "n1", [{ type: "503" }]);
  const e503 = await rejection(client.deleteWebhook("n1"));
  isWebhookError(e503, "server_error");
  eq(e503.serverCode, "SERVICE_UNAVAILABLE", "nested shape's code");
  ok(/\(HTTP 503, SERVICE_UNAVAILABLE\)$/.test(e503.message), e503.message);
}

async function networkFailuresKeepTheirCause() {
  // Nothing listens on port 1: the connection is refused, in Node and in a browser alike.
  const closed = new Client({ apiKey: KEY, provider: "generic", baseUrl: "http://127.0.0.1:1/generic", retry: false });
  const e = await rejection(closed.deleteWebhook("gone"));
  isWebhookError(e, "network");
  ok(e.cause instanceof Error, `cause is the underlying error: ${e.cause}`);
}

async function hostileNumbersAndKeys() {
  await reset();
  await mock("/faults", { dialect: "generic", list: true, faults: [{ type: "raw", body: '{"data":[{"id":"w","delivery_count":1e400}]}' }] });
  const e = await rejection(generic().listWebhooks());
  isWebhookError(e, "decode");
  ok(/deliveryCount/.test(e.message), e.message);
  await faults("generic", "p", [{ type: "raw", status: 400, body: '{"error":"bad","__proto__":{"polluted":true}}' }]);
  const p = await rejection(generic().deleteWebhook("p"));
  ok(Object.getPrototypeOf(p.body) === Object.prototype, "error.body keeps its prototype");
  ok(p.body.polluted === undefined && Object.prototype.hasOwnProperty.call(p.body, "__proto__"), "__proto__ stays an ordinary key");
}

async function oneListenerPerCall() {
  if (typeof process === "undefined" || typeof process.on !== "function") return; // a Node warning
  await reset({ latencyMs: 20 });
  const ids = Array.from({ length: 64 }, (_, i) => `m${i}`);
  await add("generic", hooks(...ids));
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on("warning", onWarning);
  try {
    const r = await generic().deleteMany(ids, { concurrency: 32, signal: new AbortController().signal });
    eq(r.deleted, 64, "deleted");
    await new Promise((res) => setTimeout(res, 50));
  } finally {
    process.off("warning", onWarning);
  }
  eq(warnings, [], "no MaxListenersExceededWarning at concurrency 32");
  await reset();
}

const HARDENING = {
  redirectsAreNeverFollowed,
  bodiesAreReadUpToTheLimit,
  theKeyNeverLeaks,
  answersAboutAnotherWebhookAreRefused,
  exaErrorBodiesInTheirWords,
  networkFailuresKeepTheirCause,
  hostileNumbersAndKeys,
  oneListenerPerCall,
};

// ==== Selecting, planning, applying, pacing =====================================================
// Selecting, planning, applying, and pacing (the select/plan/apply issue), against the mock's
// seeded Exa data with delivery attempts. Node and Chromium alike.

const ids = (selections) => selections.map((s) => s.webhook.id);
const attemptReads = async () => (await mock("/requests?route=attempts")).requests.filter((r) => r.method === "GET");

async function exaInactiveReadsHistoryOnlyWhereNeeded() {
  await reset({ seed: true });
  const client = exa();
  const { candidates, result } = await client.deleteInactive({ inactiveDays: 30, dryRun: true });
  eq([candidates.map((w) => w.id).sort(), result], [["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"], null], "inactive by status, old delivery, or never delivered");
  const stale = candidates.find((w) => w.id === "wh_exa_03");
  ok(stale.lastDeliveryAt !== null, "the newest attempt's time is the webhook's last delivery");
  const reads = await attemptReads();
  eq(reads.filter((r) => ["wh_exa_02", "wh_exa_04"].includes(r.id)), [], "inactive status decides without history");
  eq(reads.length, 10, "one newest-attempt read per active webhook");
  ok(reads.every((r) => /[?&]limit=1(&|$)/.test(r.path)), "only the newest attempt is read");
  eq((await sent("DELETE")).length, 0, "a dry run deletes nothing");
  const reasons = await client.selectWebhooks({ inactiveDays: 30 });
  ok(reasons.find((s) => s.webhook.id === "wh_exa_03").reasons[0].startsWith("inactive: last delivery "), "reasons say why");
  ok(reasons.find((s) => s.webhook.id === "wh_exa_08").reasons[0].startsWith("inactive: no delivery attempts, created "), "never delivered");
}

async function eachFilterFieldSelectsAndRejects() {
  await reset({ seed: true });
  const client = exa();
  const check = async (filter, expected) => eq(ids(await client.selectWebhooks(filter)).sort(), expected, JSON.stringify(filter));
  await check({ url: "https://*.ngrok-free.app/*" }, ["wh_exa_11"]);
  await check({ url: "https://nowhere.test/*" }, []);
  await check({ metadata: { createdBy: "my-app" } }, ["wh_exa_12"]);
  await check({ metadata: { createdBy: "other" } }, []);
  await check({ duplicates: true }, ["wh_exa_09"]);
  await check({ failingAttempts: 3 }, ["wh_exa_07"]);
  await check({ failingAttempts: 3, url: "https://hooks.acme.test/*" }, []);
  await check({ status: "inactive" }, ["wh_exa_02", "wh_exa_04"]);
  await check({ event: "monitor.run.completed" }, ["wh_exa_03"]);
  await check({ event: "no.such.event" }, []);
  await check({ ids: ["wh_exa_05", "nope"] }, ["wh_exa_05"]);
  await check({ createdAfter: new Date(Date.now() - 4 * 86_400_000).toISOString() }, ["wh_exa_06"]);
  await check({ createdBefore: new Date(Date.now() - 100 * 86_400_000).toISOString() }, ["wh_exa_01"]);
  eq((await client.selectWebhooks({ all: true })).length, 12, "all: true selects everything");
  await mock("/requests/clear", {});
  eq(await client.selectWebhooks({}), [], "{} selects nothing");
  eq((await sent()).length, 0, "{} sends nothing");
  const g = generic();
  for (const [filter, field] of [[{ failingAttempts: 2 }, "filter.failingAttempts"], [{ inactiveDay: 30 }, "filter.inactiveDay"], [{ all: false }, "filter.all"], [{ status: "paused" }, "filter.status"]]) {
    const e = await rejection(g.selectWebhooks(filter));
    isWebhookError(e, "invalid_input");
    ok(e.message.startsWith(field), e.message);
  }
  isWebhookError(await rejection(client.deleteWhere({ url: 5 })), "invalid_input");
  eq((await sent()).length, 0, "refused filters send nothing");
}

async function applyPlanDeletesOnlyWhatIsStillAsPlanned() {
  await reset();
  await add("generic", [
    { id: "p1", url: "https://a.test/1", active: false }, { id: "p2", url: "https://a.test/2", active: false },
    { id: "p3", url: "https://a.test/3", active: false }, { id: "p4", url: "https://a.test/4", active: false },
    { id: "keep", url: "https://b.test/1", active: true },
  ]);
  const client = generic();
  const plan = await client.planDelete({ status: "inactive" });
  eq([plan.kind, plan.version, plan.provider, plan.baseUrl], ["webhook-delete/plan", 1, "generic", `${api}/generic`], "plan header");
  eq(plan.items.map((i) => i.id), ["p1", "p2", "p3", "p4"], "planned items");
  eq((await sent("DELETE")).length, 0, "planning deletes nothing");
  // Between review and apply: p2 is re-activated, p3 moves, p4 is gone, and a new inactive webhook appears.
  await add("generic", [{ id: "p2", url: "https://a.test/2", active: true }, { id: "p3", url: "https://moved.test/3", active: false }, { id: "late", active: false }]);
  await generic().deleteWebhook("p4");
  await mock("/requests/clear", {});
  const r = await client.applyPlan(JSON.parse(JSON.stringify(plan)));
  eq(r.results.map((x) => [x.id, x.outcome]), [["p1", "deleted"], ["p2", "changed"], ["p3", "changed"], ["p4", "not_found"]], "outcomes");
  eq([r.deleted, r.changed, r.notFound], [1, 2, 1], "counts");
  eq((await sent("DELETE")).map((q) => q.id), ["p1"], "only the unchanged planned id was deleted; ids outside the plan never sent");
  eq((await stored("generic")).sort(), ["keep", "late", "p2", "p3"], "server state");
  eq(client.audit.history("p2").map((e) => e.outcome), ["changed"], "changed is audited");
  for (const [edit, field] of [[{ baseUrl: "https://evil.test/generic" }, "plan.baseUrl"], [{ provider: "exa" }, "plan.provider"], [{ kind: "x" }, "plan.kind"], [{ items: [{ id: "" }] }, "plan.items[0]"]]) {
    const e = await rejection(client.applyPlan({ ...plan, ...edit }));
    isWebhookError(e, "invalid_input");
    ok(e.message.startsWith(field), e.message);
  }
  eq((await sent("DELETE")).length, 1, "refused plans send nothing");
}

async function pacingHoldsTheRate() {
  await reset();
  const all = Array.from({ length: 200 }, (_, i) => `r${String(i).padStart(3, "0")}`);
  await add("generic", hooks(...all));
  const started = Date.now();
  const r = await generic({ maxRequestsPerSecond: 20 }).deleteMany(all, { concurrency: 8 });
  const took = Date.now() - started;
  eq(r.deleted, 200, "deleted");
  const starts = (await sent("DELETE")).map((q) => q.startedAt).sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i] - starts[j] >= 1000) j++;
    worst = Math.max(worst, i - j + 1);
  }
  ok(worst <= 20, `at most 20 requests in any one-second window (saw ${worst})`);
  ok(took <= 11_000, `about the ideal 10 s (took ${took} ms)`);
  await reset();
}

const SELECTION = {
  exaInactiveReadsHistoryOnlyWhereNeeded,
  eachFilterFieldSelectsAndRejects,
  applyPlanDeletesOnlyWhatIsStillAsPlanned,
  pacingHoldsTheRate,
};

// ==== Backups and restore =======================================================================
// Backups in every bulk path and restore from them (the undo issue). Node and Chromium alike.

const webhooksOf = async (dialect) => (await mock(`/webhooks?dialect=${dialect}`)).webhooks;
const shape = (w) => JSON.stringify([w.url, [...w.events].sort(), w.metadata]);

async function bulkBackupsThenRestoreBringEverythingBack() {
  for (const [dialect, client] of [["generic", generic], ["exa", exa]]) {
    await reset();
    await add(dialect, [
      { id: "u1", url: "https://u.test/1", events: ["a", "b"], metadata: { team: "x" } },
      { id: "u2", url: "https://u.test/2", events: ["c"], metadata: {} },
      { id: "u3", url: "https://u.test/3", events: ["a"], metadata: { owner: "y" } },
    ]);
    const before = (await webhooksOf(dialect)).map(shape).sort();
    const backups = [];
    const c = client();
    const r = await c.deleteMany(["u1", "u2", "u3"], { backup: (b) => { backups.push(b); } });
    eq([r.deleted, backups.length, (await webhooksOf(dialect)).length], [3, 3, 0], `${dialect}: deleted after backing up`);
    const restored = await c.restoreMany(backups);
    eq([restored.total, restored.restored, restored.existing, restored.failed], [3, 3, 0, 0], `${dialect}: restored`);
    const after = await webhooksOf(dialect);
    eq(after.map(shape).sort(), before, `${dialect}: same url, events and metadata`);
    ok(after.every((w) => !["u1", "u2", "u3"].includes(w.id)), `${dialect}: new ids`);
    ok(restored.results.every((x) => x.result.created && typeof x.result.secret === "string"), `${dialect}: each new secret returned once`);
    const entries = c.audit.history().filter((e) => e.action === "restore");
    const audited = entries.map((e) => [e.webhookId, e.outcome, e.restoredAs === restored.results.find((x) => x.previousId === e.webhookId).result.webhook.id]);
    eq(audited.sort(), [["u1", "restored", true], ["u2", "restored", true], ["u3", "restored", true]], `${dialect}: audited with restoredAs`);
    ok(!c.audit.toJSONL().includes("whsec"), `${dialect}: no secret in the audit log`);
    await mock("/requests/clear", {});
    const again = await c.restoreMany(backups);
    eq([again.restored, again.existing], [0, 3], `${dialect}: a second restore creates nothing`);
    eq((await sent("POST")).length, 0, `${dialect}: no create was sent`);
    eq((await webhooksOf(dialect)).length, 3, `${dialect}: still three webhooks`);
  }
}

async function aFailingBackupStoreKeepsThatWebhook() {
  await reset();
  await add("generic", hooks("f1", "f2", "f3"));
  const r = await generic().deleteMany(["f1", "f2", "f3"], {
    concurrency: 2,
    backup: async (b) => {
      if (b.webhook.id === "f2") throw new Error("disk full");
    },
  });
  eq(r.results.map((x) => [x.id, x.outcome, x.error && x.error.code]), [["f1", "deleted", null], ["f2", "failed", "backup_failed"], ["f3", "deleted", null]], "outcomes");
  eq((await sent("DELETE")).map((q) => q.id).sort(), ["f1", "f3"], "f2 was never sent a DELETE");
}

async function restoreSettlesAnUnknownOutcomeByLooking() {
  await reset();
  const backup = { webhook: { id: "gone", url: "https://r.test/1", events: ["a"], status: "active", createdAt: null, updatedAt: null, lastDeliveryAt: null, deliveryCount: null, failureCount: null, metadata: {} }, backedUpAt: "2024-01-01T00:00:00Z", deletedBy: "ops" };
  await mock("/faults", { dialect: "generic", route: "create", faults: [{ type: "create-then-500" }] });
  const r = await generic().restoreWebhook(backup);
  eq([r.previousId, r.created], ["gone", true], "restored");
  eq((await webhooksOf("generic")).length, 1, "exactly one webhook: the create that answered 500 had happened");
  eq((await sent("POST")).length, 1, "no second create");
  const e = await rejection(generic().restoreWebhook({ ...backup, webhook: { ...backup.webhook, url: "" } }));
  isWebhookError(e, "invalid_input");
  ok(e.message.startsWith("backup.webhook.url"), e.message);
}

async function a429PausesEveryWorkerOfABackedUpRun() {
  await reset({ latencyMs: 20 });
  const all = ["q1", "q2", "q3", "q4", "q5", "q6"];
  await add("generic", hooks(...all));
  await faults("generic", "q1", [{ type: "delay", ms: 0 }, { type: "429", retryAfter: 1 }]);
  const r = await generic().deleteMany(all, { concurrency: 3, backup: () => {} });
  eq(r.deleted, 6, "all deleted");
  const reqs = await sent();
  const limited = reqs.find((q) => q.status === 429);
  const later = reqs.filter((q) => q.startedAt > limited.endedAt + 50);
  ok(later.length >= 3 && later.every((q) => q.startedAt >= limited.endedAt + 900), "every request after the 429 waited for its Retry-After");
  await reset();
}

const UNDO = {
  bulkBackupsThenRestoreBringEverythingBack,
  aFailingBackupStoreKeepsThatWebhook,
  restoreSettlesAnUnknownOutcomeByLooking,
  a429PausesEveryWorkerOfABackedUpRun,
};

// ==== Streams and resumable runs ================================================================
// Streams of ids, bounded results and resumable runs (the scale issue). Node and Chromium alike.

async function* stream(ids, pauseEvery = 0) {
  let n = 0;
  for (const id of ids) {
    if (pauseEvery && ++n % pauseEvery === 0) await new Promise((r) => setTimeout(r, 1));
    yield id;
  }
}

/** A BulkJournal in memory (what fileJournal does on disk); each append takes `appendMs`. */
function memoryJournal(appendMs = 0) {
  const journal = { text: "", appends: 0, lines: 0 };
  journal.read = async () => journal.text;
  journal.append = async (lines) => {
    if (appendMs) await new Promise((r) => setTimeout(r, appendMs));
    journal.appends++;
    journal.lines += lines.split("\n").length - 1;
    journal.text += lines;
  };
  return journal;
}

async function idsStreamInBoundedResults() {
  await reset();
  const all = Array.from({ length: 300 }, (_, i) => `s${i}`);
  await add("generic", hooks(...all.filter((id) => id !== "s7")));
  await mock("/faults", { dialect: "generic", id: "s9", faults: [{ type: "403" }] });
  const progress = [];
  const sunk = [];
  const AuditLog = generic().audit.constructor;
  const withSink = generic({ audit: new AuditLog({ sink: (entry) => { sunk.push(entry.webhookId); } }) });
  const r = await withSink.deleteMany(stream([...all, "s1", "s2"], 50), { keepResults: false, concurrency: 8, onProgress: (p) => progress.push(p.done) });
  eq([r.total, r.deleted, r.notFound, r.failed], [300, 298, 1, 1], "exact counts, repeats dropped");
  eq(r.results.map((x) => [x.id, x.outcome]), [["s9", "failed"]], "only the failed line is kept");
  eq(progress.length, 300, "progress once per id");
  await withSink.audit.flush();
  eq([sunk.length, new Set(sunk).size, withSink.audit.length], [300, 300, 0], "every entry reached the sink; none is held");
  await add("generic", hooks("t1", "t2", "t3"));
  const noSink = generic();
  const t = await noSink.deleteMany(stream(["t1", "t2", "t3"], 2), { keepResults: false });
  eq([t.deleted, noSink.audit.length], [3, 0], "without a sink, a keepResults: false run holds no entries either");
  const sync = await generic().deleteMany(new Set(["s7", "z1"]));
  eq([sync.total, sync.notFound], [2, 2], "any iterable");
}

async function aBadIdEndsAStreamThere() {
  await reset({ latencyMs: 20 });
  await add("generic", hooks("a", "b", "c"));
  const e = await rejection(generic().deleteMany(stream(["a", "b", "..", "c"]), { concurrency: 1 }));
  isWebhookError(e, "invalid_input");
  eq(e.message, 'ids[2] must not be "." or ".."', "names the position");
  eq((await sent("DELETE")).map((q) => q.id), ["a", "b"], "the ids before it ended; nothing after it was sent");
  isWebhookError(await rejection(generic().deleteMany("abc")), "invalid_input");
  await reset();
}

async function aJournaledRunResumesWithoutRepeats() {
  await reset({ latencyMs: 30 });
  const all = Array.from({ length: 40 }, (_, i) => `j${String(i).padStart(2, "0")}`);
  await add("generic", hooks(...all));
  const journal = memoryJournal(10);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const first = await generic().deleteMany(all, { journal, concurrency: 4, signal: controller.signal });
  ok(first.skipped > 0 && first.deleted > 0, `the first run was cut short (${first.deleted} deleted, ${first.skipped} skipped)`);
  ok(journal.text.startsWith('{"run":'), "the journal names its run");
  const ended = first.deleted + first.failed + first.notFound;
  ok(journal.appends < ended, `starts and ends are written in batches (${journal.appends} appends for ${ended} ids ended)`);
  await mock("/requests/clear", {});
  const client = generic();
  const second = await client.deleteMany(all, { journal, concurrency: 4 });
  eq(second.deleted + second.notFound, 40, "every id ended");
  const resent = (await sent("DELETE")).map((q) => q.id);
  const deletedBefore = first.results.filter((x) => x.outcome === "deleted").map((x) => x.id);
  eq(resent.filter((id) => deletedBefore.includes(id)), [], "no DELETE for an id the first run deleted");
  eq((await mock("/webhooks?dialect=generic")).count, 0, "all gone");
  ok(client.audit.history().every((e) => !deletedBefore.includes(e.webhookId)), "ended ids are not audited again");
  const other = await rejection(generic({ baseUrl: "http://127.0.0.1:1/generic" }).deleteMany(all, { journal }));
  isWebhookError(other, "invalid_input");
  ok(other.message.startsWith("options.journal belongs to a run against"), other.message);
  await reset();
}

const SCALE = {
  idsStreamInBoundedResults,
  aBadIdEndsAStreamThere,
  aJournaledRunResumesWithoutRepeats,
};

export const SCENARIOS = { ...HARDENING, ...SELECTION, ...UNDO, ...SCALE };
