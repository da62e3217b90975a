// Tests for the mock API itself: run with `node --test tests/mock/`.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { startMockApi } from "./server.mjs";

const KEY = "test-key";
let api;
let url;

before(async () => {
  api = await startMockApi({ port: 0 });
  url = api.url;
});
after(() => api.close());
beforeEach(() => control("POST", "/__mock/reset", {}));

/** Calls a control route and returns the parsed JSON. */
async function control(method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

/** Calls an API route with the x-api-key header (or the given headers); returns { res, body }. */
async function call(method, path, { headers = { "x-api-key": KEY }, signal, body: sent } = {}) {
  const res = await fetch(url + path, { method, headers, signal, body: sent });
  const text = await res.text();
  let body = text;
  if ((res.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return { res, body };
}

const faults = (dialect, id, list) => control("POST", "/__mock/faults", { dialect, id, faults: list });
const bearer = { authorization: `Bearer ${KEY}` };

/** Waits (polling) until check() holds. */
const until = async (check, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
};
/** The newest request record, read in-process. */
const lastRecord = () => api.state.requests.at(-1);

test("health, CORS headers and OPTIONS preflight", async () => {
  assert.deepEqual(await control("GET", "/__mock/health"), { ok: true });
  const pre = await fetch(`${url}/generic/webhooks/webhook_1001`, { method: "OPTIONS" });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "*");
  assert.equal(pre.headers.get("access-control-allow-methods"), "GET, POST, DELETE, OPTIONS");
  assert.equal(pre.headers.get("access-control-allow-headers"), "x-api-key, authorization, content-type, user-agent, x-exa-integration");
  assert.equal(pre.headers.get("access-control-expose-headers"), "x-request-id, retry-after, location");
  assert.equal(pre.headers.get("access-control-max-age"), "600");
  const { res } = await call("GET", "/generic/webhooks/nope", { headers: {} }); // errors carry CORS too
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.match(res.headers.get("x-request-id"), /^req_\d+$/);
  const log = await control("GET", "/__mock/requests?method=OPTIONS");
  assert.equal(log.requests.length, 1);
  assert.equal(log.requests[0].status, 204);
  assert.equal(log.requests[0].id, "webhook_1001");
});

test("exa: list, get and delete shapes", async () => {
  const list = await call("GET", "/exa/v0/webhooks");
  assert.equal(list.res.status, 200);
  assert.equal(list.res.headers.get("content-type"), "application/json");
  assert.equal(list.body.hasMore, false);
  assert.equal(list.body.nextCursor, null);
  const seeded = Array.from({ length: 12 }, (_, i) => `wh_exa_${String(i + 1).padStart(2, "0")}`);
  assert.deepEqual(list.body.data.map((w) => w.id), seeded);
  assert.equal(list.body.data.filter((w) => w.status === "inactive").length, 2);
  const keys = ["id", "object", "status", "events", "url", "secret", "metadata", "createdAt", "updatedAt"];
  for (const w of list.body.data) assert.deepEqual(Object.keys(w), keys);

  const one = await call("GET", "/exa/v0/webhooks/wh_exa_01");
  assert.equal(one.res.status, 200);
  assert.equal(one.body.object, "webhook");
  assert.equal(one.body.secret, null);

  const del = await call("DELETE", "/exa/v0/webhooks/wh_exa_01");
  assert.equal(del.res.status, 200);
  assert.deepEqual(del.body, one.body);
  const again = await call("DELETE", "/exa/v0/webhooks/wh_exa_01");
  assert.equal(again.res.status, 404);
  assert.deepEqual(again.body, { requestId: again.res.headers.get("x-request-id"), error: "Webhook not found", tag: "WEBHOOK_NOT_FOUND" });
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01")).res.status, 404);
});

test("generic: list, get and delete shapes with final statistics", async () => {
  const list = await call("GET", "/generic/webhooks", { headers: bearer });
  assert.equal(list.res.status, 200);
  assert.deepEqual(Object.keys(list.body), ["data"]);
  assert.equal(list.body.data.length, 10);
  assert.ok(list.body.data.some((w) => w.active === false && w.status === "inactive"));
  const never = list.body.data.find((w) => w.id === "webhook_1005");
  assert.equal(never.delivery_count, 0);
  assert.equal(never.last_delivery_at, null);

  const one = await call("GET", "/generic/webhooks/webhook_1001", { headers: bearer });
  assert.equal(one.body.delivery_count, 1250);
  assert.equal(one.body.failure_count, 3);

  const del = await call("DELETE", "/generic/webhooks/webhook_1001", { headers: bearer });
  assert.equal(del.res.status, 200);
  assert.equal(del.body.id, "webhook_1001");
  assert.equal(del.body.status, "deleted");
  assert.equal(del.body.message, "Webhook deleted successfully");
  assert.match(del.body.deleted_at, /Z$/);
  assert.deepEqual(del.body.final_statistics, {
    total_deliveries: 1250,
    total_failures: 3,
    success_rate: 99.76,
    last_delivery_at: one.body.last_delivery_at,
  });
  const unused = await call("DELETE", "/generic/webhooks/webhook_1005", { headers: bearer });
  assert.equal(unused.body.final_statistics.success_rate, 100);
  assert.equal(unused.body.final_statistics.last_delivery_at, null);

  const missing = await call("DELETE", "/generic/webhooks/webhook_1001", { headers: bearer });
  assert.equal(missing.res.status, 404);
  assert.deepEqual(missing.body.details, { webhook_id: "webhook_1001" });
  const left = await control("GET", "/__mock/webhooks?dialect=generic");
  assert.equal(left.count, 8);
  assert.ok(!left.ids.includes("webhook_1001"));
});

test("auth: 401 for missing or wrong key; both header kinds accepted and recorded", async () => {
  const missing = await call("DELETE", "/exa/v0/webhooks/wh_exa_02", { headers: {} });
  assert.equal(missing.res.status, 401);
  assert.deepEqual(missing.body, { requestId: missing.res.headers.get("x-request-id"), error: "Invalid API key", tag: "INVALID_API_KEY" });

  assert.equal((await call("GET", "/generic/webhooks", { headers: { authorization: "Bearer nope" } })).res.status, 401);
  assert.equal((await call("GET", "/exa/v0/webhooks", { headers: { "x-api-key": "nope" } })).res.status, 401);
  assert.equal((await call("GET", "/exa/v0/webhooks", { headers: bearer })).res.status, 200);
  assert.equal((await call("GET", "/generic/webhooks")).res.status, 200);
  const log = await control("GET", "/__mock/requests");
  assert.deepEqual(log.requests.map((r) => [r.auth, r.apiKeyOk, r.status]), [
    [null, false, 401], ["bearer", false, 401], ["x-api-key", false, 401], ["bearer", true, 200], ["x-api-key", true, 200],
  ]);
  assert.ok(await control("GET", "/__mock/webhooks?dialect=exa").then((s) => s.ids.includes("wh_exa_02")));
  const generic = await call("DELETE", "/generic/webhooks/webhook_1002", { headers: {} });
  assert.deepEqual(generic.body, { error: "Unauthorized", code: 401, timestamp: generic.body.timestamp, requestId: generic.res.headers.get("x-request-id") });
});

test("exa error shapes: flat for 401/403/404/409/429, status for 400/422, nested for 5xx", async () => {
  await faults("exa", "wh_exa_01", [
    { type: "403" }, { type: "409", retryAfter: 2 }, { type: "409" }, { type: "429", retryAfter: 1 }, { type: "408" },
    { type: "400" }, { type: "422" }, { type: "500" }, { type: "502" }, { type: "503" }, { type: "504" },
  ]);
  const next = () => call("DELETE", "/exa/v0/webhooks/wh_exa_01");
  const flat = async (status, error, tag, extra = {}) => {
    const { res, body } = await next();
    assert.equal(res.status, status);
    assert.deepEqual(body, { requestId: res.headers.get("x-request-id"), error, tag, ...extra });
    return res;
  };
  await flat(403, "You do not have permission to access this resource", "FORBIDDEN");
  const busy = "Webhook cannot be deleted while processing events";
  await flat(409, busy, "WEBHOOK_BUSY", { details: { reason: "Webhook has pending events", retry_after: 2 } });
  await flat(409, busy, "WEBHOOK_BUSY");
  assert.equal((await flat(429, "Rate limit exceeded", "RATE_LIMIT_EXCEEDED")).headers.get("retry-after"), "1");
  await flat(408, "Request timeout", "REQUEST_TIMEOUT");
  for (const [status, error] of [[400, "Bad Request"], [422, "Unprocessable Entity"]]) {
    const { res, body } = await next();
    assert.equal(res.status, status);
    assert.deepEqual(Object.keys(body), ["statusCode", "message", "error", "path", "timestamp"]);
    assert.deepEqual([body.statusCode, body.error, body.path], [status, error, "/v0/webhooks/wh_exa_01"]);
    assert.equal(typeof body.message, "string");
  }
  const nested = [[500, "internal_error", "INTERNAL_ERROR"], [502, "bad_gateway", "BAD_GATEWAY"],
    [503, "service_unavailable", "SERVICE_UNAVAILABLE"], [504, "gateway_timeout", "GATEWAY_TIMEOUT"]];
  for (const [status, type, code] of nested) {
    const { res, body } = await next();
    assert.equal(res.status, status);
    assert.deepEqual(Object.keys(body), ["error", "requestId"]);
    assert.deepEqual(Object.keys(body.error), ["type", "code", "message", "detail"]);
    assert.deepEqual([body.error.type, body.error.code, body.requestId], [type, code, res.headers.get("x-request-id")]);
    assert.match(body.error.detail, /DELETE \/v0\/webhooks\/wh_exa_01/);
  }
  assert.equal((await next()).res.status, 200); // the queue is used up; the webhook was never deleted

  // Unknown routes and bad ids speak the Websets server's shape.
  const unknown = await call("GET", "/exa/v0/nothing");
  assert.deepEqual([unknown.res.status, unknown.body.statusCode, unknown.body.message], [404, 404, "Cannot GET /v0/nothing"]);
  const badId = await call("GET", "/exa/v0/webhooks/%E0%A4%A");
  assert.deepEqual([badId.res.status, badId.body.message], [400, "Malformed percent-encoding in webhook id"]);
  const method = await call("POST", "/exa/v0/webhooks/wh_exa_02");
  assert.deepEqual([method.res.status, method.body.tag], [405, "METHOD_NOT_ALLOWED"]);
});

test("a fault forces an exa shape; generic keeps its one shape", async () => {
  await faults("exa", "wh_exa_03", [
    { type: "404", shape: "flat" }, { type: "404", shape: "status" }, { type: "404", shape: "nested" },
    { type: "401", shape: "nested" }, { type: "500", shape: "flat" }, { type: "429", shape: "status" },
  ]);
  const next = () => call("GET", "/exa/v0/webhooks/wh_exa_03");
  let r = await next();
  assert.deepEqual(r.body, { requestId: r.res.headers.get("x-request-id"), error: "Webhook not found", tag: "WEBHOOK_NOT_FOUND" });
  r = await next();
  assert.deepEqual(r.body, { statusCode: 404, message: "Webhook not found", error: "Not Found", path: "/v0/webhooks/wh_exa_03", timestamp: r.body.timestamp });
  r = await next();
  assert.deepEqual(r.body.error, { type: "not_found_error", code: "WEBHOOK_NOT_FOUND", message: "Webhook not found", detail: r.body.error.detail });
  assert.equal(r.body.requestId, r.res.headers.get("x-request-id"));
  r = await next();
  assert.deepEqual([r.res.status, r.body.error.code, r.body.error.type], [401, "INVALID_API_KEY", "authentication_error"]);
  r = await next();
  assert.deepEqual(r.body, { requestId: r.res.headers.get("x-request-id"), error: "Internal server error", tag: "INTERNAL_ERROR" });
  r = await next();
  assert.deepEqual([r.res.status, r.body.statusCode, r.body.error], [429, 429, "Too Many Requests"]);
  assert.equal((await next()).res.status, 200);

  await faults("generic", "webhook_1002", [{ type: "404", shape: "nested" }, { type: "401" }]);
  r = await call("GET", "/generic/webhooks/webhook_1002");
  assert.deepEqual(r.body, { error: "Webhook not found", code: 404, details: { webhook_id: "webhook_1002" }, timestamp: r.body.timestamp, requestId: r.res.headers.get("x-request-id") });
  r = await call("GET", "/generic/webhooks/webhook_1002");
  assert.deepEqual([r.res.status, r.body.error, r.body.code], [401, "Unauthorized", 401]);
  const bad = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "exa", id: "x", faults: [{ type: "404", shape: "round" }] }) });
  assert.equal(bad.status, 400);
  await bad.arrayBuffer();
});

