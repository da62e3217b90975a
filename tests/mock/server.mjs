#!/usr/bin/env node
// Mock HTTP API for webhook-delete's tests, benchmarks and demo page.
//
// Serves the two API dialects of the seed documents from separate in-memory stores:
//   Exa Websets   under /exa      (client baseUrl `${url}/exa`,     items /v0/webhooks/{id})
//                 and /exa/websets, where Exa's own SDK puts them (`new Exa(key, `${url}/exa`)`)
//   generic API   under /generic  (client baseUrl `${url}/generic`, items /webhooks/{id})
// plus control routes under /__mock/ to reset state, add webhooks, script faults per id and read
// back every request that was received. See README.md in this folder.
//
//   node tests/mock/server.mjs [--port N] [--host H] [--latency MS] [--fault-rate P]
//        [--random-seed N] [--generate N] [--api-key KEY] [--no-seed]
//   import { startMockApi } from "./tests/mock/server.mjs"

import http from "node:http";
import { randomBytes } from "node:crypto";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  AttemptStore,
  WebhookStore,
  decodeAttemptCursor,
  decodeCursor,
  defaultSeed,
  encodeCursor,
  exaAttempt,
  exaWebhook,
  generateGeneric,
  genericDeleteResult,
  genericWebhook,
  iso,
  mulberry32,
} from "./store.mjs";
import { EXA_SHAPES, exaError, genericError } from "./errors.mjs";
import { drip, echoKeyBody, fillKey, filler, pump, sentKey, startElsewhere } from "./hostile.mjs";

export const DEFAULT_OPTIONS = Object.freeze({
  port: 0,
  host: "127.0.0.1",
  latencyMs: 0,
  faultRate: 0,
  randomSeed: 1,
  generate: 0,
  apiKey: "test-key",
  seed: true,
  genericGet: true,
  record: true,
});

const CORS_HEADERS = Object.freeze({
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "x-api-key, authorization, content-type, user-agent, x-exa-integration",
  "Access-Control-Expose-Headers": "x-request-id, retry-after, location",
  "Access-Control-Max-Age": "600",
});

const HTML_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/** Fault types accepted by POST /__mock/faults (see README.md). */
export const FAULT_TYPES = Object.freeze([
  "409", "429", "400", "401", "403", "404", "408", "422", "500", "502", "503", "504",
  "html", "hang", "reset", "delay", "delete-then-500", "delete-then-hang", "delete-then-reset",
  "create-then-500", "create-then-hang", "create-then-reset",
  "redirect", "huge", "endless", "drip", "raw", "echo-key",
]);
const FAULT_SET = new Set(FAULT_TYPES);

/** Fault-queue key for list requests (ids can never contain control characters). */
export const LIST_FAULT_ID = "\u0000list";
/** Fault-queue key for the attempts requests of webhook `id`. */
export const attemptsFaultId = (id) => `\u0000attempts:${id}`;
/** Fault-queue key for create requests. */
export const CREATE_FAULT_ID = "\u0000create";

/** Fault queues by route: which queue id a request of that route takes its faults from. */
const FAULT_ROUTES = ["item", "list", "attempts", "create"];

function faultQueueId(routeName, id) {
  if (routeName === "list") return LIST_FAULT_ID;
  if (routeName === "attempts") return attemptsFaultId(id);
  if (routeName === "create") return CREATE_FAULT_ID;
  return id;
}

/** The largest create body read; a larger one is answered 413. */
const MAX_BODY_BYTES = 1024 * 1024;

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** Hostile faults that answer with a body, and may first do the request's real work (perform). */
const HOSTILE_BODIES = new Set(["huge", "endless", "drip", "raw", "echo-key"]);
const HUGE_DEFAULT_BYTES = 200_000_000;
/** Headers the mock computes itself; a raw fault's headers cannot set them. */
const FRAMING_HEADERS = new Set(["content-length", "transfer-encoding", "connection"]);

const DIALECTS = ["exa", "generic"];
const PREFIXES = { exa: "/exa", generic: "/generic" };
const EXA_ALIAS = "/exa/websets"; // exa-js sends `${baseURL}/websets/v0/...`
const COLLECTIONS = { exa: "/v0/webhooks", generic: "/webhooks" };
const LIST_MAX = { exa: 200, generic: 1000 };
const ATTEMPTS_MAX = 200;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function definedOnly(obj) {
  const out = {};
  for (const [key, value] of Object.entries(obj ?? {})) if (value !== undefined) out[key] = value;
  return out;
}

function checkDialect(dialect) {
  if (!DIALECTS.includes(dialect)) throw new HttpError(400, `dialect must be "exa" or "generic"`);
  return dialect;
}

function checkFault(fault, route) {
  if (!fault || typeof fault !== "object" || !FAULT_SET.has(String(fault.type))) {
    throw new HttpError(400, `unknown fault ${JSON.stringify(fault)}; types: ${FAULT_TYPES.join(", ")}`);
  }
  const f = { ...fault, type: String(fault.type) };
  if (f.type.startsWith("delete-then-") && (route === "attempts" || route === "create")) {
    throw new HttpError(400, `${f.type} deletes a webhook; it belongs in an item's queue, not the ${route} queue`);
  }
  if (f.type.startsWith("create-then-") && route !== "create") {
    throw new HttpError(400, `${f.type} belongs in the create queue ({ route: "create" })`);
  }
  if (f.retryAfter !== undefined && !(typeof f.retryAfter === "number" && f.retryAfter >= 0)) {
    throw new HttpError(400, "fault retryAfter must be a number of seconds >= 0");
  }
  if (f.type === "delay" && !(typeof f.ms === "number" && f.ms >= 0)) {
    throw new HttpError(400, "delay fault needs ms >= 0");
  }
  if (f.shape !== undefined && !EXA_SHAPES.includes(f.shape)) {
    throw new HttpError(400, `fault shape must be one of ${EXA_SHAPES.join(", ")}`);
  }
  checkHostile(f);
  return f;
}

