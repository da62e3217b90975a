#!/usr/bin/env node
// What a hostile server costs the client in memory: the peak RSS of a fresh Node process while
// webhook-delete meets, one at a time, a huge list body, a huge error body, a body that never
// ends and a body that drips. Each case must end the documented way, with the process's memory
// bounded whatever the server sends.
//
//   node bench/hostile-bodies.mjs            200 MB bodies (what run.mjs runs in full mode)
//   node bench/hostile-bodies.mjs --quick    20 MB bodies, shorter drip timeout
//   add --json                               one JSON document instead of the table
//
// | case    | mock fault (tests/mock/README.md, Hostile faults)       | call                               | must end                      |
// |---------|---------------------------------------------------------|------------------------------------|-------------------------------|
// | list    | list queue: huge, 200 MB, Content-Length, JSON start    | listWebhooks()                     | decode                        |
// | error   | item queue: huge, status 500, 200 MB                    | deleteWebhook(id), retry: false    | server_error, body <= 64 KiB  |
// | endless | list queue: endless (chunked, never ends)               | listWebhooks()                     | decode (maxResponseBytes)     |
// | drip    | list queue: drip, one 11-byte piece every everyMs       | listWebhooks(), short timeoutMs    | timeout                       |
//
// The mock runs in its own process (bench/mock-process.mjs). Each case runs in a fresh
// `node --expose-gc` child (this file with --child): it imports the package, warms up with one
// ordinary request (undici, the wasm instance, the JIT), collects garbage, then resets the
// kernel's peak-RSS mark (bench/memory-probe.mjs) and makes the one hostile call. The peak is
// the kernel's VmHWM at the end minus the RSS at the reset: exact, no sampling gap. The mock's
// request record says how many body bytes it handed to the socket before the client let go.

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
const KIB = 1024;
/** What the contract allows on error.body. */
const ERROR_BODY_LIMIT = 64 * KIB;
/** maxResponseBytes by default. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * MB;
const API_KEY = "test-key";
const TARGET_ID = "wh_gen_000001"; // the DELETE the error case faults
const WARM_ID = "wh_gen_000002"; // an ordinary GET before the hostile call

/** The cases: the fault to queue, the call the child makes, the outcome it must reach. */
export function hostileCases({ bytes, dripEveryMs, dripTimeoutMs }) {
  return [
    { name: "list", what: `${bytes / 1e6} MB list body`, queue: { dialect: "generic", list: true, faults: [{ type: "huge", bytes }] }, call: "list", expect: "decode" },
    { name: "error", what: `${bytes / 1e6} MB error body (DELETE answered 500)`, queue: { dialect: "generic", id: TARGET_ID, faults: [{ type: "huge", status: 500, bytes }] }, call: "delete", expect: "server_error" },
    { name: "endless", what: "never-ending chunked list body", queue: { dialect: "generic", list: true, faults: [{ type: "endless" }] }, call: "list", expect: "decode" },
    { name: "drip", what: `list body dripping 11 B every ${dripEveryMs} ms, timeoutMs ${dripTimeoutMs}`, queue: { dialect: "generic", list: true, faults: [{ type: "drip", everyMs: dripEveryMs }] }, call: "list", expect: "timeout", timeoutMs: dripTimeoutMs },
  ];
}

export const HOSTILE_PARAMS = {
  full: { bytes: 200_000_000, dripEveryMs: 100, dripTimeoutMs: 1000 },
  quick: { bytes: 20_000_000, dripEveryMs: 50, dripTimeoutMs: 300 },
};

/**
 * Runs every case against one mock process (started here, or `mock` when given: a
 * bench/mock-process.mjs handle) and checks each outcome. Resolves to { params, cases: [...] }.
 */
export async function measureHostileBodies(params = HOSTILE_PARAMS.full, { mock = null, log = () => {} } = {}) {
  const { spawnMock } = await import("./mock-process.mjs");
  const own = mock === null;
  const api = own ? await spawnMock({ latencyMs: 0, generate: 10 }) : mock;
  const cases = [];
  try {
    for (const c of hostileCases(params)) {
      await api.reset({ generate: 10, record: true });
      await api.addFaults(c.queue);
      log(`hostile: ${c.what} -> ${c.call === "list" ? "listWebhooks" : "deleteWebhook"} in a fresh child`);
      const child = await runChild([c.call, api.baseUrl, String(c.timeoutMs ?? 30000)]);
      const seen = await api.requests();
      // The warm-up GET, then the hostile request.
      const hostile = seen.requests.filter((r) => r.fault !== null);
      if (hostile.length !== 1) throw new Error(`hostile ${c.name}: the mock served ${hostile.length} faulted request(s), expected 1`);
      const result = {
        ...c, queue: undefined,
        ...child,
        peakRssAboveBaselineMB: (child.peakRss - child.baselineRss) / MB,
        mockStatus: hostile[0].status,
        mockBytesSent: hostile[0].bytesSent,
        requestsSeen: seen.total,
      };
      check(result, params);
      cases.push(result);
    }
  } finally {
    if (own) await api.close();
  }
  return { params, errorBodyLimit: ERROR_BODY_LIMIT, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES, cases };
}