test("exa-js alias: /exa/websets/v0/... is /exa/v0/...", async () => {
  const list = await call("GET", "/exa/websets/v0/webhooks?limit=2");
  assert.equal(list.res.status, 200);
  assert.equal(list.body.data.length, 2);
  const headers = { "x-api-key": KEY, "content-type": "application/json", "user-agent": "exa-node 1.0.0" };
  const got = await call("GET", "/exa/websets/v0/webhooks/wh_exa_02", { headers });
  assert.equal(got.body.id, "wh_exa_02");
  assert.equal((await call("DELETE", "/exa/websets/v0/webhooks/wh_exa_02", { headers })).res.status, 200);
  const gone = await call("GET", "/exa/v0/webhooks/wh_exa_02");
  assert.equal(gone.body.tag, "WEBHOOK_NOT_FOUND");
  const bad = await call("GET", "/exa/websets/v0/webhooks?limit=500");
  assert.equal(bad.body.path, "/v0/webhooks");
  const pre = await fetch(`${url}/exa/websets/v0/webhooks/wh_exa_01`, { method: "OPTIONS" });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get("x-request-id"), /^req_\d+$/);
  const log = await control("GET", "/__mock/requests?dialect=exa&id=wh_exa_02");
  assert.deepEqual(log.requests.map((r) => [r.method, r.path, r.route]), [
    ["GET", "/exa/websets/v0/webhooks/wh_exa_02", "item"], ["DELETE", "/exa/websets/v0/webhooks/wh_exa_02", "item"], ["GET", "/exa/v0/webhooks/wh_exa_02", "item"],
  ]);
});

test("records: route, keyHeader and bytesSent; route filter", async () => {
  await call("GET", "/exa/v0/webhooks");
  await call("GET", "/exa/v0/webhooks/wh_exa_01", { headers: { authorization: "Basic abc" } });
  await call("GET", "/exa/v0/webhooks/wh_exa_01", { headers: { "x-api-key": KEY, authorization: `Bearer ${KEY}` } });
  await call("GET", "/generic/webhooks/webhook_1001", { headers: bearer });
  const log = await control("GET", "/__mock/requests");
  assert.deepEqual(log.requests.map((r) => [r.route, r.auth, r.keyHeader, r.apiKeyOk, r.status]), [
    ["list", "x-api-key", "x-api-key", true, 200],
    ["item", null, "authorization", false, 401],
    ["item", "both", "both", true, 200],
    ["item", "bearer", "authorization", true, 200],
  ]);
  for (const r of log.requests) assert.ok(r.bytesSent > 20, `bytesSent ${r.bytesSent}`);
  const keys = ["seq", "requestId", "method", "path", "dialect", "route", "id", "auth", "keyHeader", "apiKeyOk", "status", "fault", "bytesSent", "createdId", "body", "startedAt", "endedAt"];
  for (const key of keys) assert.ok(key in log.requests[0], key);
  const items = await control("GET", "/__mock/requests?route=item&dialect=exa");
  assert.equal(items.requests.length, 2);
});