function isStatus(value) {
  return Number.isInteger(value) && value >= 200 && value <= 599;
}

/** Checks the hostile faults' fields, filling defaults in (status, bytes, everyMs, content...). */
function checkHostile(f) {
  const bad = (message) => {
    throw new HttpError(400, `${f.type} fault: ${message}`);
  };
  if (f.type === "redirect") {
    f.status ??= 302;
    if (!REDIRECT_STATUSES.includes(f.status)) bad(`status must be one of ${REDIRECT_STATUSES.join(", ")}`);
    if (typeof f.location !== "string" || f.location === "") bad(`location must be a URL or "elsewhere"`);
    return;
  }
  if (!HOSTILE_BODIES.has(f.type)) return;
  f.status ??= f.type === "echo-key" ? 401 : 200;
  if (!isStatus(f.status)) bad("status must be an integer in 200..599");
  if (f.perform !== undefined && typeof f.perform !== "boolean") bad("perform must be a boolean");
  if (f.type === "huge" || f.type === "endless" || f.type === "drip") {
    f.content ??= "json";
    if (f.content !== "json" && f.content !== "text") bad(`content must be "json" or "text"`);
  }
  if (f.type === "huge") {
    f.bytes ??= HUGE_DEFAULT_BYTES;
    if (!(Number.isSafeInteger(f.bytes) && f.bytes >= 0)) bad("bytes must be an integer >= 0");
    if (f.chunked !== undefined && typeof f.chunked !== "boolean") bad("chunked must be a boolean");
  }
  if (f.type === "drip") {
    f.everyMs ??= 100;
    if (!(typeof f.everyMs === "number" && f.everyMs >= 1)) bad("everyMs must be a number >= 1");
    if (f.bytes !== undefined && !(Number.isSafeInteger(f.bytes) && f.bytes >= 0)) bad("bytes must be an integer >= 0");
  }
  if (f.type === "raw") {
    if (typeof f.body !== "string") bad("body must be a string");
    if (f.contentType !== undefined && typeof f.contentType !== "string") bad("contentType must be a string");
    if (f.headers !== undefined) {
      if (!f.headers || typeof f.headers !== "object" || Array.isArray(f.headers)) bad("headers must be an object");
      for (const [name, value] of Object.entries(f.headers)) {
        if (typeof value !== "string") bad(`header ${name} must be a string`);
        try {
          http.validateHeaderName(name);
          http.validateHeaderValue(name, value);
        } catch (err) {
          bad(err.message);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// State: stores, fault queues, request records and counters
// ---------------------------------------------------------------------------------------------

export class MockState {
  constructor(options = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
    this.exa = new WebhookStore();
    this.generic = new WebhookStore();
    this.attempts = new AttemptStore(); // Exa delivery history, by webhook id
    this.inFlight = 0; // never reset: it mirrors requests really being handled
    this.requestIdCounter = 0; // X-Request-Id: req_<n>, unique for the server's life
    this.addedCounter = 0;
    this.elsewhereUrl = null; // set by startMockApi
    this.reset();
  }

  /** Back to the start-up options overlaid with `opts`: stores, faults, records, counters. */
  reset(opts = {}) {
    const o = { ...this.options, ...definedOnly(opts) };
    if (!(Number.isFinite(o.latencyMs) && o.latencyMs >= 0)) throw new HttpError(400, "latencyMs must be >= 0");
    if (!(Number.isFinite(o.faultRate) && o.faultRate >= 0 && o.faultRate <= 1)) throw new HttpError(400, "faultRate must be in 0..1");
    if (!Number.isFinite(o.randomSeed)) throw new HttpError(400, "randomSeed must be a number");
    if (typeof o.apiKey !== "string" || o.apiKey === "") throw new HttpError(400, "apiKey must be a non-empty string");
    if (!(Number.isInteger(o.generate) && o.generate >= 0 && o.generate <= 10_000_000)) throw new HttpError(400, "generate must be an integer >= 0");
    this.config = {
      latencyMs: o.latencyMs,
      faultRate: o.faultRate,
      randomSeed: o.randomSeed,
      apiKey: o.apiKey,
      genericGet: o.genericGet !== false,
      record: o.record !== false,
    };
    this.rng = mulberry32(o.randomSeed);
    this.exa.clear();
    this.generic.clear();
    this.attempts.clear();
    this.attemptCounter = 0;
    this.createdCounter = { exa: 0, generic: 0 }; // wh_exa_new_N, webhook_new_N
    this.faults = new Map();
    this.clearRequests();
    this.seededAt = Date.now();
    if (o.seed !== false) {
      const seed = defaultSeed(this.seededAt);
      for (const w of seed.exa) this.exa.put(w);
      for (const w of seed.generic) this.generic.put(w);
      for (const a of seed.attempts) this.addAttempts(a.id, a.attempts);
      for (const f of seed.faults) this.addFaults(f.dialect, f.id, f.faults);
    }
    if (o.generate > 0) generateGeneric(this.generic, o.generate, this.seededAt);
  }

  store(dialect) {
    return checkDialect(dialect) === "exa" ? this.exa : this.generic;
  }

  /** Adds partial webhooks (defaults filled in), or stores them untouched with raw = true. */
  addWebhooks(dialect, webhooks, raw = false) {
    const store = this.store(dialect);
    if (!Array.isArray(webhooks)) throw new HttpError(400, "webhooks must be an array");
    const now = Date.now();
    const objects = webhooks.map((input) => {
      if (!input || typeof input !== "object" || (input.id !== undefined && typeof input.id !== "string")) {
        throw new HttpError(400, "each webhook must be an object with an optional string id");
      }
      if (raw) {
        if (typeof input.id !== "string") throw new HttpError(400, "raw webhooks need a string id");
        return input;
      }
      const n = ++this.addedCounter;
      return dialect === "exa" ? exaWebhook(input, now, n) : genericWebhook(input, now, n);
    });
    for (const obj of objects) store.put(obj);
    return objects.length;
  }

  /** Removes a webhook and its delivery history; returns it, or undefined when there was none. */
  removeWebhook(dialect, id) {
    const removed = this.store(dialect).delete(id);
    if (removed !== undefined && dialect === "exa") this.attempts.drop(id);
    return removed;
  }

  /** Adds partial delivery attempts (defaults filled in) to the Exa webhook `id`. */
  addAttempts(id, attempts) {
    const webhook = typeof id === "string" ? this.exa.get(id) : undefined;
    if (webhook === undefined) throw new HttpError(404, `no exa webhook ${JSON.stringify(id)}`);
    if (!Array.isArray(attempts)) throw new HttpError(400, "attempts must be an array");
    const now = Date.now();
    const objects = attempts.map((input) => {
      if (!input || typeof input !== "object") throw new HttpError(400, "each attempt must be an object");
      if (input.attemptedAt !== undefined && !(typeof input.attemptedAt === "string" && Number.isFinite(Date.parse(input.attemptedAt)))) {
        throw new HttpError(400, "attemptedAt must be an ISO 8601 date");
      }
      if (input.successful !== undefined && typeof input.successful !== "boolean") throw new HttpError(400, "successful must be a boolean");
      return exaAttempt(input, webhook, ++this.attemptCounter, now);
    });
    for (const obj of objects) this.attempts.add(id, obj);
    return objects.length;
  }

  /**
   * Creates a webhook as the create route does: a new id, status active, and a fresh signing
   * secret that only this answer carries (the stored webhook has none, as on the real APIs).
   * Returns { webhook (stored), answer (with the secret) }.
   */
  createWebhook(dialect, { url, events, metadata }) {
    const n = ++this.createdCounter[dialect];
    const now = Date.now();
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    const input = { url, events, metadata: metadata ?? {} };
    const webhook = dialect === "exa"
      ? exaWebhook({ ...input, id: `wh_exa_new_${n}`, status: "active" }, now, n)
      : genericWebhook({ ...input, id: `webhook_new_${n}`, active: true }, now, n);
    this.store(dialect).put(webhook);
    return { webhook, answer: { ...webhook, secret } };
  }

  /**
   * Appends faults to a queue: route "item" (the id's own), "attempts" (the id's attempts
   * requests, Exa only), "list" or "create" (id ignored; LIST_FAULT_ID as the id means "list").
   */
  addFaults(dialect, id, faults, route = "item") {
    checkDialect(dialect);
    if (!FAULT_ROUTES.includes(route)) throw new HttpError(400, `route must be one of ${FAULT_ROUTES.join(", ")}`);
    if (route === "attempts" && dialect !== "exa") throw new HttpError(400, "only exa has an attempts route");
    if (route === "item" && id === LIST_FAULT_ID) route = "list";
    if ((route === "item" || route === "attempts") && typeof id !== "string") throw new HttpError(400, "id must be a string (or list: true)");
    if (!Array.isArray(faults)) throw new HttpError(400, "faults must be an array");
    const checked = faults.map((f) => checkFault(f, route));
    const key = `${dialect}:${faultQueueId(route, id)}`;
    const queue = this.faults.get(key);
    if (queue) queue.push(...checked);
    else if (checked.length > 0) this.faults.set(key, checked);
    return this.faults.get(key)?.length ?? 0;
  }

  /** Shifts the next scripted fault for a dialect + id, or returns null. */
  takeFault(dialect, id) {
    if (this.faults.size === 0) return null;
    const key = `${dialect}:${id}`;
    const queue = this.faults.get(key);
    if (queue === undefined) return null;
    const fault = queue.shift();
    if (queue.length === 0) this.faults.delete(key);
    return fault;
  }

  clearRequests() {
    this.requests = [];
    this.elsewhere = []; // what the elsewhere origin received
    this.total = 0;
    this.maxInFlight = this.inFlight;
    this.byMethod = {};
    this.byStatus = {};
  }

  /** Starts the record of one request; API requests (api = true) count as in flight. */
  begin(req, route, auth, api) {
    const seq = ++this.total;
    const method = req.method;
    const rec = {
      seq,
      requestId: `req_${++this.requestIdCounter}`,
      method,
      path: req.url,
      dialect: route.dialect,
      route: route.name,
      id: route.id,
      auth: auth.kind,
      keyHeader: auth.keyHeader,
      apiKeyOk: auth.ok,
      status: null,
      fault: null,
      bytesSent: 0,
      createdId: null,
      body: null,
      startedAt: Date.now(),
      endedAt: null,
    };
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
    if (api && ++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    if (this.config.record) this.requests.push(rec);
    return rec;
  }

  /** Ends a record (idempotent); status null means no answer (hang, reset). */
  finish(rec, status, api = true) {
    if (rec.endedAt !== null) return;
    rec.endedAt = Date.now();
    rec.status = status;
    const key = status ?? "none";
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    if (api) this.inFlight--;
  }

  /** What GET /__mock/requests returns; filters: method, dialect, id, route. */
  snapshot({ method, dialect, id, route } = {}) {
    let requests = this.requests;
    if (method) requests = requests.filter((r) => r.method === method.toUpperCase());
    if (dialect) requests = requests.filter((r) => r.dialect === dialect);
    if (id !== undefined && id !== null) requests = requests.filter((r) => r.id === id);
    if (route) requests = requests.filter((r) => r.route === route);
    return {
      requests,
      total: this.total,
      maxInFlight: this.maxInFlight,
      inFlight: this.inFlight,
      byMethod: { ...this.byMethod },
      byStatus: { ...this.byStatus },
      record: this.config.record,
    };
  }

  /** What GET /__mock/webhooks returns for one dialect. */
  storeContents(dialect) {
    const webhooks = this.store(dialect).values();
    return { dialect, count: webhooks.length, ids: webhooks.map((w) => w.id), webhooks };
  }

  pendingFaults() {
    return Object.fromEntries(this.faults);
  }

  /** Notes one request the elsewhere origin received (kept even with record: false). */
  recordElsewhere(entry) {
    this.elsewhere.push({ seq: this.elsewhere.length + 1, ...entry, receivedAt: Date.now() });
  }
}

// ---------------------------------------------------------------------------------------------
// Response writing
// ---------------------------------------------------------------------------------------------

function writeResponse(res, status, headers, body) {
  if (res.destroyed || res.headersSent) return false; // client gave up meanwhile
  headers["Content-Length"] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
  return true;
}

/** JSON for control routes: CORS, no request id, no latency. */
function sendControl(res, status, obj) {
  writeResponse(res, status, { ...CORS_HEADERS, "Content-Type": "application/json" }, JSON.stringify(obj));
}

/** The headers of every API answer: CORS and the request id; `extra` overrides any of them. */
function apiHeaders(rec, contentType, extra) {
  const headers = { ...CORS_HEADERS, "X-Request-Id": rec.requestId };
  if (contentType) headers["Content-Type"] = contentType;
  if (extra) {
    for (const [name, value] of Object.entries(extra)) {
      const lower = name.toLowerCase();
      for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) delete headers[key];
      headers[name] = value;
    }
  }
  return headers;
}

function writeApi(ctx, status, body, contentType, extra) {
  const { state, res, rec } = ctx;
  if (writeResponse(res, status, apiHeaders(rec, contentType, extra), body)) rec.bytesSent = Buffer.byteLength(body);
  state.finish(rec, status);
}

/** Runs `fn` after the global latency (at once without one). */
function afterLatency(ctx, fn) {
  const latency = ctx.state.config.latencyMs;
  if (latency > 0) setTimeout(fn, latency).unref();
  else fn();
}

/** Answers an API request after the global latency. The body is serialised now. */
function reply(ctx, status, obj, extra, contentType = "application/json") {
  const body = typeof obj === "string" ? obj : JSON.stringify(obj);
  afterLatency(ctx, () => writeApi(ctx, status, body, contentType, extra));
}

/**
 * Answers an error in the request's dialect. `opts`: shape (Exa: force flat | status | nested),
 * message (Exa status shape: a string[] is the validation list), tag, details (Exa flat; generic
 * body), extra (generic body fields), headers.
 */
function replyError(ctx, status, opts = {}) {
  const { rec, route, req } = ctx;
  let body;
  if (route.dialect === "exa") {
    body = exaError(status, {
      shape: opts.shape,
      message: opts.message,
      tag: opts.tag,
      details: opts.details,
      requestId: rec.requestId,
      path: route.apiPath,
      method: req.method,
    });
  } else {
    const message = Array.isArray(opts.message) ? opts.message.join("; ") : opts.message;
    body = genericError(status, message === undefined ? opts.extra : { error: message, ...opts.extra });
  }
  reply(ctx, status, body, opts.headers);
}

/** 404 for a webhook id that is not there (Exa flat WEBHOOK_NOT_FOUND; generic with details). */
function replyNotFound(ctx, shape) {
  const { rec, route } = ctx;
  if (route.dialect === "exa") return replyError(ctx, 404, { shape, message: "Webhook not found", tag: "WEBHOOK_NOT_FOUND" });
  reply(ctx, 404, {
    error: "Webhook not found",
    code: 404,
    details: { webhook_id: route.id },
    timestamp: iso(Date.now()),
    requestId: rec.requestId,
  });
}

function replyUnauthorized(ctx, shape) {
  if (ctx.route.dialect === "exa") return replyError(ctx, 401, { shape });
  replyError(ctx, 401, { extra: { timestamp: iso(Date.now()), requestId: ctx.rec.requestId } });
}

/** 409 "busy"; `retry_after` (seconds) only when the fault has retryAfter. */
function replyConflict(ctx, fault) {
  const details = { reason: "Webhook has pending events" };
  if (fault.retryAfter !== undefined) details.retry_after = fault.retryAfter;
  if (ctx.route.dialect === "exa") {
    return replyError(ctx, 409, { shape: fault.shape, details: fault.retryAfter === undefined ? undefined : details });
  }
  replyError(ctx, 409, { extra: { details, timestamp: iso(Date.now()), requestId: ctx.rec.requestId } });
}

// ---------------------------------------------------------------------------------------------
// API routes
// ---------------------------------------------------------------------------------------------

/**
 * Splits an API path into dialect, kind ("collection" | "item" | "attempts" | null), decoded id
 * and the path inside the dialect (apiPath, e.g. "/v0/webhooks", as the Websets server names it
 * in errors).
 */
function matchApiRoute(path) {
  let dialect = null;
  let apiPath;
  if (path === EXA_ALIAS || path.startsWith(`${EXA_ALIAS}/`)) {
    dialect = "exa";
    apiPath = path.slice(EXA_ALIAS.length);
  } else {
    for (const d of DIALECTS) {
      const prefix = PREFIXES[d];
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        dialect = d;
        apiPath = path.slice(prefix.length);
      }
    }
  }
  const route = { dialect, kind: null, name: null, id: null, badId: false, apiPath: apiPath || "/" };
  if (dialect === null) return route;
  const collection = COLLECTIONS[dialect];
  if (apiPath === collection) {
    route.kind = "collection";
    return route;
  }
  if (apiPath.length > collection.length + 1 && apiPath.charCodeAt(collection.length) === 47 && apiPath.startsWith(collection)) {
    let raw = apiPath.slice(collection.length + 1);
    if (dialect === "exa" && raw.endsWith("/attempts")) {
      raw = raw.slice(0, -"/attempts".length);
      route.kind = "attempts";
    } else {
      route.kind = "item";
    }
    if (raw === "" || raw.includes("/")) {
      route.kind = null;
      return route;
    }
    try {
      route.id = decodeURIComponent(raw);
    } catch {
      route.badId = true;
    }
  }
  return route;
}

/** The record's route name: item | list | attempts | create | null. */
function routeName(route, method) {
  if (route.kind === "collection") return method === "POST" ? "create" : "list";
  return route.kind;
}

/**
 * Which auth was sent and whether the key fits: kind is "x-api-key" | "bearer" | "both" | null
 * (a Bearer scheme is needed to count), keyHeader names the header(s) that carried anything at
 * all ("x-api-key" | "authorization" | "both" | null).
 */
function readAuth(headers, apiKey) {
  const xKey = headers["x-api-key"];
  const authz = headers.authorization;
  let bearer;
  if (typeof authz === "string" && authz.length > 7 && authz.slice(0, 7).toLowerCase() === "bearer ") {
    bearer = authz.slice(7).trim();
  }
  const kind = xKey !== undefined ? (bearer !== undefined ? "both" : "x-api-key") : bearer !== undefined ? "bearer" : null;
  const ok = kind !== null && (xKey === undefined || xKey === apiKey) && (bearer === undefined || bearer === apiKey);
  const keyHeader = xKey !== undefined ? (authz !== undefined ? "both" : "x-api-key") : authz !== undefined ? "authorization" : null;
  return { kind, keyHeader, ok };
}

const ALLOWED = { collection: "GET, POST, OPTIONS", item: "GET, DELETE, OPTIONS", attempts: "GET, OPTIONS" };

function methodAllowed(kind, method) {
  if (kind === "item") return method === "GET" || method === "DELETE";
  if (kind === "collection") return method === "GET" || method === "POST";
  return method === "GET";
}

function handleApi(state, req, res, route, query) {
  route.name = routeName(route, req.method);
  const auth = readAuth(req.headers, state.config.apiKey);
  const rec = state.begin(req, route, auth, true);
  const ctx = { state, req, res, rec, route, query };
  const method = req.method;
  if (route.kind === null) return replyUnknownRoute(ctx);
  if (!methodAllowed(route.kind, method)) return replyError(ctx, 405, { headers: { Allow: ALLOWED[route.kind] } });
  if (!auth.ok) return replyUnauthorized(ctx);
  if (route.badId) return replyError(ctx, 400, { message: "Malformed percent-encoding in webhook id" });
  // The generic API of the seed may lack GET-by-id; then clients must list and find.
  if (route.kind === "item" && method === "GET" && route.dialect === "generic" && !state.config.genericGet) {
    return replyError(ctx, 405, { headers: { Allow: "DELETE, OPTIONS" } });
  }
  if (route.name === "create") return readCreateBody(ctx).then(() => scripted(ctx)).catch((err) => internalError(ctx, err));
  scripted(ctx);
}

/** A bug in the mock itself: answer 500 naming it (or drop the socket if the answer has begun). */
function internalError(ctx, err) {
  const { res, state, rec } = ctx;
  if (!res.headersSent) writeApi(ctx, 500, JSON.stringify({ error: `mock server error: ${err.message}`, code: 500 }), "application/json");
  else res.destroy();
  state.finish(rec, res.headersSent ? rec.status : null);
}

/** Takes the request's next scripted fault, or behaves normally. */
function scripted(ctx) {
  if (ctx.rec.endedAt !== null) return; // already answered (413) or gone
  const fault = ctx.state.takeFault(ctx.route.dialect, faultQueueId(ctx.route.name, ctx.route.id));
  if (fault !== null) {
    ctx.rec.fault = fault.type;
    return applyFault(ctx, fault);
  }
  proceed(ctx);
}

/**
 * Reads a request body up to `limit` bytes; what is beyond is read and dropped, so the client
 * still gets the answer. Resolves to { text, tooLarge } or null when the client went away.
 */
function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.once("end", () => {
      done = true;
      resolve(size > limit ? { text: "", tooLarge: true } : { text: Buffer.concat(chunks).toString("utf8"), tooLarge: false });
    });
    req.once("close", () => {
      if (!done) resolve(null);
    });
  });
}

/** Reads and parses a create body into ctx.body (null when not a JSON object); 413 past 1 MiB. */
async function readCreateBody(ctx) {
  const { state, rec } = ctx;
  const read = await readBody(ctx.req, MAX_BODY_BYTES);
  if (read === null) return state.finish(rec, null);
  if (read.tooLarge) return replyError(ctx, 413);
  ctx.body = null;
  try {
    const value = JSON.parse(read.text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) ctx.body = value;
  } catch {
    // not JSON: answered 400 by the create route (unless a fault comes first)
  }
  if (ctx.body !== null) rec.body = { url: ctx.body.url ?? null, events: ctx.body.events ?? null };
}

/** 404 for a path no route serves (Exa: the Websets server's "Cannot GET /path"). */
function replyUnknownRoute(ctx) {
  const { route, req } = ctx;
  if (route.dialect === "exa") return replyError(ctx, 404, { shape: "status", message: `Cannot ${req.method} ${route.apiPath}` });
  replyError(ctx, 404);
}

/** Normal behaviour, after scripted faults: random 503s on DELETE, then the real route. */
function proceed(ctx) {
  const { state, req, route } = ctx;
  const { faultRate } = state.config;
  if (faultRate > 0 && req.method === "DELETE" && state.rng() < faultRate) {
    ctx.rec.fault = "random";
    return replyError(ctx, 503);
  }
  if (route.name === "create") return createRoute(ctx);
  if (route.kind === "collection") return listRoute(ctx);
  if (route.kind === "attempts") return attemptsRoute(ctx);
  const store = state.store(route.dialect);
  if (req.method === "GET") {
    const webhook = store.get(route.id);
    return webhook ? reply(ctx, 200, webhook) : replyNotFound(ctx);
  }
  const deleted = state.removeWebhook(route.dialect, route.id);
  if (deleted === undefined) return replyNotFound(ctx);
  reply(ctx, 200, route.dialect === "exa" ? deleted : genericDeleteResult(deleted, Date.now()));
}

/**
 * Reads a `limit` query value against 1..max. Returns [limit | null, problem | null]; Exa words
 * its problems as the Websets server's validator does.
 */
function readLimit(text, max, dialect) {
  if (text === null || text === "") return [null, null];
  if (dialect !== "exa") {
    const limit = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
    return limit >= 1 && limit <= max ? [limit, null] : [null, `limit must be between 1 and ${max}`];
  }
  if (!/^-?\d{1,9}$/.test(text)) return [null, "limit must be an integer number"];
  const limit = Number(text);
  if (limit < 1) return [null, "limit must not be less than 1"];
  if (limit > max) return [null, `limit must not be greater than ${max}`];
  return [limit, null];
}

/** 400 for a bad query value: the Exa status shape with a validation list, or generic { error, code }. */
function replyBadQuery(ctx, problem) {
  if (ctx.route.dialect === "exa") return replyError(ctx, 400, { message: [problem] });
  reply(ctx, 400, { error: problem, code: 400 });
}

function listRoute(ctx) {
  const { state, route } = ctx;
  const dialect = route.dialect;
  const store = state.store(dialect);
  const params = new URLSearchParams(ctx.query);
  const [limit, problem] = readLimit(params.get("limit"), LIST_MAX[dialect], dialect);
  if (problem !== null) return replyBadQuery(ctx, problem);
  const cursor = params.get("cursor");
  let after = 0;
  if (cursor) {
    after = decodeCursor(store, cursor);
    if (after === null) return dialect === "exa" ? replyError(ctx, 400, { message: "Invalid cursor" }) : reply(ctx, 400, { error: "Invalid cursor", code: 400 });
  }
  if (dialect === "exa") {
    const page = store.page(after, limit ?? 25);
    const nextCursor = page.hasMore ? encodeCursor(page.last) : null;
    return reply(ctx, 200, { data: page.items, hasMore: page.hasMore, nextCursor });
  }
  // Generic: everything unless paging was asked for.
  if (limit === null && !cursor) return reply(ctx, 200, { data: store.values() });
  const page = store.page(after, limit ?? Infinity);
  const next = page.hasMore ? encodeCursor(page.last) : null;
  reply(ctx, 200, { data: page.items, has_more: page.hasMore, next_cursor: next });
}

function isHttpUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** What is wrong with a create body, in the Websets validator's words (empty when nothing). */
function createProblems(body) {
  if (body === null) return ["body must be a JSON object"];
  const problems = [];
  const { events, url, metadata } = body;
  if (!Array.isArray(events)) problems.push("events must be an array");
  else if (events.length === 0) problems.push("events must contain at least 1 elements");
  else if (!events.every((e) => typeof e === "string" && e !== "")) problems.push("each value in events must be a string");
  if (typeof url !== "string") problems.push("url must be a string");
  else if (!isHttpUrl(url)) problems.push("url must be a URL address");
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== "object" || Array.isArray(metadata)) problems.push("metadata must be an object");
    else if (!Object.values(metadata).every((v) => typeof v === "string")) problems.push("each value in metadata must be a string");
  }
  return problems;
}

