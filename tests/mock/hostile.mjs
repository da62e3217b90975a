// Hostile answers: what a broken, malicious or misconfigured server (or a proxy in front of it)
// can send, so that the client's tests can prove it never follows a redirect, never reads a body
// without a bound, never waits forever on a trickle, and never lets the API key out through an
// error. Also the "elsewhere" origin a redirect can point to: a second server that records every
// request it gets, headers included, and answers like the real API would.
//
// Bodies are written from one shared chunk, respecting backpressure, and stop as soon as the
// client goes away: a 200 MB answer costs the mock no more memory than a small one.

import http from "node:http";
import { exaWebhook, genericDeleteResult, genericWebhook, iso } from "./store.mjs";

const CHUNK_BYTES = 64 * 1024;
const JSON_HEAD = Buffer.from('{"data":[');
const JSON_ITEM = '{"id":"x"},';
const JSON_CHUNK = Buffer.from(JSON_ITEM.repeat(Math.ceil(CHUNK_BYTES / JSON_ITEM.length)));
const TEXT_CHUNK = Buffer.alloc(CHUNK_BYTES, "x");
/** Bytes a drip writes per tick: one `{"id":"x"},` (the first tick writes `{"data":[`). */
export const DRIP_BYTES = JSON_ITEM.length;

/**
 * A body source: next(max) returns the next piece (at most `max` bytes) or null once `total`
 * bytes were given (total Infinity: never). "json" starts with `{"data":[` and repeats
 * `{"id":"x"},`, so the start looks like a list page; "text" is plain `x` filler.
 */
export function filler(content, total) {
  let given = 0;
  let started = content !== "json";
  const chunk = content === "json" ? JSON_CHUNK : TEXT_CHUNK;
  return function next(max = CHUNK_BYTES) {
    if (given >= total) return null;
    const source = started ? chunk : JSON_HEAD;
    started = true;
    const piece = source.subarray(0, Math.min(source.length, max, total - given));
    given += piece.length;
    return piece;
  };
}

/**
 * Writes next() pieces as fast as the client reads them: after a write the socket cannot take at
 * once, it waits for 'drain'. Ends the response when the source ends; stops writing when the
 * response is destroyed (client gone, or close()). onWrite(n) counts the bytes handed over.
 */
export function pump(res, next, onWrite) {
  const step = () => {
    while (!res.destroyed) {
      const piece = next();
      if (piece === null) {
        res.end();
        return;
      }
      onWrite(piece.length);
      if (!res.write(piece)) {
        res.once("drain", step);
        return;
      }
    }
  };
  step();
}

/** Writes one small piece every `everyMs` (skipping ticks while the client is not reading). */
export function drip(res, next, everyMs, onWrite) {
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    if (res.writableNeedDrain) return;
    const piece = next(DRIP_BYTES);
    if (piece === null) {
      clearInterval(timer);
      res.end();
      return;
    }
    onWrite(piece.length);
    res.write(piece);
  }, everyMs);
  timer.unref();
  res.once("close", () => clearInterval(timer));
}

/**
 * The API key a request carried, as sent: the raw x-api-key value, else what follows "Bearer "
 * in Authorization (else the whole Authorization value), else "".
 */
export function sentKey(headers) {
  if (typeof headers["x-api-key"] === "string") return headers["x-api-key"];
  const authz = headers.authorization;
  if (typeof authz !== "string") return "";
  return authz.slice(0, 7).toLowerCase() === "bearer " ? authz.slice(7) : authz;
}

/** Replaces every `$KEY` in `text` with the key the request sent. */
export function fillKey(text, key) {
  return text.split("$KEY").join(key);
}

/**
 * An error body that echoes the key everywhere a server could: the message, an object key, a
 * value and requestId (the X-Request-Id header is the key too). Exa: the flat shape; generic:
 * the seed shape.
 */
export function echoKeyBody(dialect, status, key, message, tag) {
  if (dialect === "exa") {
    return { requestId: key, error: `${message}: ${key}`, tag, details: { [key]: "rejected", apiKey: key } };
  }
  return { error: `${message}: ${key}`, code: status, details: { [key]: "rejected", api_key: key }, timestamp: iso(Date.now()), requestId: key };
}

// ---------------------------------------------------------------------------------------------
// Elsewhere: the other origin a redirect can send a client to
// ---------------------------------------------------------------------------------------------

const EXA_PATH = /^\/exa(?:\/websets)?\/v0\/webhooks(?:\/([^/]+)(\/attempts)?)?$/;
const GENERIC_PATH = /^\/generic\/webhooks(?:\/([^/]+))?$/;

function decodeOr(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * What the elsewhere origin answers: a plausible 200 for the route, as if it were the API (a
 * deleted Exa webhook, a generic delete result, an empty list...), so a client that followed a
 * redirect would believe it. [status, body].
 */
export function plausibleAnswer(method, path) {
  const now = Date.now();
  const exa = EXA_PATH.exec(path);
  if (exa !== null) {
    if (exa[2]) return [200, { data: [], hasMore: false, nextCursor: null }];
    if (exa[1]) return [200, exaWebhook({ id: decodeOr(exa[1]) }, now, 0)];
    if (method === "POST") return [200, { ...exaWebhook({ id: "wh_elsewhere" }, now, 0), secret: "whsec_elsewhere" }];
    return [200, { data: [], hasMore: false, nextCursor: null }];
  }
  const generic = GENERIC_PATH.exec(path);
  if (generic !== null) {
    if (generic[1]) {
      const webhook = genericWebhook({ id: decodeOr(generic[1]) }, now, 0);
      return [200, method === "DELETE" ? genericDeleteResult(webhook, now) : webhook];
    }
    if (method === "POST") return [201, { ...genericWebhook({ id: "webhook_elsewhere" }, now, 0), secret: "whsec_elsewhere" }];
    return [200, { data: [] }];
  }
  return [200, { ok: true }];
}

/**
 * Starts the elsewhere server on `host` (any free port). `record(entry)` gets every request as
 * { method, path, headers }. Resolves to { url, server, close }.
 */
export async function startElsewhere(host, corsHeaders, record) {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.on("error", () => {});
    res.on("error", () => {});
    req.resume(); // a body is never needed here
    record({ method: req.method, path: req.url, headers: { ...req.headers } });
    const headers = { ...corsHeaders, "X-Request-Id": `req_elsewhere_${++n}` };
    if (req.method === "OPTIONS") {
      res.writeHead(204, headers);
      return res.end();
    }
    const q = req.url.indexOf("?");
    const [status, body] = plausibleAnswer(req.method, q < 0 ? req.url : req.url.slice(0, q));
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  });
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let shownHost = host;
  if (shownHost === "0.0.0.0" || shownHost === "::") shownHost = "127.0.0.1";
  if (shownHost.includes(":")) shownHost = `[${shownHost}]`;
  return {
    url: `http://${shownHost}:${server.address().port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