test("exa pagination: walk all pages, stable under deletes, bad limit and cursor", async () => {
  const ids = [];
  let cursor = "";
  let pages = 0;
  for (;;) {
    const { body } = await call("GET", `/exa/v0/webhooks?cursor=${encodeURIComponent(cursor)}&limit=4`);
    pages++;
    ids.push(...body.data.map((w) => w.id));
    if (!body.hasMore) {
      assert.equal(body.nextCursor, null);
      break;
    }
    cursor = body.nextCursor;
  }
  assert.equal(pages, 3);
  assert.equal(ids.length, 12);

  // Deleting the page just listed must not make the next page skip anything.
  const first = await call("GET", "/exa/v0/webhooks?limit=2");
  for (const w of first.body.data) await call("DELETE", `/exa/v0/webhooks/${w.id}`);
  const second = await call("GET", `/exa/v0/webhooks?limit=2&cursor=${first.body.nextCursor}`);
  assert.deepEqual(second.body.data.map((w) => w.id), ["wh_exa_03", "wh_exa_04"]);

  const problems = {
    0: "limit must not be less than 1",
    "-1": "limit must not be less than 1",
    201: "limit must not be greater than 200",
    abc: "limit must be an integer number",
    2.5: "limit must be an integer number",
  };
  for (const [bad, message] of Object.entries(problems)) {
    const { res, body } = await call("GET", `/exa/v0/webhooks?limit=${bad}`);
    assert.equal(res.status, 400, bad);
    assert.deepEqual(body, { statusCode: 400, message: [message], error: "Bad Request", path: "/v0/webhooks", timestamp: body.timestamp });
    assert.match(body.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(res.headers.get("x-request-id"), /^req_\d+$/);
  }
  assert.equal((await call("GET", "/exa/v0/webhooks?limit=200")).res.status, 200);
  const badCursor = await call("GET", "/exa/v0/webhooks?cursor=bogus");
  assert.equal(badCursor.res.status, 400);
  assert.equal(badCursor.body.message, "Invalid cursor");
});

const DAY = 86_400_000;

/** Every attempt of an Exa webhook, through the API, following cursors. */
async function allAttempts(id, query = "") {
  const out = [];
  let cursor = "";
  for (;;) {
    const { res, body } = await call("GET", `/exa/v0/webhooks/${id}/attempts?limit=2&cursor=${encodeURIComponent(cursor)}${query}`);
    assert.equal(res.status, 200, JSON.stringify(body));
    out.push(...body.data);
    if (!body.hasMore) {
      assert.equal(body.nextCursor, null);
      return out;
    }
    cursor = body.nextCursor;
  }
}

test("exa seed: the inactive rules with a 30-day cutoff, failing, duplicate, tunnel and metadata webhooks", async () => {
  const { body } = await call("GET", "/exa/v0/webhooks?limit=200");
  const now = Date.now();
  const cutoff = now - 30 * DAY;
  const byRule = { status: [], lastAttempt: [], neverCreatedBefore: [], failing3: [], none: [] };
  for (const w of body.data) {
    const attempts = (await call("GET", `/exa/v0/webhooks/${w.id}/attempts`)).body.data;
    if (w.status === "inactive") byRule.status.push(w.id);
    if (attempts.length === 0) byRule.none.push(w.id);
    if (attempts.length > 0 && Date.parse(attempts[0].attemptedAt) < cutoff) byRule.lastAttempt.push(w.id);
    if (attempts.length === 0 && Date.parse(w.createdAt) < cutoff) byRule.neverCreatedBefore.push(w.id);
    if (attempts.length >= 3 && attempts.slice(0, 3).every((a) => !a.successful)) byRule.failing3.push(w.id);
    for (let i = 1; i < attempts.length; i++) assert.ok(attempts[i - 1].attemptedAt >= attempts[i].attemptedAt, "newest first");
  }
  assert.deepEqual(byRule, {
    status: ["wh_exa_02", "wh_exa_04"],
    lastAttempt: ["wh_exa_03"],
    neverCreatedBefore: ["wh_exa_02", "wh_exa_08"],
    failing3: ["wh_exa_07"],
    none: ["wh_exa_02", "wh_exa_06", "wh_exa_08"],
  });
  const get = async (id) => (await call("GET", `/exa/v0/webhooks/${id}`)).body;
  const [a, b] = [await get("wh_exa_09"), await get("wh_exa_10")];
  assert.equal(a.url, b.url);
  assert.deepEqual([...a.events].sort(), [...b.events].sort());
  assert.ok(a.createdAt < b.createdAt);
  assert.equal((await get("wh_exa_11")).url, "https://abc123.ngrok-free.app/hooks/exa");
  assert.deepEqual((await get("wh_exa_12")).metadata, { createdBy: "my-app" });
  assert.ok(now - Date.parse((await get("wh_exa_06")).createdAt) < 4 * DAY);
  const recent = (await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts?limit=1")).body.data[0];
  assert.ok(recent.successful && now - Date.parse(recent.attemptedAt) < 3 * DAY);
});

test("exa attempts: fields, paging, filters, 400s and 404", async () => {
  const { res, body } = await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts");
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(body), ["data", "hasMore", "nextCursor"]);
  assert.deepEqual(Object.keys(body.data[0]), ["id", "object", "eventId", "eventType", "webhookId", "url", "successful",
    "responseHeaders", "responseBody", "responseStatusCode", "attempt", "attemptedAt"]);
  assert.deepEqual(body.data.map((a) => [a.eventType, a.successful, a.responseStatusCode, a.attempt]), [
    ["webset.idle", true, 200, 1], ["webset.created", true, 200, 2], ["webset.created", false, 500, 1],
  ]);
  assert.equal(body.data[0].object, "webhook_attempt");
  assert.equal(body.data[0].webhookId, "wh_exa_01");
  assert.equal(body.data[0].url, "https://hooks.acme.test/exa/websets");

  // Add 7 attempts out of order: pages of 2 come back newest first, nothing skipped or repeated.
  const t0 = Date.now() - 100 * DAY;
  const added = [5, 1, 7, 3, 2, 6, 4].map((d) => ({ attemptedAt: new Date(t0 + d * 60_000).toISOString(), successful: d % 2 === 0, eventType: d > 4 ? "webset.idle" : "webset.created" }));
  assert.deepEqual(await control("POST", "/__mock/attempts", { id: "wh_exa_01", attempts: added }), { ok: true, count: 7 });
  const all = await allAttempts("wh_exa_01");
  assert.equal(all.length, 10);
  assert.equal(new Set(all.map((a) => a.id)).size, 10);
  for (let i = 1; i < all.length; i++) assert.ok(Date.parse(all[i - 1].attemptedAt) >= Date.parse(all[i].attemptedAt));
  assert.deepEqual((await allAttempts("wh_exa_01", "&successful=false")).map((a) => a.successful), [false, false, false, false, false]);
  const idle = await allAttempts("wh_exa_01", "&eventType=webset.idle&successful=true");
  assert.deepEqual(idle.map((a) => [a.eventType, a.successful]), [["webset.idle", true], ["webset.idle", true]]);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts?limit=200&eventType=nope")).body.data.length, 0);

  // A cursor stays valid while newer attempts arrive.
  const first = (await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts?limit=3")).body;
  await control("POST", "/__mock/attempts", { id: "wh_exa_01", attempts: [{}] });
  const second = (await call("GET", `/exa/v0/webhooks/wh_exa_01/attempts?limit=3&cursor=${first.nextCursor}`)).body;
  assert.deepEqual(second.data.map((a) => a.id), all.slice(3, 6).map((a) => a.id));

  for (const [query, message] of [["limit=0", "limit must not be less than 1"], ["limit=201", "limit must not be greater than 200"],
    ["limit=x", "limit must be an integer number"], ["successful=yes", "successful must be a boolean value"]]) {
    const bad = await call("GET", `/exa/v0/webhooks/wh_exa_01/attempts?${query}`);
    assert.equal(bad.res.status, 400, query);
    assert.deepEqual(bad.body, { statusCode: 400, message: [message], error: "Bad Request", path: "/v0/webhooks/wh_exa_01/attempts", timestamp: bad.body.timestamp });
  }
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts?cursor=bogus")).res.status, 400);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts?limit=200")).body.data.length, 11);
  const missing = await call("GET", "/exa/v0/webhooks/nope/attempts");
  assert.deepEqual(missing.body, { requestId: missing.res.headers.get("x-request-id"), error: "Webhook not found", tag: "WEBHOOK_NOT_FOUND" });
  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_exa_01/attempts")).res.status, 405);
  assert.equal((await call("GET", "/generic/webhooks/webhook_1001/attempts")).res.status, 404);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts", { headers: {} })).res.status, 401);
  const log = await control("GET", "/__mock/requests?route=attempts&id=nope");
  assert.deepEqual(log.requests.map((r) => [r.route, r.id, r.status]), [["attempts", "nope", 404]]);
});