/** POST /v0/webhooks (Exa, 200) or POST /webhooks (generic, 201): the new webhook with its secret. */
function createRoute(ctx) {
  const { state, route, rec } = ctx;
  const problems = createProblems(ctx.body);
  if (problems.length > 0) {
    if (route.dialect === "exa") return replyError(ctx, 400, { message: problems });
    return replyError(ctx, 400, {
      message: `Invalid webhook: ${problems.join("; ")}`,
      extra: { details: { errors: problems }, timestamp: iso(Date.now()), requestId: rec.requestId },
    });
  }
  const { answer } = createNow(ctx);
  reply(ctx, route.dialect === "exa" ? 200 : 201, answer);
}

/** Creates the webhook a valid create body asks for and notes its id on the record. */
function createNow(ctx) {
  const created = ctx.state.createWebhook(ctx.route.dialect, ctx.body);
  ctx.rec.createdId = created.webhook.id;
  return created;
}

/**
 * GET /v0/webhooks/{id}/attempts?cursor=&limit=&eventType=&successful= : newest first, limit
 * 1..200 (default 25), filtered by event type and success. 404 for a webhook that is not there.
 */
function attemptsRoute(ctx) {
  const { state, route } = ctx;
  if (state.exa.get(route.id) === undefined) return replyNotFound(ctx);
  const params = new URLSearchParams(ctx.query);
  const [limit, problem] = readLimit(params.get("limit"), ATTEMPTS_MAX, "exa");
  const successful = params.get("successful") || null;
  const problems = problem === null ? [] : [problem];
  if (successful !== null && successful !== "true" && successful !== "false") problems.push("successful must be a boolean value");
  if (problems.length > 0) return replyError(ctx, 400, { message: problems });
  const cursor = params.get("cursor");
  let after = null;
  if (cursor) {
    after = decodeAttemptCursor(cursor);
    if (after === null) return replyError(ctx, 400, { message: "Invalid cursor" });
  }
  const eventType = params.get("eventType") || null;
  const wantSuccess = successful === null ? null : successful === "true";
  const keep = (a) => (eventType === null || a.eventType === eventType) && (wantSuccess === null || a.successful === wantSuccess);
  const page = state.attempts.page(route.id, after, limit ?? 25, keep);
  reply(ctx, 200, { data: page.items, hasMore: page.hasMore, nextCursor: page.nextCursor });
}