/** Fails loudly when a case did not end the documented way. */
function check(r, params) {
  const fail = (what) => {
    throw new Error(`hostile ${r.name} (${r.what}): ${what}`);
  };
  if (r.outcome !== r.expect) fail(`ended ${r.outcome} (${r.message}), expected ${r.expect}`);
  if (r.requestsSeen !== 2) fail(`the mock saw ${r.requestsSeen} requests, expected 2 (warm-up + one hostile call)`);
  if (r.name === "error") {
    if (r.status !== 500) fail(`error.status ${r.status}, expected 500`);
    if (!(r.errorBodyBytes <= ERROR_BODY_LIMIT)) fail(`error.body holds ${r.errorBodyBytes} bytes, more than ${ERROR_BODY_LIMIT}`);
  }
  // A client that read the whole body would have made the mock send all of it.
  if ((r.name === "list" || r.name === "error") && !(r.mockBytesSent < params.bytes)) fail(`the mock sent the whole ${params.bytes}-byte body`);
  if (!Number.isFinite(r.peakRssAboveBaselineMB)) fail("no peak RSS (is /proc/self/clear_refs writable?)");
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", SELF, "--child", ...args], { maxBuffer: 16 * MB, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`hostile child ${args[0]} failed (${error.code ?? error.signal}): ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The child: one hostile call in a fresh process
// ---------------------------------------------------------------------------------------------

async function child([call, baseUrl, timeoutText]) {
  const probe = await import("./memory-probe.mjs");
  const { WebhookClient } = await import("../pkg/node/webhook_delete.js");
  probe.stopProbing();
  const client = new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl, retry: false, timeoutMs: Number(timeoutText) });
  const warm = await client.getWebhook(WARM_ID);
  if (warm.id !== WARM_ID) throw new Error("warm-up GET failed");
  await probe.collect();
  const before = probe.sample();
  if (!probe.resetPeakRss()) throw new Error("cannot reset the peak RSS mark (/proc/self/clear_refs)");
  const baselineRss = probe.peakRss();
  const t0 = performance.now();
  let outcome = "resolved";
  let message = null;
  let status = null;
  let errorBodyBytes = null;
  let errorBodyType = null;
  try {
    if (call === "list") await client.listWebhooks();
    else await client.deleteWebhook(TARGET_ID);
  } catch (error) {
    outcome = error?.code ?? `not a WebhookError: ${error}`;
    message = String(error?.message ?? error);
    status = error?.status ?? null;
    errorBodyType = error?.body === null ? "null" : typeof error?.body;
    errorBodyBytes = error?.body == null ? 0 : Buffer.byteLength(typeof error.body === "string" ? error.body : JSON.stringify(error.body));
  }
  const ms = performance.now() - t0;
  const peakRss = probe.peakRss();
  const after = probe.sample();
  process.stdout.write(`${JSON.stringify({
    outcome, message, status, errorBodyType, errorBodyBytes, ms, baselineRss, peakRss,
    wasmGrowthMB: (after.wasm - before.wasm) / MB,
    heapUsedAfterMB: (after.heapUsed - before.heapUsed) / MB,
    auditEntries: client.audit.length,
  })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Alone: node bench/hostile-bodies.mjs [--quick] [--json]
// ---------------------------------------------------------------------------------------------

export function hostileTable(r) {
  const rows = [["case", "outcome", "peak RSS above baseline", "time", "body bytes the mock sent", "wasm growth"]];
  for (const c of r.cases) {
    const extra = c.name === "error" ? `, error.body ${(c.errorBodyBytes / KIB).toFixed(1)} KiB` : "";
    rows.push([c.what, `${c.outcome}${extra}`, `${c.peakRssAboveBaselineMB.toFixed(1)} MB`, `${c.ms.toFixed(0)} ms`, c.mockBytesSent < 1e5 ? `${c.mockBytesSent} B` : `${(c.mockBytesSent / MB).toFixed(1)} MiB`, `${c.wasmGrowthMB.toFixed(1)} MB`]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows.map((row) => row.map((cell, i) => String(cell).padEnd(widths[i])).join("  ")).join("\n");
}

const argv = process.argv.slice(2);
if (process.argv[1] === SELF) {
  if (argv[0] === "--child") {
    await child(argv.slice(1));
  } else {
    for (const a of argv) {
      if (!["--quick", "--json"].includes(a)) {
        process.stderr.write(`unknown argument ${a}\nusage: node bench/hostile-bodies.mjs [--quick] [--json]\n`);
        process.exit(2);
      }
    }
    const params = argv.includes("--quick") ? HOSTILE_PARAMS.quick : HOSTILE_PARAMS.full;
    const r = await measureHostileBodies(params, { log: (m) => process.stderr.write(`[hostile] ${m}\n`) });
    process.stdout.write(argv.includes("--json") ? `${JSON.stringify(r, null, 2)}\n` : `${hostileTable(r)}\n`);
  }
}