test("exa attempts: control routes, defaults, faults on their own queue, deleted with the webhook", async () => {
  await control("POST", "/__mock/webhooks", { dialect: "exa", webhooks: [{ id: "wh_x", events: ["webset.idle"], url: "https://x.test/h" }] });
  await control("POST", "/__mock/attempts", { id: "wh_x", attempts: [{}, { successful: false }] });
  const listed = await control("GET", "/__mock/attempts?id=wh_x");
  assert.equal(listed.count, 2);
  const [ok, failed] = [listed.attempts.find((a) => a.successful), listed.attempts.find((a) => !a.successful)];
  assert.match(ok.id, /^att_\d+$/);
  assert.match(ok.eventId, /^evt_\d+$/);
  assert.deepEqual([ok.eventType, ok.url, ok.webhookId, ok.responseStatusCode, ok.attempt], ["webset.idle", "https://x.test/h", "wh_x", 200, 1]);
  assert.equal(failed.responseStatusCode, 500);
  assert.ok(Math.abs(Date.parse(ok.attemptedAt) - Date.now()) < 5000);
  assert.ok((await control("GET", "/__mock/attempts")).count > 2);
  const noHook = await fetch(`${url}/__mock/attempts`, { method: "POST", body: JSON.stringify({ id: "nope", attempts: [{}] }) });
  assert.equal(noHook.status, 404);
  await noHook.arrayBuffer();

  await control("POST", "/__mock/faults", { dialect: "exa", id: "wh_x", route: "attempts", faults: [{ type: "503" }, { type: "429", retryAfter: 1 }] });
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_x")).res.status, 200); // the item's queue is separate
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_x/attempts")).res.status, 503);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_x/attempts")).res.headers.get("retry-after"), "1");
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_x/attempts")).res.status, 200);
  const rejected = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "exa", id: "wh_x", route: "attempts", faults: [{ type: "delete-then-500" }] }) });
  assert.equal(rejected.status, 400);
  await rejected.arrayBuffer();
  const generic = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "generic", id: "w", route: "attempts", faults: [] }) });
  assert.equal(generic.status, 400);
  await generic.arrayBuffer();

  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_x")).res.status, 200);
  assert.equal((await control("GET", "/__mock/attempts?id=wh_x")).count, 0);
  await control("POST", "/__mock/webhooks", { dialect: "exa", webhooks: [{ id: "wh_x" }] });
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_x/attempts")).body.data.length, 0); // a new webhook starts empty
});

/** POSTs a JSON value (or text) to a create route. */
const create = (path, value, headers = { "x-api-key": KEY, "content-type": "application/json" }) =>
  call("POST", path, { headers, body: typeof value === "string" ? value : JSON.stringify(value) });

test("create: exa 200 and generic 201 with a secret only in the answer; the log records url, events and createdId", async () => {
  const input = { events: ["webset.created", "webset.idle"], url: "https://r.example.com/hook", metadata: { team: "ops" } };
  const made = await create("/exa/v0/webhooks", input);
  assert.equal(made.res.status, 200);
  assert.deepEqual(Object.keys(made.body), ["id", "object", "status", "events", "url", "secret", "metadata", "createdAt", "updatedAt"]);
  assert.equal(made.body.id, "wh_exa_new_1");
  assert.deepEqual([made.body.status, made.body.events, made.body.url, made.body.metadata], ["active", input.events, input.url, input.metadata]);
  assert.match(made.body.secret, /^whsec_[A-Za-z0-9_-]{20,}$/);
  assert.match(made.res.headers.get("x-request-id"), /^req_\d+$/);
  const stored = await call("GET", "/exa/v0/webhooks/wh_exa_new_1");
  assert.deepEqual(stored.body, { ...made.body, secret: null });
  const listed = (await call("GET", "/exa/v0/webhooks?limit=200")).body.data.find((w) => w.id === "wh_exa_new_1");
  assert.equal(listed.secret, null);
  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_exa_new_1")).body.secret, null);
  const again = await create("/exa/websets/v0/webhooks", { events: ["webset.created"], url: "https://r.example.com/2" });
  assert.equal(again.body.id, "wh_exa_new_2");
  assert.notEqual(again.body.secret, made.body.secret);
  assert.deepEqual(again.body.metadata, {});

  const gen = await create("/generic/webhooks", { url: "https://g.example.com/h", events: ["order.created"] }, { ...bearer, "content-type": "application/json" });
  assert.equal(gen.res.status, 201);
  assert.equal(gen.body.id, "webhook_new_1");
  assert.deepEqual([gen.body.active, gen.body.status, gen.body.delivery_count, gen.body.last_delivery_at], [true, "active", 0, null]);
  assert.match(gen.body.secret, /^whsec_/);
  const genStored = await call("GET", "/generic/webhooks/webhook_new_1");
  assert.equal("secret" in genStored.body, false);

  const log = await control("GET", "/__mock/requests?route=create");
  assert.deepEqual(log.requests.map((r) => [r.method, r.dialect, r.id, r.createdId, r.status, r.body]), [
    ["POST", "exa", null, "wh_exa_new_1", 200, { url: input.url, events: input.events }],
    ["POST", "exa", null, "wh_exa_new_2", 200, { url: "https://r.example.com/2", events: ["webset.created"] }],
    ["POST", "generic", null, "webhook_new_1", 201, { url: "https://g.example.com/h", events: ["order.created"] }],
  ]);
  await control("POST", "/__mock/reset", {});
  assert.equal((await create("/exa/v0/webhooks", input)).body.id, "wh_exa_new_1"); // numbering restarts with a reset
});

