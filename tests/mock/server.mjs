#!/usr/bin/env node
// Mock HTTP API for webhook-delete's tests, benchmarks and demo page.
//
// Serves the two API dialects of the seed documents from separate in-memory stores:
//   Exa Websets   under /exa      (client baseUrl `${url}/exa`,     items /v0/webhooks/{id})
//   generic API   under /generic  (client baseUrl `${url}/generic`, items /webhooks/{id})
// plus control routes under /__mock/ to reset state, add webhooks, script faults per id and read
// back every request that was received. See README.md in this folder.
//
//   node tests/mock/server.mjs [--port N] [--host H] [--latency MS] [--fault-rate P]
//        [--random-seed N] [--generate N] [--api-key KEY] [--no-seed]
//   import { startMockApi } from "./tests/mock/server.mjs"

import http from "node:http";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  WebhookStore,
  decodeCursor,
  defaultSeed,
  encodeCursor,
  exaWebhook,
  generateGeneric,
  genericDeleteResult,
  genericWebhook,
  iso,
  mulberry32,
} from "./store.mjs";

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
  "Access-Control-Allow-Headers": "x-api-key, authorization, content-type",
  "Access-Control-Expose-Headers": "x-request-id, retry-after",
  "Access-Control-Max-Age": "600",
});

const ERROR_TEXT = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  422: "Unprocessable entity",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

const HTML_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>";

/** Fault types accepted by POST /__mock/faults (see README.md). */
export const FAULT_TYPES = Object.freeze([
  "409", "429", "400", "403", "408", "422", "500", "502", "503", "504",
  "html", "hang", "reset", "delay", "delete-then-500", "delete-then-hang", "delete-then-reset",
]);
const FAULT_SET = new Set(FAULT_TYPES);

/** Fault-queue key for list requests (ids can never contain control characters). */
export const LIST_FAULT_ID = "\u0000list";

const DIALECTS = ["exa", "generic"];
const LIST_PATHS = { exa: "/exa/v0/webhooks", generic: "/generic/webhooks" };
const LIST_MAX = { exa: 200, generic: 1000 };

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

