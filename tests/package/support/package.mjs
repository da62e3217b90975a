// Helpers shared by the package tests: pack pkg/ with npm and install the tarball into a temp
// node_modules by hand (no registry), serve a directory over HTTP, and launch Chromium.
import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../support/chromium.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const PKG = path.join(ROOT, "pkg");
export const API_KEY = "test-key";
export const run = promisify(execFile);


/** A fresh temp dir; remove it with `rm(dir, { recursive: true, force: true })`. */
export const tempDir = (prefix = "webhook-delete-pkg-") => mkdtemp(path.join(os.tmpdir(), prefix));

/**
 * Runs `npm pack` in pkg/ into `dir` and extracts the tarball into `dir/node_modules/webhook-delete`,
 * exactly as `npm install <tgz>` would lay it out. Returns { tarball, packageDir, files } where
 * files are the paths npm put in the tarball.
 */
export async function packAndInstall(dir) {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: PKG,
    env: { ...process.env, npm_config_loglevel: "error", npm_config_update_notifier: "false", npm_config_offline: "true" },
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf("[")));
  const tarball = path.join(dir, info.filename);
  const packageDir = path.join(dir, "node_modules", "webhook-delete");
  await mkdir(packageDir, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", packageDir, "--strip-components=1"]);
  return { tarball, packageDir, files: info.files.map((f) => f.path).sort() };
}

/** Every file below `dir`, as paths relative to it with forward slashes. */
export async function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/**
 * A tiny static file server. `mounts` maps URL prefixes ("/", "/pkg/") to directories; the
 * longest matching prefix wins and "/" serves index.html. Returns { url, close() }.
 */
export async function serveStatic(mounts) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      let pathname = decodeURIComponent(url.pathname);
      if (pathname.endsWith("/")) pathname += "index.html";
      const prefix = prefixes.find((p) => pathname.startsWith(p));
      if (!prefix || pathname.includes("\0")) throw Object.assign(new Error("no mount"), { status: 404 });
      const root = path.resolve(mounts[prefix]);
      const file = path.resolve(root, "." + pathname.slice(prefix.length - 1));
      if (file !== root && !file.startsWith(root + path.sep)) throw Object.assign(new Error("outside"), { status: 403 });
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { status: 404 });
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-store",
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    } catch (error) {
      res.writeHead(error.status ?? 404, { "content-type": "text/plain" });
      res.end(String(error.message));
    }
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", 511, resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Launches Debian's Chromium through playwright-core with the flags this machine needs. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a new page, waits until #result has a data-state, and returns
 * { state, text, errors } (errors: page errors and console errors, for diagnostics).
 */
export async function runPage(browser, url, timeout = 20_000) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));
  try {
    await page.goto(url);
    await page.waitForSelector("#result[data-state]", { timeout });
    const state = await page.getAttribute("#result", "data-state");
    const text = (await page.textContent("#result")).trim();
    return { state, text, errors };
  } catch (error) {
    error.message += `\npage errors: ${JSON.stringify(errors)}`;
    throw error;
  } finally {
    await context.close();
  }
}

export const removeDir = (dir) => (dir ? rm(dir, { recursive: true, force: true }) : undefined);
