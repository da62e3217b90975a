#!/usr/bin/env node
// Tiny dependency-free static server for the demo page.
//
//   /        -> www/   (index.html for "/")
//   /pkg/... -> pkg/   (the built library: pkg/web/webhook_delete.js + .wasm)
//
// Only GET and HEAD; no directory listings; anything that would leave the two roots (.., encoded
// slashes, NUL, symlinks pointing outside) is refused. Every HTML answer carries a strict
// Content-Security-Policy; every answer carries nosniff.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]
//   import { startStaticServer } from "./scripts/serve.mjs"

import http from "node:http";
import { createReadStream, realpathSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const MIME_TYPES = Object.freeze({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
});

function send(res, status, text, extra = {}) {
  const body = `${text}\n`;
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    ...extra,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

/** Maps a URL path to { root, rel } or null when it is not servable. */
function resolveRequest(urlPath, roots) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  // Encoded slashes or dot segments are refused outright rather than normalised.
  const segments = decoded.split("/");
  if (segments.some((s) => s === ".." || s === ".")) return null;
  let root = roots.www;
  let rest = decoded;
  if (decoded === "/pkg" || decoded.startsWith("/pkg/")) {
    root = roots.pkg;
    rest = decoded.slice(4);
  }
  if (rest === "" || rest.endsWith("/")) rest += "index.html";
  const file = path.resolve(root, `.${rest}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return { root, file };
}

async function handle(req, res, roots) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, "Method not allowed", { Allow: "GET, HEAD" });
  }
  const raw = req.url || "/";
  const q = raw.search(/[?#]/);
  const urlPath = q < 0 ? raw : raw.slice(0, q);
  if (!urlPath.startsWith("/")) return send(res, 400, "Bad request");
  const target = resolveRequest(urlPath, roots);
  if (target === null) return send(res, 403, "Forbidden");
  let real;
  let info;
  try {
    real = await realpath(target.file);
    info = await stat(real);
  } catch {
    return send(res, 404, "Not found");
  }
  // Symlinks must not lead out of the root either.
  if (!real.startsWith(target.root + path.sep)) return send(res, 403, "Forbidden");
  if (!info.isFile()) return send(res, 404, "Not found"); // directories: no listing
  const ext = path.extname(real).toLowerCase();
  const type = MIME_TYPES[ext] ?? "application/octet-stream";
  const headers = {
    "Content-Type": type,
    "Content-Length": info.size,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
    "Referrer-Policy": "no-referrer",
  };
  if (ext === ".html") {
    headers["Content-Security-Policy"] = CSP;
    headers["X-Frame-Options"] = "DENY";
  }
  res.writeHead(200, headers);
  if (req.method === "HEAD") return res.end();
  const stream = createReadStream(real);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * Starts the static server. Options: port (default 0 = any free port), host (default 127.0.0.1),
 * www and pkg (directories; default the repository's www/ and pkg/).
 * Resolves to { url, port, server, close() }.
 */
export async function startStaticServer({ port = 0, host = "127.0.0.1", www, pkg } = {}) {
  const roots = {
    www: realpathSync(path.resolve(www ?? path.join(ROOT, "www"))),
    pkg: realpathSync(path.resolve(pkg ?? path.join(ROOT, "pkg"))),
  };
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    handle(req, res, roots).catch(() => {
      if (!res.headersSent) send(res, 500, "Internal server error");
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, backlog: 511 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = server.address().port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  let closing = null;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    server,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => value ?? argv[++i];
    switch (arg) {
      case "--port": {
        const n = Number(next());
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error("--port needs a number 0..65535");
        opts.port = n;
        break;
      }
      case "--host":
        opts.host = next();
        if (!opts.host) throw new Error("--host needs a value");
        break;
      case "-h":
      case "--help":
        opts.help = true;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return opts;
}

const USAGE = "usage: node scripts/serve.mjs [--port N] [--host 127.0.0.1]\n" +
  "Serves www/ at / and pkg/ at /pkg/; prints STATIC_URL=http://HOST:PORT on its first line.";

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
  let srv;
  try {
    srv = await startStaticServer({ port: opts.port ?? 8080, host: opts.host });
  } catch (err) {
    process.stderr.write(`static server failed to start: ${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`STATIC_URL=${srv.url}\n`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function isEntryScript() {
  if (!process.argv[1]) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntryScript()) main(process.argv.slice(2));