function checkFault(fault) {
  if (!fault || typeof fault !== "object" || !FAULT_SET.has(String(fault.type))) {
    throw new HttpError(400, `unknown fault ${JSON.stringify(fault)}; types: ${FAULT_TYPES.join(", ")}`);
  }
  const f = { ...fault, type: String(fault.type) };
  if (f.retryAfter !== undefined && !(typeof f.retryAfter === "number" && f.retryAfter >= 0)) {
    throw new HttpError(400, "fault retryAfter must be a number of seconds >= 0");
  }
  if (f.type === "delay" && !(typeof f.ms === "number" && f.ms >= 0)) {
    throw new HttpError(400, "delay fault needs ms >= 0");
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// State: stores, fault queues, request records and counters
// ---------------------------------------------------------------------------------------------

export class MockState {
  constructor(options = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...definedOnly(options) };
    this.exa = new WebhookStore();
    this.generic = new WebhookStore();
    this.inFlight = 0; // never reset: it mirrors requests really being handled
    this.requestIdCounter = 0; // X-Request-Id: req_<n>, unique for the server's life
    this.addedCounter = 0;
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
    this.faults = new Map();
    this.clearRequests();
    this.seededAt = Date.now();
    if (o.seed !== false) {
      const seed = defaultSeed(this.seededAt);
      for (const w of seed.exa) this.exa.put(w);
      for (const w of seed.generic) this.generic.put(w);
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

  /** Appends faults to the queue of one id (or LIST_FAULT_ID for list requests). */
  addFaults(dialect, id, faults) {
    checkDialect(dialect);
    if (typeof id !== "string") throw new HttpError(400, "id must be a string (or list: true)");
    if (!Array.isArray(faults)) throw new HttpError(400, "faults must be an array");
    const checked = faults.map(checkFault);
    const key = `${dialect}:${id}`;
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
    this.total = 0;
    this.maxInFlight = this.inFlight;
    this.byMethod = {};
    this.byStatus = {};
  }

  /** Starts the record of one request; API requests (api = true) count as in flight. */
  begin(req, dialect, id, auth, apiKeyOk, api) {
    const seq = ++this.total;
    const method = req.method;
    const rec = {
      seq,
      requestId: `req_${++this.requestIdCounter}`,
      method,
      path: req.url,
      dialect,
      id,
      auth,
      apiKeyOk,
      status: null,
      fault: null,
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

  /** What GET /__mock/requests returns; filters: method, dialect, id. */
  snapshot({ method, dialect, id } = {}) {
    let requests = this.requests;
    if (method) requests = requests.filter((r) => r.method === method.toUpperCase());
    if (dialect) requests = requests.filter((r) => r.dialect === dialect);
    if (id !== undefined && id !== null) requests = requests.filter((r) => r.id === id);
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
}

// ---------------------------------------------------------------------------------------------
// Response writing
// ---------------------------------------------------------------------------------------------

function writeResponse(res, status, headers, body) {
  if (res.destroyed || res.headersSent) return; // client gave up meanwhile
  headers["Content-Length"] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

/** JSON for control routes: CORS, no request id, no latency. */
function sendControl(res, status, obj) {
  writeResponse(res, status, { ...CORS_HEADERS, "Content-Type": "application/json" }, JSON.stringify(obj));
}

function writeApi(state, res, rec, status, body, contentType, extra) {
  state.finish(rec, status);
  const headers = { ...CORS_HEADERS, "X-Request-Id": rec.requestId, "Content-Type": contentType };
  if (extra) Object.assign(headers, extra);
  writeResponse(res, status, headers, body);
}

/** Answers an API request after the global latency. The body is serialised now. */
function reply(state, res, rec, status, obj, extra, contentType = "application/json") {
  const body = typeof obj === "string" ? obj : JSON.stringify(obj);
  const latency = state.config.latencyMs;
  if (latency > 0) setTimeout(writeApi, latency, state, res, rec, status, body, contentType, extra).unref();
  else writeApi(state, res, rec, status, body, contentType, extra);
}

function errorBody(status, extra) {
  return { error: ERROR_TEXT[status], code: status, ...extra };
}

function notFoundBody(id, rec) {
  return { error: "Webhook not found", code: 404, details: { webhook_id: id }, timestamp: iso(Date.now()), requestId: rec.requestId };
}

// ---------------------------------------------------------------------------------------------
// API routes
// ---------------------------------------------------------------------------------------------

/** Splits an API path into dialect, route kind ("list" | "item" | null) and decoded id. */
function matchApiRoute(path) {
  let dialect = null;
  if (path === "/exa" || path.startsWith("/exa/")) dialect = "exa";
  else if (path === "/generic" || path.startsWith("/generic/")) dialect = "generic";
  else return { dialect, kind: null, id: null, badId: false };
  const list = LIST_PATHS[dialect];
  if (path === list) return { dialect, kind: "list", id: null, badId: false };
  if (path.length > list.length + 1 && path.charCodeAt(list.length) === 47 && path.startsWith(list)) {
    const raw = path.slice(list.length + 1);
    if (!raw.includes("/")) {
      try {
        return { dialect, kind: "item", id: decodeURIComponent(raw), badId: false };
      } catch {
        return { dialect, kind: "item", id: null, badId: true };
      }
    }
  }
  return { dialect, kind: null, id: null, badId: false };
}

/** Which auth header was sent ("x-api-key" | "bearer" | "both" | null) and whether the key fits. */
function readAuth(headers, apiKey) {
  const xKey = headers["x-api-key"];
  const authz = headers.authorization;
  let bearer;
  if (typeof authz === "string" && authz.length > 7 && authz.slice(0, 7).toLowerCase() === "bearer ") {
    bearer = authz.slice(7).trim();
  }
  const kind = xKey !== undefined ? (bearer !== undefined ? "both" : "x-api-key") : bearer !== undefined ? "bearer" : null;
  const ok = kind !== null && (xKey === undefined || xKey === apiKey) && (bearer === undefined || bearer === apiKey);
  return { kind, ok };
}

function handleApi(state, req, res, route, query) {
  const auth = readAuth(req.headers, state.config.apiKey);
  const rec = state.begin(req, route.dialect, route.id, auth.kind, auth.ok, true);
  const method = req.method;
  if (route.kind === null) return reply(state, res, rec, 404, errorBody(404));
  const allowed = route.kind === "list" ? method === "GET" : method === "GET" || method === "DELETE";
  if (!allowed) {
    return reply(state, res, rec, 405, errorBody(405), { Allow: route.kind === "list" ? "GET, OPTIONS" : "GET, DELETE, OPTIONS" });
  }
  if (!auth.ok) return reply(state, res, rec, 401, errorBody(401, { timestamp: iso(Date.now()), requestId: rec.requestId }));
  if (route.badId) return reply(state, res, rec, 400, { error: "Malformed percent-encoding in webhook id", code: 400 });
  // The generic API of the seed may lack GET-by-id; then clients must list and find.
  if (route.kind === "item" && method === "GET" && route.dialect === "generic" && !state.config.genericGet) {
    return reply(state, res, rec, 405, errorBody(405), { Allow: "DELETE, OPTIONS" });
  }
  const fault = state.takeFault(route.dialect, route.kind === "list" ? LIST_FAULT_ID : route.id);
  if (fault !== null) {
    rec.fault = fault.type;
    return applyFault(state, req, res, rec, route, query, fault);
  }
  proceed(state, req, res, rec, route, query);
}

/** Normal behaviour, after scripted faults: random 503s on DELETE, then the real route. */
function proceed(state, req, res, rec, route, query) {
  const { faultRate } = state.config;
  if (faultRate > 0 && req.method === "DELETE" && state.rng() < faultRate) {
    rec.fault = "random";
    return reply(state, res, rec, 503, errorBody(503));
  }
  const store = state.store(route.dialect);
  if (route.kind === "list") return listRoute(state, res, rec, route.dialect, store, query);
  if (req.method === "GET") {
    const webhook = store.get(route.id);
    return reply(state, res, rec, webhook ? 200 : 404, webhook ?? notFoundBody(route.id, rec));
  }
  const deleted = store.delete(route.id);
  if (deleted === undefined) return reply(state, res, rec, 404, notFoundBody(route.id, rec));
  const body = route.dialect === "exa" ? deleted : genericDeleteResult(deleted, Date.now());
  reply(state, res, rec, 200, body);
}

function listRoute(state, res, rec, dialect, store, query) {
  const params = new URLSearchParams(query);
  const limitText = params.get("limit");
  const cursor = params.get("cursor");
  const max = LIST_MAX[dialect];
  let limit = null;
  if (limitText !== null && limitText !== "") {
    limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= max)) {
      return reply(state, res, rec, 400, { error: `limit must be between 1 and ${max}`, code: 400 });
    }
  }
  let after = 0;
  if (cursor) {
    after = decodeCursor(store, cursor);
    if (after === null) return reply(state, res, rec, 400, { error: "Invalid cursor", code: 400 });
  }
  if (dialect === "exa") {
    const page = store.page(after, limit ?? 25);
    const nextCursor = page.hasMore ? encodeCursor(page.last) : null;
    return reply(state, res, rec, 200, { data: page.items, hasMore: page.hasMore, nextCursor });
  }
  // Generic: everything unless paging was asked for.
  if (limit === null && !cursor) return reply(state, res, rec, 200, { data: store.values() });
  const page = store.page(after, limit ?? Infinity);
  const next = page.hasMore ? encodeCursor(page.last) : null;
  reply(state, res, rec, 200, { data: page.items, has_more: page.hasMore, next_cursor: next });
}

function applyFault(state, req, res, rec, route, query, fault) {
  const store = state.store(route.dialect);
  const deleteNow = () => {
    if (route.id !== null) store.delete(route.id);
  };
  switch (fault.type) {
    case "409": {
      const details = { reason: "Webhook has pending events" };
      if (fault.retryAfter !== undefined) details.retry_after = fault.retryAfter;
      return reply(state, res, rec, 409, {
        error: "Webhook cannot be deleted while processing events",
        code: 409,
        details,
        timestamp: iso(Date.now()),
        requestId: rec.requestId,
      });
    }
    case "429": {
      let headers;
      if (fault.retryAfter !== undefined) {
        const value = fault.retryAfterDate ? new Date(Date.now() + fault.retryAfter * 1000).toUTCString() : String(fault.retryAfter);
        headers = { "Retry-After": value };
      }
      return reply(state, res, rec, 429, errorBody(429), headers);
    }
    case "html":
      return reply(state, res, rec, 502, HTML_502, undefined, "text/html");
    case "delete-then-hang":
      deleteNow();
    // falls through
    case "hang":
      // Never answer; the record ends when the client (or close()) drops the socket.
      res.once("close", () => state.finish(rec, null));
      return;
    case "delete-then-reset":
      deleteNow();
    // falls through
    case "reset":
      state.finish(rec, null);
      req.socket.destroy();
      return;
    case "delete-then-500":
      deleteNow();
      return reply(state, res, rec, 500, errorBody(500));
    case "delay":
      setTimeout(proceed, fault.ms, state, req, res, rec, route, query).unref();
      return;
    default: {
      const status = Number(fault.type);
      return reply(state, res, rec, status, errorBody(status));
    }
  }
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
        const id = body.list === true ? LIST_FAULT_ID : body.id;
        const queued = state.addFaults(body.dialect, id, body.faults);
        return sendControl(res, 200, { ok: true, queued });
      }
      case "GET /__mock/faults":
        return sendControl(res, 200, { faults: state.pendingFaults() });
      case "GET /__mock/requests":
        return sendControl(res, 200, state.snapshot({
          method: params.get("method"),
          dialect: params.get("dialect"),
          id: params.get("id"),
        }));
      case "POST /__mock/requests/clear":
        state.clearRequests();
        return sendControl(res, 200, { ok: true });
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
    const auth = readAuth(req.headers, state.config.apiKey);
    const rec = state.begin(req, route.dialect, route.id, auth.kind, auth.ok, false);
    state.finish(rec, 204, false);
    return writeResponse(res, 204, { ...CORS_HEADERS }, "");
  }
  handleApi(state, req, res, route, query);
}

/**
 * Starts the mock API. Options (all optional): port, host, latencyMs, faultRate, randomSeed,
 * generate, apiKey, seed, genericGet, record. Resolves to { url, port, state, server, close }.
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
  let closing = null;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    server,
    /** Stops listening and destroys every open socket (hung requests too). */
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
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