test("create: 400 validation in each dialect's shape, 413 past 1 MiB, 401 before reading", async () => {
  const cases = [
    [{ url: "https://x.test/h" }, ["events must be an array"]],
    [{ url: "https://x.test/h", events: [] }, ["events must contain at least 1 elements"]],
    [{ url: "https://x.test/h", events: [1] }, ["each value in events must be a string"]],
    [{ events: ["webset.created"] }, ["url must be a string"]],
    [{ events: ["webset.created"], url: "not a url" }, ["url must be a URL address"]],
    [{ events: ["webset.created"], url: "ftp://x.test/h" }, ["url must be a URL address"]],
    [{ events: ["a"], url: "https://x.test/h", metadata: { n: 1 } }, ["each value in metadata must be a string"]],
    [{ events: ["a"], url: "https://x.test/h", metadata: [] }, ["metadata must be an object"]],
    [{}, ["events must be an array", "url must be a string"]],
    ["{not json", ["body must be a JSON object"]],
    ["[1]", ["body must be a JSON object"]],
  ];
  for (const [input, message] of cases) {
    const { res, body } = await create("/exa/v0/webhooks", input);
    assert.equal(res.status, 400, JSON.stringify(input));
    assert.deepEqual(body, { statusCode: 400, message, error: "Bad Request", path: "/v0/webhooks", timestamp: body.timestamp });
  }
  const gen = await create("/generic/webhooks", { url: 5 });
  assert.equal(gen.res.status, 400);
  assert.deepEqual(gen.body, {
    error: "Invalid webhook: events must be an array; url must be a string",
    code: 400,
    details: { errors: ["events must be an array", "url must be a string"] },
    timestamp: gen.body.timestamp,
    requestId: gen.res.headers.get("x-request-id"),
  });
  const big = JSON.stringify({ events: ["a"], url: "https://x.test/h", pad: "x".repeat(1024 * 1024) });
  const tooLarge = await create("/exa/v0/webhooks", big);
  assert.equal(tooLarge.res.status, 413);
  assert.deepEqual([tooLarge.body.statusCode, tooLarge.body.error], [413, "Payload Too Large"]);
  assert.equal((await create("/generic/webhooks", big)).body.code, 413);
  const justFits = JSON.stringify({ events: ["a"], url: "https://x.test/h", pad: "x".repeat(1024 * 1024 - 60) });
  assert.equal((await create("/exa/v0/webhooks", justFits)).res.status, 200);
  assert.equal((await create("/exa/v0/webhooks", { events: ["a"], url: "https://x.test/h" }, { "content-type": "application/json" })).res.status, 401);
  assert.equal((await call("DELETE", "/exa/v0/webhooks")).res.status, 405);
  assert.equal((await control("GET", "/__mock/webhooks?dialect=exa")).count, 13);

  // A client that leaves in the middle of its body: the record ends unanswered, nothing is created.
  const req = http.request(`${url}/exa/v0/webhooks`, { method: "POST", headers: { "x-api-key": KEY, "content-length": "1000" } });
  req.on("error", () => {});
  req.write('{"events":');
  await until(() => lastRecord()?.route === "create" && lastRecord().endedAt === null);
  req.destroy();
  await until(() => lastRecord().endedAt !== null);
  assert.deepEqual([lastRecord().status, lastRecord().createdId], [null, null]);
  assert.equal(api.state.inFlight, 0);
  const pre = await fetch(`${url}/exa/v0/webhooks`, { method: "OPTIONS", headers: { "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-api-key" } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
  assert.match(pre.headers.get("access-control-allow-headers"), /content-type/);
  assert.equal((await control("GET", "/__mock/requests?method=OPTIONS")).requests[0].route, "create");
});

test("create faults: status, create-then-500/hang/reset create once; their queue is separate", async () => {
  const input = { events: ["webset.created"], url: "https://c.example.com/h" };
  await control("POST", "/__mock/faults", { dialect: "exa", route: "create", faults: [
    { type: "503" }, { type: "create-then-500" }, { type: "create-then-reset" }, { type: "create-then-hang" }, { type: "hang" },
  ] });
  assert.equal((await call("GET", "/exa/v0/webhooks")).res.status, 200); // the list queue is another one
  const unavailable = await create("/exa/v0/webhooks", input);
  assert.deepEqual([unavailable.res.status, unavailable.body.error.code], [503, "SERVICE_UNAVAILABLE"]);
  const failed = await create("/exa/v0/webhooks", input);
  assert.equal(failed.res.status, 500);
  await assert.rejects(create("/exa/v0/webhooks", input));
  await assert.rejects(call("POST", "/exa/v0/webhooks", { headers: { "x-api-key": KEY }, body: JSON.stringify(input), signal: AbortSignal.timeout(150) }), { name: "TimeoutError" });
  await assert.rejects(call("POST", "/exa/v0/webhooks", { headers: { "x-api-key": KEY }, body: JSON.stringify(input), signal: AbortSignal.timeout(150) }), { name: "TimeoutError" });
  await new Promise((r) => setTimeout(r, 30));
  const log = await control("GET", "/__mock/requests?route=create");
  assert.deepEqual(log.requests.map((r) => [r.fault, r.status, r.createdId]), [
    ["503", 503, null], ["create-then-500", 500, "wh_exa_new_1"], ["create-then-reset", null, "wh_exa_new_2"],
    ["create-then-hang", null, "wh_exa_new_3"], ["hang", null, null],
  ]);
  const ids = (await control("GET", "/__mock/webhooks?dialect=exa")).ids.filter((id) => id.startsWith("wh_exa_new_"));
  assert.deepEqual(ids, ["wh_exa_new_1", "wh_exa_new_2", "wh_exa_new_3"]);
  assert.equal((await create("/exa/v0/webhooks", input)).body.id, "wh_exa_new_4");

  await control("POST", "/__mock/faults", { dialect: "generic", route: "create", faults: [{ type: "create-then-500" }] });
  const bad = await create("/generic/webhooks", { url: "nope" });
  assert.equal(bad.res.status, 500); // the fault comes first; an invalid body creates nothing
  assert.equal((await control("GET", "/__mock/webhooks?dialect=generic")).count, 10);
  for (const wrong of [{ dialect: "exa", id: "wh_exa_01", faults: [{ type: "create-then-500" }] },
    { dialect: "exa", route: "create", faults: [{ type: "delete-then-500" }] }, { dialect: "exa", route: "nope", faults: [] }]) {
    const r = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify(wrong) });
    assert.equal(r.status, 400, JSON.stringify(wrong));
    await r.arrayBuffer();
  }
});

test("generic pagination with limit; everything without", async () => {
  const sizes = [];
  const ids = [];
  let path = "/generic/webhooks?limit=4";
  for (;;) {
    const { body } = await call("GET", path);
    sizes.push(body.data.length);
    ids.push(...body.data.map((w) => w.id));
    if (!body.has_more) {
      assert.equal(body.next_cursor, null);
      break;
    }
    assert.equal(typeof body.next_cursor, "string");
    path = `/generic/webhooks?limit=4&cursor=${encodeURIComponent(body.next_cursor)}`;
  }
  assert.deepEqual(sizes, [4, 4, 2]);
  assert.equal(new Set(ids).size, 10);
  assert.equal((await call("GET", "/generic/webhooks?limit=1001")).res.status, 400);
});

test("seeded 409-once faults on webhook_1009 and wh_exa_05", async () => {
  const first = await call("DELETE", "/generic/webhooks/webhook_1009");
  assert.equal(first.res.status, 409);
  assert.equal(first.body.error, "Webhook cannot be deleted while processing events");
  assert.equal(first.body.code, 409);
  assert.deepEqual(first.body.details, { reason: "Webhook has pending events", retry_after: 1 });
  assert.equal(first.body.requestId, first.res.headers.get("x-request-id"));
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1009")).res.status, 200);
  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_exa_05")).res.status, 409);
  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_exa_05")).res.status, 200);
});

test("faults: 429 Retry-After, status codes, html, delay, delete-then-500", async () => {
  await faults("generic", "webhook_1002", [
    { type: "429", retryAfter: 1 },
    { type: "429", retryAfter: 2, retryAfterDate: true },
    { type: "429" },
    { type: "409", retryAfter: 0.05 },
  ]);
  const r1 = await call("DELETE", "/generic/webhooks/webhook_1002");
  assert.equal(r1.res.status, 429);
  assert.equal(r1.res.headers.get("retry-after"), "1");
  assert.deepEqual(r1.body, { error: "Too many requests", code: 429 });
  const r2 = await call("DELETE", "/generic/webhooks/webhook_1002");
  const when = Date.parse(r2.res.headers.get("retry-after"));
  assert.ok(when > Date.now() - 1000 && when <= Date.now() + 3000);
  const r3 = await call("DELETE", "/generic/webhooks/webhook_1002");
  assert.equal(r3.res.status, 429);
  assert.equal(r3.res.headers.get("retry-after"), null);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1002")).body.details.retry_after, 0.05);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1002")).res.status, 200);

  const codes = [500, 503, 502, 504, 408, 400, 403, 422];
  await faults("generic", "webhook_1006", codes.map((c) => ({ type: String(c) })));
  for (const code of codes) {
    const { res, body } = await call("DELETE", "/generic/webhooks/webhook_1006");
    assert.equal(res.status, code);
    assert.equal(body.code, code);
    assert.equal(typeof body.error, "string");
  }
  assert.equal((await call("GET", "/generic/webhooks/webhook_1006")).res.status, 200); // still there

  await faults("exa", "wh_exa_01", [{ type: "html" }, { type: "delay", ms: 150 }]);
  const html = await call("DELETE", "/exa/v0/webhooks/wh_exa_01");
  assert.equal(html.res.status, 502);
  assert.equal(html.res.headers.get("content-type"), "text/html");
  assert.equal(html.body, "<html><body><h1>502 Bad Gateway</h1></body></html>");
  const t0 = Date.now();
  assert.equal((await call("DELETE", "/exa/v0/webhooks/wh_exa_01")).res.status, 200);
  assert.ok(Date.now() - t0 >= 140);

  await faults("generic", "webhook_1003", [{ type: "delete-then-500" }]);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1003")).res.status, 500);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1003")).res.status, 404);

  const log = await control("GET", "/__mock/requests?method=DELETE&dialect=generic&id=webhook_1003");
  assert.deepEqual(log.requests.map((r) => [r.status, r.fault]), [[500, "delete-then-500"], [404, null]]);
});