/** The status-code faults: that status in the dialect's shape (Exa: the status's usual one unless `shape`). */
function replyStatusFault(ctx, fault, status) {
  if (status === 401) return replyUnauthorized(ctx, fault.shape);
  if (status === 404 && ctx.route.id !== null) return replyNotFound(ctx, fault.shape);
  if (status === 409) return replyConflict(ctx, fault);
  let headers;
  if (status === 429 && fault.retryAfter !== undefined) {
    const value = fault.retryAfterDate ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter);
    headers = { "Retry-After": value };
  }
  replyError(ctx, status, { shape: fault.shape, headers });
}

function applyFault(ctx, fault) {
  const { state, req, res, rec, route } = ctx;
  const deleteNow = () => {
    if (route.kind === "item") state.removeWebhook(route.dialect, route.id);
  };
  // create-then-*: creates only from a valid body (an invalid one would have been refused).
  const createIfValid = () => {
    if (route.name === "create" && createProblems(ctx.body).length === 0) createNow(ctx);
  };
  // perform: true makes a hostile answer follow the real work of a DELETE or a create.
  if (fault.perform === true && HOSTILE_BODIES.has(fault.type)) {
    if (route.kind === "item" && req.method === "DELETE") deleteNow();
    createIfValid();
  }
  switch (fault.type) {
    case "html":
      return reply(ctx, 502, HTML_502, undefined, "text/html");
    case "delete-then-hang":
      deleteNow();
    // falls through
    case "create-then-hang":
      if (fault.type === "create-then-hang") createIfValid();
    // falls through
    case "hang":
      // Never answer; the record ends when the client (or close()) drops the socket.
      res.once("close", () => state.finish(rec, null));
      return;
    case "delete-then-reset":
      deleteNow();
    // falls through
    case "create-then-reset":
      if (fault.type === "create-then-reset") createIfValid();
    // falls through
    case "reset":
      state.finish(rec, null);
      req.socket.destroy();
      return;
    case "delete-then-500":
      deleteNow();
      return replyError(ctx, 500, { shape: fault.shape });
    case "create-then-500":
      createIfValid();
      return replyError(ctx, 500, { shape: fault.shape });
    case "delay":
      setTimeout(proceed, fault.ms, ctx).unref();
      return;
    case "redirect":
      return replyRedirect(ctx, fault);
    case "huge":
    case "endless":
    case "drip":
      return afterLatency(ctx, () => stream(ctx, fault));
    case "raw":
      return replyRaw(ctx, fault);
    case "echo-key":
      return replyEchoKey(ctx, fault);
    default:
      return replyStatusFault(ctx, fault, Number(fault.type));
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile answers (see hostile.mjs)
// ---------------------------------------------------------------------------------------------

/** 3xx to `location`; "elsewhere" is the same path and query on the elsewhere origin. */
function replyRedirect(ctx, fault) {
  const location = fault.location === "elsewhere" ? `${ctx.state.elsewhereUrl}${ctx.req.url}` : fault.location;
  reply(ctx, fault.status, `Redirecting to ${location}`, { Location: location }, "text/plain; charset=utf-8");
}

/** Exactly the fault's body text, `$KEY` in it (and in header values) replaced by the sent key. */
function replyRaw(ctx, fault) {
  const key = sentKey(ctx.req.headers);
  const headers = {};
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = headerSafe(fillKey(value, key));
  }
  reply(ctx, fault.status, fillKey(fault.body, key), headers, fault.contentType ?? "application/json");
}

/** An error that echoes the sent key in its message, an object key, requestId and X-Request-Id. */
function replyEchoKey(ctx, fault) {
  const key = sentKey(ctx.req.headers);
  const exa = exaError(fault.status, { shape: "flat" });
  const message = ctx.route.dialect === "exa" ? exa.error : genericError(fault.status).error;
  const body = echoKeyBody(ctx.route.dialect, fault.status, key, message, exa.tag);
  reply(ctx, fault.status, body, { "X-Request-Id": headerSafe(key) });
}

/** A header value as sent when Node can send it; otherwise with the offending characters dropped. */
function headerSafe(value) {
  try {
    http.validateHeaderValue("x", value);
    return value;
  } catch {
    return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
  }
}

/**
 * huge, endless and drip: a body written bit by bit. The record ends when the response has been
 * written or the socket closed, with bytesSent counting what was handed to the socket (it grows
 * while the stream runs).
 */
function stream(ctx, fault) {
  const { state, res, rec } = ctx;
  if (res.destroyed) return state.finish(rec, null);
  const contentType = fault.content === "json" ? "application/json" : "text/plain; charset=utf-8";
  const total = fault.type === "huge" ? fault.bytes : fault.type === "drip" ? fault.bytes ?? Infinity : Infinity;
  const extra = fault.type === "huge" && !fault.chunked ? { "Content-Length": String(total) } : undefined;
  res.once("close", () => state.finish(rec, fault.status));
  res.writeHead(fault.status, apiHeaders(rec, contentType, extra));
  res.flushHeaders();
  const next = filler(fault.content, total);
  const onWrite = (n) => {
    rec.bytesSent += n;
  };
  if (fault.type === "drip") drip(res, next, fault.everyMs, onWrite);
  else pump(res, next, onWrite);
}

// ---------------------------------------------------------------------------------------------
// Control routes (/__mock/...): no auth, no latency, not recorded
// ---------------------------------------------------------------------------------------------

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024 * 1024) throw new HttpError(413, "body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch {
    throw new HttpError(400, "body must be a JSON object");
  }
}