test("faults: reset rejects fetch, hang is cut by AbortSignal.timeout", async () => {
  await faults("generic", "webhook_1004", [{ type: "reset" }, { type: "hang" }]);
  await assert.rejects(call("DELETE", "/generic/webhooks/webhook_1004"));
  const t0 = Date.now();
  await assert.rejects(call("DELETE", "/generic/webhooks/webhook_1004", { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
  assert.ok(Date.now() - t0 < 1000);
  await new Promise((r) => setTimeout(r, 30)); // let the server see the socket close
  const log = await control("GET", "/__mock/requests");
  assert.deepEqual(log.requests.map((r) => [r.fault, r.status, r.endedAt !== null]), [["reset", null, true], ["hang", null, true]]);
  assert.equal(log.inFlight, 0);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1004")).res.status, 200); // queue consumed
});

test("list faults apply to list requests", async () => {
  await control("POST", "/__mock/faults", { dialect: "exa", list: true, faults: [{ type: "503" }] });
  assert.equal((await call("GET", "/exa/v0/webhooks")).res.status, 503);
  assert.equal((await call("GET", "/exa/v0/webhooks")).res.status, 200);
});

test("percent-encoded ids are one decoded segment", async () => {
  const id = "a/b c%é";
  await control("POST", "/__mock/webhooks", { dialect: "generic", webhooks: [{ id, deliveryCount: 4, failureCount: 1 }] });
  const path = `/generic/webhooks/${encodeURIComponent(id)}`;
  const got = await call("GET", path);
  assert.equal(got.res.status, 200);
  assert.equal(got.body.id, id);
  assert.equal(got.body.events[0], "webhook.test");
  assert.equal(got.body.delivery_count, 4);
  assert.equal(got.body.status, "active");
  const del = await call("DELETE", path);
  assert.equal(del.body.final_statistics.success_rate, 75);
  assert.equal((await call("GET", "/generic/webhooks/%E0%A4%A")).res.status, 400);
  const raw = await call("GET", "/generic/webhooks/a/b");
  assert.equal(raw.res.status, 404);
  assert.equal(raw.body.error, "Not found");
  const log = await control("GET", "/__mock/requests");
  assert.equal(log.requests[0].path, path);
  assert.equal(log.requests[0].id, id);
  assert.equal(log.requests[2].id, null);
});

test("recording counters: 10 concurrent requests with latency 50 are all in flight", async () => {
  await control("POST", "/__mock/reset", { latencyMs: 50 });
  const t0 = Date.now();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => call("GET", `/exa/v0/webhooks/wh_exa_0${(i % 4) + 1}`)),
  );
  assert.ok(Date.now() - t0 >= 45);
  assert.ok(results.every((r) => r.res.status === 200));
  const log = await control("GET", "/__mock/requests");
  assert.equal(log.maxInFlight, 10);
  assert.equal(log.inFlight, 0);
  assert.equal(log.total, 10);
  assert.equal(log.byMethod.GET, 10);
  for (const r of log.requests) assert.ok(r.endedAt - r.startedAt >= 45);
  await control("POST", "/__mock/requests/clear");
  const cleared = await control("GET", "/__mock/requests");
  assert.deepEqual([cleared.requests.length, cleared.total, cleared.maxInFlight], [0, 0, 0]);

  await control("POST", "/__mock/reset", { record: false });
  await call("GET", "/exa/v0/webhooks");
  const counted = await control("GET", "/__mock/requests");
  assert.deepEqual([counted.requests.length, counted.total], [0, 1]);
});

test("genericGet:false answers 405 on GET by id; list and delete still work", async () => {
  await control("POST", "/__mock/reset", { genericGet: false });
  const get = await call("GET", "/generic/webhooks/webhook_1002");
  assert.equal(get.res.status, 405);
  assert.deepEqual(get.body, { error: "Method not allowed", code: 405 });
  assert.equal((await call("GET", "/generic/webhooks")).res.status, 200);
  assert.equal((await call("DELETE", "/generic/webhooks/webhook_1002")).res.status, 200);
});

test("random fault rate is seeded and never deletes", async () => {
  await control("POST", "/__mock/reset", { faultRate: 1 });
  const r = await call("DELETE", "/exa/v0/webhooks/wh_exa_01");
  assert.equal(r.res.status, 503);
  assert.equal(r.body.error.code, "SERVICE_UNAVAILABLE");
  assert.equal(r.body.requestId, r.res.headers.get("x-request-id"));
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01")).res.status, 200);

  const run = async () => {
    await control("POST", "/__mock/reset", { faultRate: 0.5, randomSeed: 7, seed: false, generate: 20 });
    const statuses = [];
    for (let i = 1; i <= 20; i++) statuses.push((await call("DELETE", `/generic/webhooks/wh_gen_${String(i).padStart(6, "0")}`)).res.status);
    return statuses;
  };
  const a = await run();
  assert.deepEqual(await run(), a);
  assert.ok(a.includes(503) && a.includes(200));
});

test("generate 100000 webhooks quickly; pages of 1000", async () => {
  const t0 = Date.now();
  await control("POST", "/__mock/reset", { seed: false, generate: 100000 });
  assert.ok(Date.now() - t0 < 3000);
  assert.equal((await call("GET", "/generic/webhooks/wh_gen_100000")).res.status, 200);
  const page = await call("GET", "/generic/webhooks?limit=1000");
  assert.equal(page.body.data.length, 1000);
  assert.equal(page.body.data[0].id, "wh_gen_000001");
  assert.equal(page.body.has_more, true);
  await control("POST", "/__mock/reset", {}); // back to the small seed for the next tests
});

test("control: add webhooks with defaults, unknown routes, bad fault", async () => {
  const added = await control("POST", "/__mock/webhooks", { dialect: "exa", webhooks: [{ id: "wh_new" }, { status: "inactive" }] });
  assert.deepEqual(added, { ok: true, count: 2 });
  const { body } = await call("GET", "/exa/v0/webhooks/wh_new");
  assert.deepEqual(body.events, ["webset.created"]);
  assert.equal(body.url, "https://example.com/hooks/wh_new");
  assert.equal(body.status, "active");
  assert.equal((await call("GET", "/nothing/here")).body.error, "Not found");
  assert.equal((await call("POST", "/exa/v0/webhooks/wh_new")).res.status, 405);
  const bad = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "exa", id: "x", faults: [{ type: "nope" }] }) });
  assert.equal(bad.status, 400);
});

// ---- hostile servers ------------------------------------------------------------------------

test("redirect: 3xx with CORS and Location; elsewhere records every request with its headers", async () => {
  await faults("exa", "wh_exa_01", [{ type: "redirect", status: 307, location: "elsewhere" }, { type: "redirect", status: 308, location: "elsewhere" }]);
  const res = await fetch(`${url}/exa/v0/webhooks/wh_exa_01?x=1`, { method: "DELETE", headers: { "x-api-key": KEY }, redirect: "manual" });
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), `${api.elsewhereUrl}/exa/v0/webhooks/wh_exa_01?x=1`);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  assert.match(res.headers.get("access-control-expose-headers"), /location/);
  assert.match(res.headers.get("x-request-id"), /^req_\d+$/);
  await res.arrayBuffer();
  assert.ok((await control("GET", "/__mock/webhooks?dialect=exa")).ids.includes("wh_exa_01")); // a redirect deletes nothing

  // A client that follows: the key goes to the other origin, which says "deleted".
  const followed = await fetch(`${url}/exa/v0/webhooks/wh_exa_01`, { method: "DELETE", headers: { "x-api-key": KEY, authorization: `Bearer ${KEY}` } });
  assert.equal(followed.status, 200);
  assert.equal((await followed.json()).id, "wh_exa_01");
  const seen = await control("GET", "/__mock/elsewhere");
  assert.equal(seen.url, api.elsewhereUrl);
  assert.equal(seen.total, 1);
  assert.deepEqual([seen.requests[0].method, seen.requests[0].path, seen.requests[0].headers["x-api-key"]], ["DELETE", "/exa/v0/webhooks/wh_exa_01", KEY]);
  assert.ok((await control("GET", "/__mock/webhooks?dialect=exa")).ids.includes("wh_exa_01"));

  // The elsewhere origin answers like the API, with CORS and preflights.
  const pre = await fetch(`${api.elsewhereUrl}/generic/webhooks/w1`, { method: "OPTIONS" });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get("access-control-allow-headers"), /x-api-key/);
  const del = await fetch(`${api.elsewhereUrl}/generic/webhooks/w1`, { method: "DELETE", headers: bearer });
  const body = await del.json();
  assert.deepEqual([del.status, body.id, body.status, typeof body.final_statistics], [200, "w1", "deleted", "object"]);
  assert.equal(del.headers.get("access-control-allow-origin"), "*");
  const after = await control("GET", "/__mock/elsewhere");
  assert.deepEqual(after.requests.map((r) => [r.seq, r.method, r.path]), [
    [1, "DELETE", "/exa/v0/webhooks/wh_exa_01"], [2, "OPTIONS", "/generic/webhooks/w1"], [3, "DELETE", "/generic/webhooks/w1"],
  ]);
  assert.equal(after.requests[2].headers.authorization, `Bearer ${KEY}`);
  assert.equal(typeof after.requests[0].receivedAt, "number");
  await control("POST", "/__mock/reset", {});
  assert.equal((await control("GET", "/__mock/elsewhere")).total, 0);

  await faults("generic", "webhook_1001", [{ type: "redirect", status: 301, location: "https://elsewhere.example/x" }]);
  const abs = await fetch(`${url}/generic/webhooks/webhook_1001`, { headers: bearer, redirect: "manual" });
  assert.deepEqual([abs.status, abs.headers.get("location")], [301, "https://elsewhere.example/x"]);
  await abs.arrayBuffer();
  for (const wrong of [{ type: "redirect", status: 200, location: "elsewhere" }, { type: "redirect" }]) {
    const r = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "exa", id: "x", faults: [wrong] }) });
    assert.equal(r.status, 400);
    await r.arrayBuffer();
  }
});

test("raw: exactly the body given, $KEY replaced by the key sent in body and headers", async () => {
  const echo = '{"error":"bad key $KEY","$KEY":{"k":"$KEY"},"requestId":"$KEY"}';
  await control("POST", "/__mock/reset", { apiKey: "sk-live-secret" });
  await faults("exa", "wh_exa_01", [
    { type: "raw", status: 401, body: echo, headers: { "X-Request-Id": "$KEY", "x-note": "key=$KEY", "content-length": "1" } },
    { type: "raw", body: echo },
    { type: "raw", status: 200, body: '{"id":"wh_exa_02","object":"webhook"', contentType: "text/plain" },
  ]);
  const r1 = await call("GET", "/exa/v0/webhooks/wh_exa_01", { headers: { "x-api-key": "sk-live-secret" } });
  assert.equal(r1.res.status, 401);
  assert.deepEqual(r1.body, { error: "bad key sk-live-secret", "sk-live-secret": { k: "sk-live-secret" }, requestId: "sk-live-secret" });
  assert.equal(r1.res.headers.get("x-request-id"), "sk-live-secret");
  assert.equal(r1.res.headers.get("x-note"), "key=sk-live-secret");
  assert.equal(r1.res.headers.get("access-control-allow-origin"), "*");
  const r2 = await call("GET", "/exa/v0/webhooks/wh_exa_01", { headers: { authorization: "Bearer sk-live-secret" } });
  assert.deepEqual([r2.res.status, r2.body.requestId], [200, "sk-live-secret"]);
  assert.match(r2.res.headers.get("x-request-id"), /^req_\d+$/);
  const r3 = await call("GET", "/exa/v0/webhooks/wh_exa_01", { headers: { "x-api-key": "sk-live-secret" } });
  assert.equal(r3.res.headers.get("content-type"), "text/plain");
  assert.equal(r3.body, '{"id":"wh_exa_02","object":"webhook"');
  await control("POST", "/__mock/reset", {});

  // Odd JSON on the list and attempts routes.
  await control("POST", "/__mock/faults", { dialect: "exa", list: true, faults: [{ type: "raw", body: '{"data":[],"hasMore":false,"nextCursor":null,"n":1e400,"__proto__":{"x":1}}' }] });
  assert.equal((await call("GET", "/exa/v0/webhooks")).body.n, Infinity);
  await control("POST", "/__mock/faults", { dialect: "exa", id: "wh_exa_01", route: "attempts", faults: [{ type: "raw", status: 500, body: "<html>oops" , contentType: "text/html" }] });
  const html = await call("GET", "/exa/v0/webhooks/wh_exa_01/attempts");
  assert.deepEqual([html.res.status, html.body], [500, "<html>oops"]);
  const bad = await fetch(`${url}/__mock/faults`, { method: "POST", body: JSON.stringify({ dialect: "exa", id: "x", faults: [{ type: "raw", body: "x", headers: { "bad name": "v" } }] }) });
  assert.equal(bad.status, 400);
  await bad.arrayBuffer();
});

test("echo-key: the sent key in message, object key, requestId and X-Request-Id", async () => {
  await control("POST", "/__mock/reset", { apiKey: "sk-echo-1" });
  await faults("exa", "wh_exa_01", [{ type: "echo-key" }]);
  await faults("generic", "webhook_1001", [{ type: "echo-key", status: 400 }]);
  const exa = await call("DELETE", "/exa/v0/webhooks/wh_exa_01", { headers: { "x-api-key": "sk-echo-1" } });
  assert.equal(exa.res.status, 401);
  assert.deepEqual(exa.body, { requestId: "sk-echo-1", error: "Invalid API key: sk-echo-1", tag: "INVALID_API_KEY", details: { "sk-echo-1": "rejected", apiKey: "sk-echo-1" } });
  assert.equal(exa.res.headers.get("x-request-id"), "sk-echo-1");
  const gen = await call("DELETE", "/generic/webhooks/webhook_1001", { headers: { authorization: "Bearer sk-echo-1" } });
  assert.equal(gen.res.status, 400);
  assert.deepEqual(gen.body, { error: "Bad request: sk-echo-1", code: 400, details: { "sk-echo-1": "rejected", api_key: "sk-echo-1" }, timestamp: gen.body.timestamp, requestId: "sk-echo-1" });
  assert.equal(gen.res.headers.get("x-request-id"), "sk-echo-1");
  assert.equal((await control("GET", "/__mock/webhooks?dialect=generic")).count, 10); // nothing deleted
  await control("POST", "/__mock/reset", {});
});