async function handleControl(state, req, res, path, query) {
  const params = new URLSearchParams(query);
  const route = `${req.method} ${path}`;
  try {
    switch (route) {
      case "GET /__mock/health":
        return sendControl(res, 200, { ok: true });
      case "POST /__mock/reset":
        state.reset(await readJson(req));
        return sendControl(res, 200, { ok: true });
      case "POST /__mock/webhooks": {
        const body = await readJson(req);
        const count = state.addWebhooks(body.dialect, body.webhooks, body.raw === true);
        return sendControl(res, 200, { ok: true, count });
      }
      case "GET /__mock/webhooks": {
        const dialect = params.get("dialect");
        if (dialect) return sendControl(res, 200, state.storeContents(dialect));
        return sendControl(res, 200, { exa: state.storeContents("exa"), generic: state.storeContents("generic") });
      }
      case "POST /__mock/faults": {
        const body = await readJson(req);
        const routeName = body.list === true ? "list" : body.route ?? "item";
        const queued = state.addFaults(body.dialect, body.id, body.faults, routeName);
        return sendControl(res, 200, { ok: true, queued });
      }
      case "POST /__mock/attempts": {
        const body = await readJson(req);
        const count = state.addAttempts(body.id, body.attempts);
        return sendControl(res, 200, { ok: true, count });
      }
      case "GET /__mock/attempts": {
        const id = params.get("id");
        const attempts = id ? state.attempts.list(id) : state.attempts.all();
        return sendControl(res, 200, { id: id || null, count: attempts.length, attempts });
      }
      case "GET /__mock/faults":
        return sendControl(res, 200, { faults: state.pendingFaults() });
      case "GET /__mock/requests":
        return sendControl(res, 200, state.snapshot({
          method: params.get("method"),
          dialect: params.get("dialect"),
          id: params.get("id"),
          route: params.get("route"),
        }));
      case "POST /__mock/requests/clear":
        state.clearRequests();
        return sendControl(res, 200, { ok: true });
      case "GET /__mock/elsewhere":
        return sendControl(res, 200, { url: state.elsewhereUrl, total: state.elsewhere.length, requests: state.elsewhere });
      default:
        return sendControl(res, 404, { error: "Not found", code: 404 });
    }
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    sendControl(res, status, { error: err.message, code: status });
  }
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

function noop() {}

function onRequest(state, req, res) {
  req.on("error", noop); // a client aborting mid-body must not crash the server
  res.on("error", noop);
  const url = req.url || "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q + 1);
  if (path === "/__mock" || path.startsWith("/__mock/")) {
    if (req.method === "OPTIONS") return writeResponse(res, 204, { ...CORS_HEADERS }, "");
    return handleControl(state, req, res, path, query);
  }
  const route = matchApiRoute(path);
  if (req.method === "OPTIONS") {
    // CORS preflight: recorded (so tests can count preflights) but not counted as in flight.
    route.name = routeName(route, req.headers["access-control-request-method"]);
    const rec = state.begin(req, route, readAuth(req.headers, state.config.apiKey), false);
    state.finish(rec, 204, false);
    return writeResponse(res, 204, { ...CORS_HEADERS, "X-Request-Id": rec.requestId }, "");
  }
  handleApi(state, req, res, route, query);
}

/**
 * Starts the mock API, and its elsewhere origin (another port on the same host, where redirect
 * faults can point). Options (all optional): port, host, latencyMs, faultRate, randomSeed,
 * generate, apiKey, seed, genericGet, record. Resolves to { url, port, elsewhereUrl, state,
 * server, close }.
 */
export async function startMockApi(opts = {}) {
  const options = { ...DEFAULT_OPTIONS, ...definedOnly(opts) };
  const state = new MockState(options);
  const server = http.createServer((req, res) => {
    try {
      onRequest(state, req, res);
    } catch (err) {
      if (!res.headersSent) sendControl(res, 500, { error: `mock server error: ${err.message}`, code: 500 });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0; // hung requests stay open until the client gives up
  const sockets = new Set();
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, host: options.host, backlog: 1024 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = server.address().port;
  let host = options.host;
  if (host === "0.0.0.0" || host === "::") host = "127.0.0.1";
  if (host.includes(":")) host = `[${host}]`;
  let elsewhere;
  try {
    elsewhere = await startElsewhere(options.host, CORS_HEADERS, (entry) => state.recordElsewhere(entry));
  } catch (err) {
    server.close();
    throw err;
  }
  state.elsewhereUrl = elsewhere.url;
  let closing = null;
  return {
    url: `http://${host}:${port}`,
    port,
    elsewhereUrl: elsewhere.url,
    state,
    server,
    /** Stops listening and destroys every open socket (hung requests and open streams too). */
    close() {
      closing ??= Promise.all([
        new Promise((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
          server.closeAllConnections();
        }),
        elsewhere.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}


// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: node tests/mock/server.mjs [--port N] [--host 127.0.0.1] [--latency MS]
       [--fault-rate P] [--random-seed N] [--generate N] [--api-key KEY] [--no-seed]
Prints MOCK_API_URL=http://HOST:PORT on its first line, then serves until SIGINT/SIGTERM.`;

function parseArgs(argv) {
  const opts = {};
  const number = (flag, text) => {
    const n = Number(text);
    if (text === undefined || text === "" || !Number.isFinite(n)) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value;
    const eq = flag.indexOf("=");
    if (flag.startsWith("--") && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const next = () => value ?? argv[++i];
    switch (flag) {
      case "--port": opts.port = number(flag, next()); break;
      case "--host": opts.host = next(); break;
      case "--latency": opts.latencyMs = number(flag, next()); break;
      case "--fault-rate": opts.faultRate = number(flag, next()); break;
      case "--random-seed": opts.randomSeed = number(flag, next()); break;
      case "--generate": opts.generate = number(flag, next()); break;
      case "--api-key": opts.apiKey = next(); break;
      case "--no-seed": opts.seed = false; break;
      case "-h":
      case "--help": opts.help = true; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
    if (typeof opts.host !== "undefined" && !opts.host) throw new Error("--host needs a value");
    if (typeof opts.apiKey !== "undefined" && !opts.apiKey) throw new Error("--api-key needs a value");
  }
  return opts;
}

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { help, ...startOptions } = opts;
  let api;
  try {
    api = await startMockApi(startOptions);
  } catch (err) {
    process.stderr.write(`mock API failed to start: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`MOCK_API_URL=${api.url}\n`);
  const stop = () => api.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function isEntryScript() {
  if (!process.argv[1]) return false;
  if (import.meta.url === pathToFileURL(process.argv[1]).href) return true;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryScript()) main(process.argv.slice(2));