test("huge: exact bytes with Content-Length or chunked; perform deletes first", async () => {
  await faults("exa", "wh_exa_01", [{ type: "huge", bytes: 100_000 }, { type: "huge", bytes: 50_000, chunked: true, content: "text", status: 500 }]);
  const r1 = await fetch(`${url}/exa/v0/webhooks/wh_exa_01`, { headers: { "x-api-key": KEY } });
  assert.deepEqual([r1.status, r1.headers.get("content-length"), r1.headers.get("content-type")], [200, "100000", "application/json"]);
  assert.match(r1.headers.get("x-request-id"), /^req_\d+$/);
  const t1 = await r1.text();
  assert.equal(t1.length, 100_000);
  assert.ok(t1.startsWith('{"data":[{"id":"x"},{"id":"x"},'));
  const r2 = await fetch(`${url}/exa/v0/webhooks/wh_exa_01`, { headers: { "x-api-key": KEY } });
  assert.deepEqual([r2.status, r2.headers.get("content-length"), r2.headers.get("transfer-encoding")], [500, null, "chunked"]);
  assert.equal(await r2.text(), "x".repeat(50_000));
  await until(() => lastRecord().endedAt !== null);
  assert.deepEqual([lastRecord().fault, lastRecord().status, lastRecord().bytesSent], ["huge", 500, 50_000]);

  await faults("exa", "wh_exa_03", [{ type: "huge", bytes: 10_000, perform: true }]);
  const del = await fetch(`${url}/exa/v0/webhooks/wh_exa_03`, { method: "DELETE", headers: { "x-api-key": KEY } });
  assert.equal((await del.text()).length, 10_000);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_03")).res.status, 404);
  await control("POST", "/__mock/faults", { dialect: "generic", route: "create", faults: [{ type: "huge", bytes: 5000, status: 201, perform: true }] });
  const made = await fetch(`${url}/generic/webhooks`, { method: "POST", headers: bearer, body: JSON.stringify({ url: "https://h.example.com/x", events: ["a"] }) });
  assert.deepEqual([made.status, (await made.text()).length], [201, 5000]);
  assert.equal((await control("GET", "/__mock/requests?route=create")).requests[0].createdId, "webhook_new_1");
});

test("huge and endless: the mock stops writing when the client aborts; its memory does not grow", async () => {
  await faults("exa", "wh_exa_01", [{ type: "huge" }, { type: "endless" }, { type: "huge" }]);
  await control("POST", "/__mock/faults", { dialect: "exa", list: true, faults: [{ type: "endless", status: 503 }] });
  global.gc?.();
  const before = process.memoryUsage();
  for (const path of ["/exa/v0/webhooks/wh_exa_01", "/exa/v0/webhooks/wh_exa_01", "/exa/v0/webhooks"]) {
    const ac = new AbortController();
    const res = await fetch(url + path, { headers: { "x-api-key": KEY }, signal: ac.signal });
    const reader = res.body.getReader();
    let got = 0;
    while (got < 2_000_000) got += (await reader.read()).value.length;
    ac.abort();
    await until(() => lastRecord().endedAt !== null);
    const rec = lastRecord();
    assert.ok(rec.bytesSent >= got && rec.bytesSent < 32_000_000, `bytesSent ${rec.bytesSent}`);
    assert.equal(rec.status, res.status);
  }
  assert.deepEqual(api.state.requests.map((r) => [r.fault, r.status]), [["huge", 200], ["endless", 200], ["endless", 503]]);

  // A client that stops reading: backpressure holds the mock to what the socket buffers take.
  let clientRes;
  const req = http.get(`${url}/exa/v0/webhooks/wh_exa_01`, { headers: { "x-api-key": KEY } }, (r) => {
    clientRes = r;
    r.pause();
  });
  req.on("error", () => {});
  await until(() => clientRes !== undefined);
  await new Promise((r) => setTimeout(r, 300));
  const paused = lastRecord();
  assert.equal(paused.endedAt, null);
  assert.ok(paused.bytesSent < 32_000_000, `bytesSent ${paused.bytesSent} while the client reads nothing`);
  req.destroy();
  await until(() => paused.endedAt !== null);
  global.gc?.();
  const grown = process.memoryUsage();
  const growth = grown.heapUsed + grown.arrayBuffers - before.heapUsed - before.arrayBuffers;
  assert.ok(growth < 48_000_000, `memory grew ${growth} bytes`);
  assert.equal(api.state.inFlight, 0);
  assert.equal((await call("GET", "/exa/v0/webhooks/wh_exa_01")).res.status, 200); // still serving
});

test("drip: one small chunk every everyMs, up to bytes or until the client gives up", async () => {
  await faults("exa", "wh_exa_01", [{ type: "drip", everyMs: 10, bytes: 100 }, { type: "drip", everyMs: 20 }]);
  const t0 = Date.now();
  const r1 = await fetch(`${url}/exa/v0/webhooks/wh_exa_01`, { headers: { "x-api-key": KEY } });
  const text = await r1.text();
  assert.equal(text.length, 100);
  assert.ok(text.startsWith('{"data":[{"id":"x"},'));
  assert.ok(Date.now() - t0 >= 80, `took ${Date.now() - t0} ms`);
  await until(() => lastRecord().endedAt !== null);
  assert.equal(lastRecord().bytesSent, 100);

  const signal = AbortSignal.timeout(250);
  const r2 = await fetch(`${url}/exa/v0/webhooks/wh_exa_01`, { headers: { "x-api-key": KEY }, signal });
  assert.equal(r2.status, 200); // headers come at once
  await assert.rejects(r2.text());
  await until(() => lastRecord().endedAt !== null);
  const rec = lastRecord();
  assert.ok(rec.bytesSent > 20 && rec.bytesSent < 400, `bytesSent ${rec.bytesSent}`);
  assert.equal(api.state.inFlight, 0);
});

test("close() ends promptly with huge, endless and drip streams open", async () => {
  const other = await startMockApi({ port: 0 });
  other.state.addFaults("generic", "webhook_1001", [{ type: "huge", chunked: true }]);
  other.state.addFaults("generic", "webhook_1002", [{ type: "endless" }]);
  other.state.addFaults("generic", "webhook_1003", [{ type: "drip", everyMs: 5 }]);
  const open = [];
  for (const id of ["webhook_1001", "webhook_1002", "webhook_1003"]) {
    const res = await fetch(`${other.url}/generic/webhooks/${id}`, { headers: bearer });
    open.push(res.body.getReader().read().then(() => "read"));
  }
  await Promise.all(open);
  const elsewhere = await fetch(other.elsewhereUrl, { headers: bearer });
  await elsewhere.arrayBuffer();
  const t0 = Date.now();
  await other.close();
  assert.ok(Date.now() - t0 < 500, `close took ${Date.now() - t0} ms`);
  await until(() => other.state.inFlight === 0);
  assert.ok(other.state.requests.every((r) => r.endedAt !== null && r.bytesSent > 0));
  await assert.rejects(fetch(other.elsewhereUrl));
});

test("close() resolves promptly with a hung request open", async () => {
  const other = await startMockApi({ port: 0 });
  other.state.addFaults("generic", "webhook_1001", [{ type: "hang" }]);
  const pending = fetch(`${other.url}/generic/webhooks/webhook_1001`, { method: "DELETE", headers: bearer });
  const settled = pending.then(() => "resolved", () => "rejected");
  while (other.state.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
  const t0 = Date.now();
  await other.close();
  assert.ok(Date.now() - t0 < 500);
  assert.equal(await settled, "rejected");
});

test("CLI prints MOCK_API_URL first and exits 0 on SIGTERM", async () => {
  const script = fileURLToPath(new URL("./server.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, "--latency", "1", "--api-key", "k2"], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0]);
    });
    child.once("exit", () => reject(new Error("exited early")));
  });
  assert.match(line, /^MOCK_API_URL=http:\/\/127\.0\.0\.1:\d+$/);
  const base = line.slice("MOCK_API_URL=".length);
  const res = await fetch(`${base}/generic/webhooks`, { headers: { authorization: "Bearer k2" } });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const code = new Promise((resolve) => child.once("exit", (c) => resolve(c)));
  child.kill("SIGTERM");
  assert.equal(await code, 0);
});
