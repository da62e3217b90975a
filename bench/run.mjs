#!/usr/bin/env node
// webhook-delete benchmarks. Every figure is measured in this one run, side by side with its
// reference (ideal schedule, plain-JS peer, Node's own floor), because the machine is shared and
// noisy: ratios measured together mean more than absolute times measured on different days.
//
//   node bench/run.mjs            full run (a few minutes)
//   node bench/run.mjs --quick    small N, well under a minute (what bench/bench.test.mjs runs)
//   add --json                    print one JSON document on stdout instead of the table
//   add --only 12[,11,...]        run only these sections (10 = 10a, 10b and 10c; 5 and 10b run together)
//   node bench/run.mjs --report FILE   print the table of a run saved with --json (runs nothing)
//
// The mock API always runs in its own process (bench/mock-process.mjs); start-up and memory
// samples run in fresh child processes (bench/child-startup.mjs, bench/child-memory.mjs). Exa's
// own SDK, exa-js, is measured against the Exa dialect (bench/exa-js-peer.mjs), and the bundle of
// a one-delete browser app is built with esbuild for both (bench/bundle-size.mjs). Hostile bodies
// (bench/hostile-bodies.mjs) and the CLI over a million ids (bench/cli-scale.mjs) run in fresh
// children too; the journal's cost, pacing and selection on Exa's delivery history are measured in
// this process against the mock.
// Progress goes to stderr. See bench/README.md for what each section measures.

import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { AuditLog, WebhookClient } from "../pkg/node/webhook_delete.js";
import { fileJournal, fileSink, readAuditFile } from "../pkg/node-sink.mjs";
import { measureBundles } from "./bundle-size.mjs";
import { measureCliScale } from "./cli-scale.mjs";
import { exaJsClient, exaJsDeleteMany, exaJsDeleteSequential } from "./exa-js-peer.mjs";
import { HOSTILE_PARAMS, measureHostileBodies } from "./hostile-bodies.mjs";
import { spawnMock } from "./mock-process.mjs";
import { genericHeaders, peerDeleteMany, rawDelete, seedSequential } from "./peers.mjs";

const argv = process.argv.slice(2);
const REPORT_FROM = argv[0] === "--report" && argv.length === 2 ? argv[1] : null;
/** The numbered sections of bench/README.md; `--only 10` means 10a, 10b and 10c. */
const SECTIONS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10a", "10b", "10c", "11", "12"];
const USAGE = "usage: node bench/run.mjs [--quick] [--json] [--only N[,N...]] | --report FILE\n";
let ONLY = null; // null: every section; else the set of sections to run
for (let i = 0; REPORT_FROM === null && i < argv.length; i++) {
  const a = argv[i];
  if (a === "--quick" || a === "--json") continue;
  if (a === "--only" && i + 1 < argv.length) {
    ONLY = new Set();
    for (const name of argv[++i].split(",").map((x) => x.trim().toLowerCase())) {
      const expanded = name === "10" ? ["10a", "10b", "10c"] : [name];
      for (const x of expanded) {
        if (!SECTIONS.includes(x)) {
          process.stderr.write(`unknown section ${name} (sections: ${SECTIONS.join(", ")}, 10)\n${USAGE}`);
          process.exit(2);
        }
        ONLY.add(x);
      }
    }
    continue;
  }
  process.stderr.write(`unknown argument ${a}\n${USAGE}`);
  process.exit(2);
}
const QUICK = argv.includes("--quick");
const JSON_OUT = argv.includes("--json");
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const API_KEY = "test-key";

const P = QUICK
  ? {
    bulkN: 200, bulkRounds: 1, seqN: 50, ohN: 300, ohRounds: 6, fakeN: 2000, fakeRounds: 4, startupRuns: 3, memN: 5000, auditN: 1000, faultN: 1000, exaN: 300, exaRounds: 6,
    hostile: HOSTILE_PARAMS.quick, cliN: 20_000, journalN: 300, journalRounds: 1, paceN: 40, selN: 100, selRounds: 1,
  }
  : {
    bulkN: 2000, bulkRounds: 3, seqN: 200, ohN: 5000, ohRounds: 10, fakeN: 20000, fakeRounds: 10, startupRuns: 15, memN: 100000, auditN: 20000, faultN: 10000, exaN: 5000, exaRounds: 10,
    hostile: HOSTILE_PARAMS.full, cliN: 1_000_000, journalN: 2000, journalRounds: 3, paceN: 200, selN: 1000, selRounds: 3,
  };
const BULK_LATENCY_MS = 20;
const CONCURRENCY = 16;
const FAULT_RATE = 0.3;
const FAULT_LATENCY_MS = 0;
const FAULT_RETRY = { maxRetries: 12, baseDelayMs: 5, maxDelayMs: 50 };
const PACE_RPS = 20;
/** Section 12: the client's default concurrency (ClientOptions.concurrency), and twice it. */
const SEL_CONCURRENCY = [8, 16];
const SEL_INACTIVE_DAYS = 30;
/** Exa's largest list page, which the library uses when it follows every page. */
const EXA_PAGE_SIZE = 200;
/** bulk-stream-iterable also runs with V8's old space capped at this (MB): what is left is what the run keeps alive. */
const CAPPED_OLD_SPACE_MB = 48;

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const ids = (from, count) => Array.from({ length: count }, (_, i) => `wh_gen_${String(from + i).padStart(6, "0")}`);
const client = (baseUrl, extra = {}) => new WebhookClient({ apiKey: API_KEY, provider: "generic", baseUrl, retry: false, ...extra });

/** Fails loudly when a run did not do what it should: a benchmark of broken work is no benchmark. */
function expectEqual(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what}: got ${actual}, expected ${expected}`);
}

// ---------------------------------------------------------------------------------------------
// 1. Bulk throughput
// ---------------------------------------------------------------------------------------------

async function benchBulk() {
  const n = P.bulkN;
  log(`bulk: ${n} deletes, mock latency ${BULK_LATENCY_MS} ms, concurrency ${CONCURRENCY}, ${P.bulkRounds} round(s)`);
  const mock = await spawnMock({ latencyMs: BULK_LATENCY_MS, generate: n });
  try {
    // Warm-up: the JIT, the wasm instance's first allocations, undici's connection pool.
    await mock.reset({ generate: 64 });
    await client(mock.baseUrl).deleteMany(ids(1, 32), { concurrency: CONCURRENCY });
    await peerDeleteMany(mock.baseUrl, API_KEY, ids(33, 32), CONCURRENCY);

    const lib = [];
    const peer = [];
    const seq = [];
    for (let r = 0; r < P.bulkRounds; r++) {
      const runs = [
        async () => {
          await mock.reset({ generate: n, record: true });
          const c = client(mock.baseUrl);
          const m = await measured(mock, () => c.deleteMany(ids(1, n), { concurrency: CONCURRENCY }));
          const stats = await mock.requests();
          expectEqual("bulk lib deleted", m.value.deleted, n);
          expectEqual("bulk lib audit entries", c.audit.length, n);
          expectEqual("bulk lib requests seen by the mock", stats.total, n);
          lib.push({ ...m, value: undefined, ...serverView(stats) });
        },
        async () => {
          await mock.reset({ generate: n, record: true });
          const m = await measured(mock, () => peerDeleteMany(mock.baseUrl, API_KEY, ids(1, n), CONCURRENCY));
          const stats = await mock.requests();
          expectEqual("bulk peer deleted", m.value.deleted, n);
          peer.push({ ...m, value: undefined, ...serverView(stats) });
        },
      ];
      if (r % 2) runs.reverse();
      for (const run of runs) await run();
      await mock.reset({ generate: P.seqN });
      const t0 = performance.now();
      const res = await seedSequential(mock.baseUrl, API_KEY, ids(1, P.seqN));
      seq.push(performance.now() - t0);
      expectEqual("sequential deleted", res.deleted, P.seqN);
      log(`  round ${r + 1}: lib ${lib.at(-1).ms.toFixed(0)} ms, peer ${peer.at(-1).ms.toFixed(0)} ms, sequential(${P.seqN}) ${seq.at(-1).toFixed(0)} ms`);
    }
    const maxInFlightLib = Math.max(...lib.map((x) => x.maxInFlight));
    if (maxInFlightLib > CONCURRENCY) throw new Error(`deleteMany had ${maxInFlightLib} requests in flight (> ${CONCURRENCY})`);
    const libMs = median(lib.map((x) => x.ms));
    const peerMs = median(peer.map((x) => x.ms));
    const seqMs = median(seq);
    const idealMs = (n * BULK_LATENCY_MS) / CONCURRENCY;
    const seqExtrapolatedMs = (seqMs * n) / P.seqN;
    const perRequest = (runs, k) => (median(runs.map((x) => x[k])) * 1000) / n;
    return {
      n, latencyMs: BULK_LATENCY_MS, concurrency: CONCURRENCY, rounds: P.bulkRounds,
      idealMs, libMs, peerMs, libRunsMs: lib.map((x) => x.ms), peerRunsMs: peer.map((x) => x.ms),
      sequentialN: P.seqN, sequentialMs: seqMs, sequentialExtrapolatedMs: seqExtrapolatedMs,
      maxInFlightLib, maxInFlightPeer: Math.max(...peer.map((x) => x.maxInFlight)),
      meanInFlightLib: median(lib.map((x) => x.meanInFlight)), meanInFlightPeer: median(peer.map((x) => x.meanInFlight)),
      serverSpanLibMs: median(lib.map((x) => x.spanMs)), serverSpanPeerMs: median(peer.map((x) => x.spanMs)),
      meanRequestMsLib: median(lib.map((x) => x.meanRequestMs)), meanRequestMsPeer: median(peer.map((x) => x.meanRequestMs)),
      clientCpuUsPerRequestLib: perRequest(lib, "clientCpuMs"), clientCpuUsPerRequestPeer: perRequest(peer, "clientCpuMs"),
      serverCpuUsPerRequestLib: perRequest(lib, "serverCpuMs"), serverCpuUsPerRequestPeer: perRequest(peer, "serverCpuMs"),
      deleted: n,
      ratioLibToIdeal: idealMs / libMs,
      ratioPeerToIdeal: idealMs / peerMs,
      ratioLibToPeer: peerMs / libMs,
      speedupVsSequential: seqExtrapolatedMs / libMs,
    };
  } finally {
    await mock.close();
  }
}

/** Runs fn, with its wall time and the CPU time this process and the mock process spent meanwhile. */
async function measured(mock, fn) {
  const cpu0 = process.cpuUsage();
  const server0 = mock.cpuMs();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const server1 = mock.cpuMs();
  return { value, ms, clientCpuMs: (cpu.user + cpu.system) / 1000, serverCpuMs: server0 === null || server1 === null ? NaN : server1 - server0 };
}

/** The server's view of a recorded run: how many DELETEs it had in flight on average, and for how long. */
function serverView(stats) {
  let first = Infinity;
  let last = -Infinity;
  let busy = 0;
  let count = 0;
  for (const r of stats.requests) {
    if (r.method !== "DELETE" || r.endedAt === null) continue;
    first = Math.min(first, r.startedAt);
    last = Math.max(last, r.endedAt);
    busy += r.endedAt - r.startedAt;
    count++;
  }
  const spanMs = last - first;
  return { maxInFlight: stats.maxInFlight, spanMs, meanInFlight: busy / spanMs, meanRequestMs: busy / count };
}

// ---------------------------------------------------------------------------------------------
// 2. Per-call overhead
// ---------------------------------------------------------------------------------------------

async function benchOverhead() {
  const n = P.ohN;
  const chunk = Math.ceil(n / P.ohRounds);
  const warm = 200;
  log(`overhead: ${n} sequential deletes each, zero-latency mock, ${P.ohRounds} alternating rounds of ${chunk}`);
  const mock = await spawnMock({ latencyMs: 0, generate: 2 * (n + warm) });
  try {
    const c = client(mock.baseUrl);
    const headers = genericHeaders(API_KEY);
    const libIds = ids(1, n + warm);
    const rawIds = ids(n + warm + 1, n + warm);
    const runLib = (list) =>
      measured(mock, async () => {
        for (const id of list) await c.deleteWebhook(id);
      });
    const runRaw = (list) =>
      measured(mock, async () => {
        for (const id of list) {
          const r = await rawDelete(mock.baseUrl, headers, id);
          if (r.status !== 200) throw new Error(`raw delete of ${id}: ${r.status}`);
        }
      });
    await runLib(libIds.slice(0, warm));
    await runRaw(rawIds.slice(0, warm));
    const lib = [];
    const raw = [];
    for (let r = 0; r < P.ohRounds; r++) {
      const a = warm + r * chunk;
      const b = Math.min(warm + n, a + chunk);
      if (r % 2 === 0) {
        lib.push(await runLib(libIds.slice(a, b)));
        raw.push(await runRaw(rawIds.slice(a, b)));
      } else {
        raw.push(await runRaw(rawIds.slice(a, b)));
        lib.push(await runLib(libIds.slice(a, b)));
      }
    }
    const stats = await mock.requests();
    expectEqual("overhead requests seen by the mock", stats.total, 2 * (n + warm));
    expectEqual("overhead 200 answers", stats.byStatus["200"], 2 * (n + warm));
    expectEqual("overhead audit entries", c.audit.length, n + warm);
    const total = (runs, k) => sum(runs.map((x) => x[k]));
    const us = (runs, k) => (total(runs, k) / n) * 1000;
    const perRound = lib.map((x, i) => x.ms / raw[i].ms);
    return {
      n, rounds: P.ohRounds, chunk, deleted: n, auditEntries: c.audit.length - warm,
      libMs: total(lib, "ms"), rawMs: total(raw, "ms"), libUsPerCall: us(lib, "ms"), rawUsPerCall: us(raw, "ms"),
      overheadUsPerCall: us(lib, "ms") - us(raw, "ms"),
      clientCpuUsPerCallLib: us(lib, "clientCpuMs"), clientCpuUsPerCallRaw: us(raw, "clientCpuMs"),
      serverCpuUsPerCallLib: us(lib, "serverCpuMs"), serverCpuUsPerCallRaw: us(raw, "serverCpuMs"),
      ratio: total(lib, "ms") / total(raw, "ms"), ratioPerRoundMin: Math.min(...perRound), ratioPerRoundMax: Math.max(...perRound),
    };
  } finally {
    await mock.close();
  }
}

/**
 * The client's own CPU cost per call, without any network: an injected fetch answers at once with
 * a prebuilt 200. The JS peer does what the global fetch does before it reaches the network
 * (construct a Request) plus text() and JSON.parse, so the difference is webhook-delete's work:
 * wasm boundary crossings, JSON decoding in Rust, validation, timers, the audit entry.
 */
async function benchInProcess() {
  const n = P.fakeN;
  const chunk = Math.ceil(n / P.fakeRounds);
  const body = JSON.stringify({
    id: "x", status: "deleted", message: "Webhook deleted successfully", deleted_at: "2026-01-01T00:00:00Z",
    final_statistics: { total_deliveries: 1250, total_failures: 3, success_rate: 99.76, last_delivery_at: "2026-01-01T00:00:00Z" },
  });
  const answer = () => new Response(body, { status: 200, headers: { "content-type": "application/json", "x-request-id": "req_1" } });
  const baseUrl = "http://127.0.0.1:9/generic"; // never contacted
  const fakeFetch = async () => answer();
  const c = client(baseUrl, { fetch: fakeFetch });
  const headers = genericHeaders(API_KEY);
  const runLib = async (list) => {
    const t0 = performance.now();
    for (const id of list) await c.deleteWebhook(id);
    return performance.now() - t0;
  };
  const runRaw = async (list) => {
    const t0 = performance.now();
    for (const id of list) {
      const r = await rawDelete(baseUrl, headers, id, async (url, init) => {
        new Request(url, init); // what the global fetch builds first
        return answer();
      });
      if (r.status !== 200) throw new Error("fake raw delete failed");
    }
    return performance.now() - t0;
  };
  log(`in-process overhead (injected fetch, no network): ${n} calls each, ${P.fakeRounds} alternating rounds`);
  await runLib(ids(1, 500));
  await runRaw(ids(1, 500));
  const lib = [];
  const raw = [];
  for (let r = 0; r < P.fakeRounds; r++) {
    const list = ids(1 + r * chunk, chunk);
    if (r % 2 === 0) {
      lib.push(await runLib(list));
      raw.push(await runRaw(list));
    } else {
      raw.push(await runRaw(list));
      lib.push(await runLib(list));
    }
  }
  const calls = chunk * P.fakeRounds;
  expectEqual("in-process audit entries", c.audit.length, calls + 500);
  const libUs = (sum(lib) / calls) * 1000;
  const rawUs = (sum(raw) / calls) * 1000;
  return { n: calls, libUsPerCall: libUs, rawUsPerCall: rawUs, overheadUsPerCall: libUs - rawUs, ratio: libUs / rawUs };
}

// ---------------------------------------------------------------------------------------------
// 3. Size
// ---------------------------------------------------------------------------------------------

/**
 * What a server sends for each build: every .wasm and .js file of pkg/web and pkg/node, gzipped
 * at level 9 one by one (typings excluded). The JavaScript is the wasm-bindgen glue; the build
 * has no other JS (the fetch transport is in the wasm).
 */
function benchSize() {
  const files = (dir) => {
    const out = [];
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) out.push(...files(path));
      else if (/\.(wasm|js|mjs|cjs)$/.test(name)) out.push(path);
    }
    return out;
  };
  const targets = {};
  for (const target of ["web", "node"]) {
    const dir = join(ROOT, "pkg", target);
    const parts = { wasm: { raw: 0, gzip: 0 }, glue: { raw: 0, gzip: 0 } };
    const list = [];
    for (const path of files(dir)) {
      const bytes = readFileSync(path);
      const kind = path.endsWith(".wasm") ? "wasm" : "glue";
      const gzip = gzipSync(bytes, { level: 9 }).length;
      parts[kind].raw += bytes.length;
      parts[kind].gzip += gzip;
      list.push({ file: path.slice(dir.length + 1), kind, raw: bytes.length, gzip });
    }
    if (parts.wasm.raw === 0 || parts.glue.raw === 0) throw new Error(`size: pkg/${target} has no ${parts.wasm.raw === 0 ? "wasm" : "JS glue"}`);
    const raw = parts.wasm.raw + parts.glue.raw;
    const gzip = parts.wasm.gzip + parts.glue.gzip;
    targets[target] = { ...parts, files: list, totalRaw: raw, totalGzip: gzip, totalGzipKB: gzip / 1024 };
  }
  return { budgetKB: 60, designCardBudgetKB: 100, ...targets };
}

// ---------------------------------------------------------------------------------------------
// 4. Start-up
// ---------------------------------------------------------------------------------------------

async function benchStartup() {
  const runs = P.startupRuns;
  log(`start-up: ${runs} fresh processes each of: node -e "", package import + first delete, raw fetch first delete`);
  const mock = await spawnMock({ latencyMs: 0, generate: 2 * runs + 10 });
  const child = fileURLToPath(new URL("./child-startup.mjs", import.meta.url));
  const wall = (args) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return { ms, out: r.stdout };
  };
  try {
    const bare = [];
    const libWall = [];
    const fetchWall = [];
    const lib = [];
    const raw = [];
    for (let i = 0; i < runs; i++) {
      bare.push(wall(["-e", ""]).ms);
      const l = wall([child, "lib", mock.baseUrl, ids(1 + i, 1)[0]]);
      const li = JSON.parse(l.out);
      expectEqual("start-up lib delete", li.status, "deleted");
      libWall.push(l.ms);
      lib.push(li);
      const f = wall([child, "fetch", mock.baseUrl, ids(1 + runs + i, 1)[0]]);
      const fi = JSON.parse(f.out);
      expectEqual("start-up fetch delete", fi.status, "deleted");
      fetchWall.push(f.ms);
      raw.push(fi);
    }
    const med = (xs, k) => median(xs.map((x) => x[k]));
    return {
      runs,
      bareNodeWallMs: median(bare),
      libWallMs: median(libWall),
      fetchWallMs: median(fetchWall),
      nodeStartToScriptMs: med(lib, "scriptStartMs"),
      importMs: med(lib, "importMs"),
      firstCallMs: med(lib, "firstCallMs"),
      importPlusFirstCallMs: med(lib, "sinceScriptMs"),
      rawFetchFirstCallMs: med(raw, "firstCallMs"),
      libSinceProcessStartMs: med(lib, "sinceProcessStartMs"),
      libOwnShareMs: med(lib, "sinceScriptMs") - med(raw, "firstCallMs"),
    };
  } finally {
    await mock.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Memory
// ---------------------------------------------------------------------------------------------

async function benchMemory() {
  const child = fileURLToPath(new URL("./child-memory.mjs", import.meta.url));
  // Asynchronous, so this process keeps serving its sockets while a child runs for a minute.
  const run = (args, nodeFlags = []) =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, ["--expose-gc", ...nodeFlags, child, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`child-memory ${args[0]} failed (${error.code ?? error.signal}): ${stderr}`));
        else resolve(JSON.parse(stdout));
      });
    });
  log(`memory: deleteMany of ${P.memN} ids (concurrency ${CONCURRENCY}, zero latency) in a child process`);
  const mock = await spawnMock({ latencyMs: 0, generate: P.memN + 1000 });
  try {
    const bulk = await run(["bulk", mock.baseUrl, String(P.memN), String(CONCURRENCY)]);
    expectEqual("memory bulk deleted", bulk.deleted, P.memN);
    expectEqual("memory bulk audit entries", bulk.auditLength, P.memN);
    log(`memory: the plain-JS peer doing the same ${P.memN} deletes (results kept), for reference`);
    await mock.reset({ generate: P.memN + 1000 });
    const peer = await run(["bulk-peer", mock.baseUrl, String(P.memN), String(CONCURRENCY)]);
    expectEqual("memory peer deleted", peer.deleted, P.memN);
    log(`memory: audit log of ${P.auditN} deletes in a child process`);
    await mock.reset({ generate: P.auditN + 1000 });
    const audit = await run(["audit", mock.baseUrl, String(P.auditN)]);
    expectEqual("memory audit deleted", audit.deleted, P.auditN);
    expectEqual("memory audit entries", audit.auditLength, P.auditN);
    // The same job as `bulk` with keepResults: false (section 10b), then what its peak is made
    // of: the same with the ids streamed, then with V8's old space capped as well (the heap
    // garbage V8 would let pile up before collecting). A keepResults: false run keeps no audit
    // entries in memory (the client's AuditLog has no sink here), so every variant holds none.
    const stream = {};
    for (const [key, task, flags, auditLength] of [
      ["plain", "bulk-stream", [], 0],
      ["iterable", "bulk-stream-iterable", [], 0],
      ["iterableCappedHeap", "bulk-stream-iterable", [`--max-old-space-size=${CAPPED_OLD_SPACE_MB}`], 0],
    ]) {
      log(`memory: deleteMany of ${P.memN} ids with keepResults: false (${task}${flags.length ? ` ${flags.join(" ")}` : ""})`);
      await mock.reset({ generate: P.memN + 1000 });
      const r = await run([task, mock.baseUrl, String(P.memN), String(CONCURRENCY)], flags);
      expectEqual(`memory ${key} deleted`, r.deleted, P.memN);
      expectEqual(`memory ${key} results kept (keepResults: false keeps failed ids only)`, r.resultsLength, 0);
      expectEqual(`memory ${key} audit entries in memory`, r.auditLength, auditLength);
      stream[key] = { ...r, nodeFlags: flags };
    }
    return { bulk, peer, audit, stream, cappedOldSpaceMB: CAPPED_OLD_SPACE_MB };
  } finally {
    await mock.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 6. Under faults
// ---------------------------------------------------------------------------------------------

async function benchFaults() {
  const n = P.faultN;
  log(`faults: ${n} deletes, faultRate ${FAULT_RATE} (random 503s), retry ${JSON.stringify(FAULT_RETRY)}, concurrency ${CONCURRENCY}`);
  const mock = await spawnMock({ latencyMs: FAULT_LATENCY_MS, faultRate: FAULT_RATE, generate: n });
  try {
    const c = client(mock.baseUrl, { retry: FAULT_RETRY });
    const t0 = performance.now();
    const res = await c.deleteMany(ids(1, n), { concurrency: CONCURRENCY });
    const ms = performance.now() - t0;
    const stats = await mock.requests();
    let attempts = 0;
    let retried = 0;
    let maxAttempts = 0;
    let alreadyDeleted = 0;
    for (const item of res.results) {
      const a = item.result?.attempts ?? 0;
      attempts += a;
      if (a > 1) retried++;
      if (a > maxAttempts) maxAttempts = a;
      if (item.result?.alreadyDeleted) alreadyDeleted++;
    }
    const failedCodes = {};
    for (const item of res.results) if (item.error) failedCodes[item.error.code] = (failedCodes[item.error.code] ?? 0) + 1;
    return {
      n, faultRate: FAULT_RATE, latencyMs: FAULT_LATENCY_MS, retry: FAULT_RETRY, concurrency: CONCURRENCY, ms,
      deleted: res.deleted, failed: res.failed, notFound: res.notFound, skipped: res.skipped, failedCodes,
      auditEntries: c.audit.length,
      requestsSeen: stats.total, expectedRequests: n / (1 - FAULT_RATE),
      status200: stats.byStatus["200"] ?? 0, status503: stats.byStatus["503"] ?? 0,
      attemptsReported: attempts, retriedIds: retried, maxAttempts, alreadyDeleted,
      maxInFlight: stats.maxInFlight,
    };
  } finally {
    await mock.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Per call against exa-js
// ---------------------------------------------------------------------------------------------

/**
 * Sequential deletes on the Exa dialect of one zero-latency mock: webhook-delete's deleteWebhook
 * (provider "exa", retry off: exa-js never retries) against exa-js's websets.webhooks.delete,
 * interleaved in alternating chunks like the per-call overhead above. exa-js reaches the mock at
 * `${url}/exa/websets/v0/webhooks/{id}` (it adds /websets to its base URL); webhook-delete at
 * `${url}/exa/v0/webhooks/{id}`, its documented Exa base URL being the Websets root.
 */
async function benchExaJs() {
  const n = P.exaN;
  const chunk = Math.ceil(n / P.exaRounds);
  const warm = 200; // half sequential, half through each side's bulk path
  const exaIds = (side, count) => Array.from({ length: count }, (_, i) => `wh_exa_${side}_${String(i + 1).padStart(6, "0")}`);
  log(`vs exa-js: ${n} sequential deletes each on the Exa dialect, zero-latency mock, ${P.exaRounds} alternating rounds of ${chunk}`);
  const mock = await spawnMock({ latencyMs: 0 });
  try {
    const baseUrl = `${mock.url}/exa`;
    const exa = exaJsClient(API_KEY, baseUrl);
    try {
      await exa.websets.webhooks.list({ limit: 1 });
    } catch (error) {
      throw new Error(`exa-js cannot reach the mock's Exa dialect at ${baseUrl}/websets/v0/webhooks (${error?.statusCode ?? ""} ${error?.message ?? error}); the mock must serve Exa's routes under /exa/websets as well as /exa`);
    }
    const libIds = exaIds("lib", n + warm);
    const peerIds = exaIds("exajs", n + warm);
    await mock.reset();
    await mock.addWebhooks("exa", [...libIds, ...peerIds].map((id) => ({ id })));
    const c = new WebhookClient({ apiKey: API_KEY, baseUrl, retry: false });
    const runLib = (list) =>
      measured(mock, async () => {
        let deleted = 0;
        for (const id of list) if ((await c.deleteWebhook(id)).id === id) deleted++;
        return deleted;
      });
    const runExa = (list) => measured(mock, () => exaJsDeleteSequential(exa, list).then((r) => r.deleted));
    const half = warm / 2;
    await runLib(libIds.slice(0, half));
    await runExa(peerIds.slice(0, half));
    const libBulk = await c.deleteMany(libIds.slice(half, warm), { concurrency: CONCURRENCY });
    const exaBulk = await exaJsDeleteMany(exa, peerIds.slice(half, warm), CONCURRENCY);
    expectEqual("exa-js warm-up bulk deleted (lib)", libBulk.deleted, half);
    expectEqual("exa-js warm-up bulk deleted (exa-js pool)", exaBulk.deleted, half);
    const lib = [];
    const peer = [];
    for (let r = 0; r < P.exaRounds; r++) {
      const a = warm + r * chunk;
      const b = Math.min(warm + n, a + chunk);
      if (r % 2 === 0) {
        lib.push(await runLib(libIds.slice(a, b)));
        peer.push(await runExa(peerIds.slice(a, b)));
      } else {
        peer.push(await runExa(peerIds.slice(a, b)));
        lib.push(await runLib(libIds.slice(a, b)));
      }
    }
    const stats = await mock.requests();
    const deletedLib = sum(lib.map((x) => x.value));
    const deletedExaJs = sum(peer.map((x) => x.value));
    expectEqual("vs exa-js: deleted by webhook-delete", deletedLib, n);
    expectEqual("vs exa-js: deleted by exa-js", deletedExaJs, n);
    expectEqual("vs exa-js: DELETEs seen by the mock", stats.byMethod.DELETE, 2 * (n + warm));
    expectEqual("vs exa-js: 200 answers", stats.byStatus["200"], 2 * (n + warm));
    expectEqual("vs exa-js: audit entries", c.audit.length, n + warm);
    const total = (runs, k) => sum(runs.map((x) => x[k]));
    const us = (runs, k) => (total(runs, k) / n) * 1000;
    const perRound = lib.map((x, i) => x.ms / peer[i].ms);
    return {
      n, rounds: P.exaRounds, chunk, exaJsVersion: exaJsVersion(),
      deleted: deletedLib, deletedExaJs, auditEntries: c.audit.length - warm,
      libMs: total(lib, "ms"), exaJsMs: total(peer, "ms"),
      libUsPerCall: us(lib, "ms"), exaJsUsPerCall: us(peer, "ms"), differenceUsPerCall: us(lib, "ms") - us(peer, "ms"),
      clientCpuUsPerCallLib: us(lib, "clientCpuMs"), clientCpuUsPerCallExaJs: us(peer, "clientCpuMs"),
      serverCpuUsPerCallLib: us(lib, "serverCpuMs"), serverCpuUsPerCallExaJs: us(peer, "serverCpuMs"),
      ratio: total(lib, "ms") / total(peer, "ms"), ratioPerRoundMin: Math.min(...perRound), ratioPerRoundMax: Math.max(...perRound),
    };
  } finally {
    await mock.close();
  }
}

function exaJsVersion() {
  return JSON.parse(readFileSync(join(ROOT, "node_modules", "exa-js", "package.json"), "utf8")).version;
}

// ---------------------------------------------------------------------------------------------
// 8. Bundle size against exa-js
// ---------------------------------------------------------------------------------------------

async function benchBundle() {
  log("bundle: a one-delete browser app built with esbuild on exa-js and on webhook-delete's web build");
  const r = await measureBundles();
  const lib = r.apps["webhook-delete"];
  const peer = r.apps["exa-js"];
  expectEqual("bundle: webhook-delete ships its wasm", lib.files.filter((f) => f.kind === "wasm").length, 1);
  expectEqual("bundle: exa-js app is JavaScript only", peer.wasm.raw, 0);
  if (!lib.composition.some((c) => c.package.startsWith("webhook-delete"))) throw new Error("bundle: webhook-delete's glue is not in its bundle");
  if (!peer.composition.some((c) => c.package === "exa-js")) throw new Error("bundle: exa-js is not in its bundle");
  return r;
}

// ---------------------------------------------------------------------------------------------
// 9. Hostile bodies
// ---------------------------------------------------------------------------------------------

/** Peak RSS of a fresh child while the library meets huge, endless and dripping bodies (bench/hostile-bodies.mjs). */
async function benchHostile() {
  const r = await measureHostileBodies(P.hostile, { log });
  expectEqual("hostile: cases run", r.cases.length, 4);
  return r;
}

// ---------------------------------------------------------------------------------------------
// 10. Scale: the CLI over a million ids; the journal's cost
// ---------------------------------------------------------------------------------------------

/** (a) The CLI's streamed delete as a child process (bench/cli-scale.mjs checks every id). */
async function benchCliScale() {
  return measureCliScale(P.cliN, { log });
}

/**
 * (c) What the journal costs: the same deleteMany (20 ms mock latency, concurrency 16) with and
 * without `journal: fileJournal(path)`, both with an fsync'd fileSink audit log. A run is timed
 * until its audit entries are all on disk (deleteMany, then flush and close of the sink). The
 * order alternates over rounds; the median of each side is reported.
 */
async function benchJournal() {
  const n = P.journalN;
  log(`journal: ${n} deletes, ${BULK_LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, fsync'd audit file, with and without fileJournal, ${P.journalRounds} round(s)`);
  const mock = await spawnMock({ latencyMs: BULK_LATENCY_MS, generate: n });
  const dir = mkdtempSync(join(os.tmpdir(), "webhook-delete-journal-"));
  let runNo = 0;
  const once = async (count, withJournal) => {
    await mock.reset({ generate: count });
    runNo++;
    const auditPath = join(dir, `audit-${runNo}.jsonl`);
    const journalPath = join(dir, `journal-${runNo}.jsonl`);
    const sink = fileSink(auditPath, { fsync: true });
    const c = client(mock.baseUrl, { audit: new AuditLog({ sink }) });
    const t0 = performance.now();
    const res = await c.deleteMany(ids(1, count), { concurrency: CONCURRENCY, ...(withJournal && { journal: fileJournal(journalPath) }) });
    const bulkMs = performance.now() - t0;
    const pending = await c.audit.flush();
    await sink.close();
    const ms = performance.now() - t0;
    const what = `journal ${withJournal ? "on" : "off"}`;
    expectEqual(`${what}: deleted`, res.deleted, count);
    expectEqual(`${what}: audit entries left pending`, pending, 0);
    const entries = await readAuditFile(auditPath);
    expectEqual(`${what}: deleted entries in the audit file`, entries.filter((e) => e.outcome === "deleted").length, count);
    expectEqual(`${what}: DELETEs the mock saw`, (await mock.requests()).byMethod.DELETE, count);
    let journal = null;
    if (withJournal) journal = journalCounts(readFileSync(journalPath, "utf8"));
    if (withJournal) {
      expectEqual(`${what}: ids started in the journal`, journal.started, count);
      expectEqual(`${what}: ids ended in the journal`, journal.ended, count);
    }
    return { ms, bulkMs, journalBytes: withJournal ? statSync(journalPath).size : 0, journalLines: journal?.lines ?? 0 };
  };
  try {
    await once(64, false); // warm-up: JIT, connection pool, file system
    await once(64, true);
    const off = [];
    const on = [];
    for (let r = 0; r < P.journalRounds; r++) {
      const order = r % 2 ? [true, false] : [false, true];
      for (const withJournal of order) (withJournal ? on : off).push(await once(n, withJournal));
      log(`  round ${r + 1}: without ${off.at(-1).ms.toFixed(0)} ms, with journal ${on.at(-1).ms.toFixed(0)} ms`);
    }
    const offMs = median(off.map((x) => x.ms));
    const onMs = median(on.map((x) => x.ms));
    return {
      n, latencyMs: BULK_LATENCY_MS, concurrency: CONCURRENCY, rounds: P.journalRounds, deleted: n,
      withoutMs: offMs, withMs: onMs, withoutRunsMs: off.map((x) => x.ms), withRunsMs: on.map((x) => x.ms),
      idealMs: (n * BULK_LATENCY_MS) / CONCURRENCY,
      journalBytes: on.at(-1).journalBytes, journalLines: on.at(-1).journalLines,
      ratio: offMs / onMs, // throughput with / without
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await mock.close();
  }
}

/** Distinct ids a journal's `start` and `end` records name, and its line count. */
function journalCounts(text) {
  const started = new Set();
  const ended = new Set();
  let lines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    lines++;
    const record = JSON.parse(line);
    for (const id of record.start ?? []) started.add(id);
    for (const [id] of record.end ?? []) ended.add(id);
  }
  return { lines, started: started.size, ended: ended.size };
}

// ---------------------------------------------------------------------------------------------
// 11. Pacing
// ---------------------------------------------------------------------------------------------

/**
 * deleteMany with maxRequestsPerSecond against the mock (20 ms latency, concurrency 16). From the
 * mock's request log (arrival times, ms): the most requests in any one-second window, and the
 * spacing. The duration is compared with the ideal n / rate.
 */
async function benchPacing() {
  const n = P.paceN;
  log(`pacing: ${n} deletes with maxRequestsPerSecond ${PACE_RPS}, ${BULK_LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (ideal ${n / PACE_RPS} s)`);
  const mock = await spawnMock({ latencyMs: BULK_LATENCY_MS, generate: n });
  try {
    await mock.reset({ generate: n, record: true });
    const c = client(mock.baseUrl, { maxRequestsPerSecond: PACE_RPS });
    const t0 = performance.now();
    const res = await c.deleteMany(ids(1, n), { concurrency: CONCURRENCY });
    const ms = performance.now() - t0;
    const stats = await mock.requests();
    expectEqual("pacing: deleted", res.deleted, n);
    expectEqual("pacing: audit entries", c.audit.length, n);
    expectEqual("pacing: requests the mock saw", stats.total, n);
    const arrivals = stats.requests.filter((r) => r.method === "DELETE").map((r) => r.startedAt).sort((a, b) => a - b);
    expectEqual("pacing: DELETEs in the request log", arrivals.length, n);
    let maxInWindow = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while (arrivals[j] <= arrivals[i] - 1000) j++;
      maxInWindow = Math.max(maxInWindow, i - j + 1);
    }
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
    const idealMs = (n / PACE_RPS) * 1000;
    return {
      n, rps: PACE_RPS, latencyMs: BULK_LATENCY_MS, concurrency: CONCURRENCY, deleted: res.deleted,
      ms, idealMs, ratioIdealToMeasured: idealMs / ms,
      maxInWindow, spanMs: arrivals.at(-1) - arrivals[0],
      meanGapMs: (arrivals.at(-1) - arrivals[0]) / (n - 1), minGapMs: Math.min(...gaps),
      maxInFlight: stats.maxInFlight,
    };
  } finally {
    await mock.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 12. Selection on Exa's delivery history
// ---------------------------------------------------------------------------------------------

/**
 * n Exa webhooks, in five kinds by position (i % 5), placed relative to `nowMs`:
 *   0  status inactive (every other one with a delivery yesterday): selected on its fields alone
 *   1  active, attempts 40 and 2 days ago: its newest is recent, not selected
 *   2  active, attempts 60 and 45 days ago: selected
 *   3  active, no attempts, created 90 days ago: selected
 *   4  active, no attempts, created 5 days ago: not selected
 * With a 30-day cutoff only status decides without the history, so the active ones (kinds 1-4)
 * are exactly the webhooks whose newest attempt must be read.
 */
function selectionSeed(n, nowMs) {
  const ago = (days) => new Date(nowMs - days * 86_400_000).toISOString();
  const webhooks = [];
  const attempts = [];
  const active = [];
  const selected = [];
  for (let i = 0; i < n; i++) {
    const id = `wh_sel_${String(i + 1).padStart(5, "0")}`;
    const kind = i % 5;
    const created = kind === 3 ? 90 : kind === 4 ? 5 : 120;
    webhooks.push({ id, status: kind === 0 ? "inactive" : "active", createdAt: ago(created), url: `https://hooks.example.com/sel/${i + 1}` });
    if (kind === 0 && i % 10 === 0) attempts.push([id, [{ attemptedAt: ago(1) }]]);
    if (kind === 1) attempts.push([id, [{ attemptedAt: ago(40), successful: false }, { attemptedAt: ago(2) }]]);
    if (kind === 2) attempts.push([id, [{ attemptedAt: ago(60) }, { attemptedAt: ago(45) }]]);
    if (kind !== 0) active.push(id);
    if (kind === 0 || kind === 2 || kind === 3) selected.push(id);
  }
  return { webhooks, attempts, active, selected };
}

/** Checks one run against the seed from the mock's request log; returns the log's figures. */
function checkSelectionRun(what, stats, seed, selectedIds, concurrency, expectedPages) {
  const list = stats.requests.filter((r) => r.route === "list");
  const reads = stats.requests.filter((r) => r.route === "attempts");
  expectEqual(`${what}: list requests (pages of ${EXA_PAGE_SIZE})`, list.length, expectedPages);
  expectEqual(`${what}: attempts requests (one per active webhook)`, reads.length, seed.active.length);
  expectEqual(`${what}: requests the mock saw (list + attempts, nothing else)`, stats.total, list.length + reads.length);
  for (const r of [...list, ...reads]) {
    if (r.method !== "GET" || r.status !== 200) throw new Error(`${what}: ${r.method} ${r.path} answered ${r.status}`);
  }
  const readIds = new Set(reads.map((r) => r.id));
  expectEqual(`${what}: distinct webhooks whose attempts were read`, readIds.size, seed.active.length);
  for (const id of seed.active) if (!readIds.has(id)) throw new Error(`${what}: the attempts of active ${id} were not read`);
  expectEqual(`${what}: selected`, selectedIds.length, seed.selected.length);
  const chosen = new Set(selectedIds);
  for (const id of seed.selected) if (!chosen.has(id)) throw new Error(`${what}: ${id} should be selected`);
  if (stats.maxInFlight > concurrency) throw new Error(`${what}: ${stats.maxInFlight} requests in flight (> ${concurrency})`);
  const lastListEnd = Math.max(...list.map((r) => r.endedAt));
  const firstRead = Math.min(...reads.map((r) => r.startedAt));
  const lastRead = Math.max(...reads.map((r) => r.endedAt));
  const busy = sum(reads.map((r) => r.endedAt - r.startedAt));
  return {
    listRequests: list.length, attemptsRequests: reads.length, selectedCount: selectedIds.length,
    maxInFlight: stats.maxInFlight,
    listSpanMs: lastListEnd - Math.min(...list.map((r) => r.startedAt)),
    readsSpanMs: lastRead - firstRead,
    meanReadsInFlight: busy / (lastRead - firstRead),
    meanReadMs: busy / reads.length,
    readQuery: reads[0].path.slice(reads[0].path.indexOf("?")),
  };
}

/**
 * deleteInactive({ inactiveDays: 30, dryRun: true }) and selectWebhooks({ inactiveDays: 30 }) on
 * the Exa dialect (20 ms mock latency) at the client's default concurrency (8) and at 16. The
 * list is read page by page, then the newest attempt of every webhook its fields leave undecided,
 * `concurrency` at a time: ideal = pages × latency + ceil(reads / concurrency) × latency.
 */
async function benchSelection() {
  const n = P.selN;
  const pages = Math.max(1, Math.ceil(n / EXA_PAGE_SIZE));
  log(`selection: ${n} Exa webhooks, ${BULK_LATENCY_MS} ms latency, deleteInactive dry run and selectWebhooks, inactiveDays ${SEL_INACTIVE_DAYS}, concurrency ${SEL_CONCURRENCY.join(" and ")}, ${P.selRounds} round(s)`);
  const mock = await spawnMock({ latencyMs: BULK_LATENCY_MS });
  try {
    await mock.reset({ record: true });
    const seed = selectionSeed(n, Date.now());
    await mock.addWebhooks("exa", seed.webhooks);
    for (let i = 0; i < seed.attempts.length; i += 16) {
      await Promise.all(seed.attempts.slice(i, i + 16).map(([id, list]) => mock.addAttempts(id, list)));
    }
    expectEqual("selection: webhooks seeded", await mock.webhookCount("exa"), n);
    const baseUrl = `${mock.url}/exa`;
    // Concurrency 8 is the client's default: that run passes none, the other passes 16.
    const call = (method, concurrency) => {
      const c = new WebhookClient({ apiKey: API_KEY, provider: "exa", baseUrl, retry: false });
      const options = concurrency === 8 ? {} : { concurrency };
      return method === "deleteInactive"
        ? c.deleteInactive({ inactiveDays: SEL_INACTIVE_DAYS, dryRun: true, ...options }).then((r) => {
          if (r.result !== null) throw new Error("selection: a dry run returned a bulk result");
          return r.candidates.map((w) => w.id);
        })
        : c.selectWebhooks({ inactiveDays: SEL_INACTIVE_DAYS }, options).then((r) => r.map((s) => s.webhook.id));
    };
    // Warm-up (JIT, wasm, 16 pooled connections), checked like the timed runs.
    await mock.clearRequests();
    const warm = await call("selectWebhooks", 16);
    checkSelectionRun("selection warm-up", await mock.requests(), seed, warm, 16, pages);

    const variants = ["deleteInactive", "selectWebhooks"].flatMap((method) => SEL_CONCURRENCY.map((concurrency) => ({ method, concurrency, runs: [] })));
    for (let r = 0; r < P.selRounds; r++) {
      const order = r % 2 ? [...variants].reverse() : variants;
      for (const v of order) {
        await mock.clearRequests();
        const m = await measured(mock, () => call(v.method, v.concurrency));
        const view = checkSelectionRun(`selection ${v.method} c=${v.concurrency}`, await mock.requests(), seed, m.value, v.concurrency, pages);
        v.runs.push({ ms: m.ms, clientCpuMs: m.clientCpuMs, serverCpuMs: m.serverCpuMs, ...view });
      }
      log(`  round ${r + 1}: ${variants.map((v) => `${v.method} c=${v.concurrency} ${v.runs.at(-1).ms.toFixed(0)} ms`).join(", ")}`);
    }
    const requests = pages + seed.active.length;
    const results = {};
    for (const v of variants) {
      const med = (k) => median(v.runs.map((x) => x[k]));
      const idealMs = (pages + Math.ceil(seed.active.length / v.concurrency)) * BULK_LATENCY_MS;
      const ms = med("ms");
      results[`${v.method}C${v.concurrency}`] = {
        method: v.method, concurrency: v.concurrency, ms, runsMs: v.runs.map((x) => x.ms), idealMs, ratio: idealMs / ms,
        // What the mock's log and the answer held in each run (each already checked against the seed).
        countsPerRun: v.runs.map((x) => ({ listRequests: x.listRequests, attemptsRequests: x.attemptsRequests, selected: x.selectedCount })),
        maxInFlight: Math.max(...v.runs.map((x) => x.maxInFlight)), listSpanMs: med("listSpanMs"), readsSpanMs: med("readsSpanMs"),
        meanReadsInFlight: med("meanReadsInFlight"), meanReadMs: med("meanReadMs"),
        clientCpuUsPerRequest: (med("clientCpuMs") * 1000) / requests, serverCpuUsPerRequest: (med("serverCpuMs") * 1000) / requests,
      };
    }
    return {
      n, latencyMs: BULK_LATENCY_MS, inactiveDays: SEL_INACTIVE_DAYS, rounds: P.selRounds, pageSize: EXA_PAGE_SIZE,
      pages, inactiveByStatus: n - seed.active.length, attemptReads: seed.active.length, selected: seed.selected.length,
      seededAttempts: sum(seed.attempts.map(([, list]) => list.length)), readQuery: variants[0].runs[0].readQuery,
      ...results,
    };
  } finally {
    await mock.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/**
 * Figures of the build before the design-card crates (bench/README.md, "Latest figures" of
 * 2026-11-22 and, for sections 7 and 8, 2026-11-24 07:07 UTC): the "before" column.
 */
const BEFORE = {
  bulkIdeal: 0.903, bulkPeer: 0.959, perCall: 1.34, inProcess: 2.7, sizeWebKB: 78.4, sizeNodeKB: 77.7,
  startupMs: 71.7, memoryMB: 159, faults: "10000/10000", exaJs: 1.36, bundle: 2.35,
};

/**
 * Every target, with the issue that set it and the figure before. `met` is only ever reported:
 * the run fails on work not done, never on a missed target.
 */
function targets(r) {
  const KB = (b) => b / 1024;
  const hostile = (c) => ({
    issue: "hardening", name: `hostile ${c.name} body -> ${c.expect}: peak RSS above baseline, MB`,
    value: c.peakRssAboveBaselineMB, target: "<= 64", met: c.peakRssAboveBaselineMB <= 64 && c.outcome === c.expect, before: null,
  });
  const out = [];
  // A run with --only has some sections only: each group is listed when its section ran.
  const add = (section, rows) => {
    if (section) out.push(...rows());
  };
  add(r.bulk, () => [
    { issue: "12", name: "bulk: ideal / measured", value: r.bulk.ratioLibToIdeal, target: ">= 0.95", met: r.bulk.ratioLibToIdeal >= 0.95, before: BEFORE.bulkIdeal },
    { issue: "12", name: "bulk: peer / measured", value: r.bulk.ratioLibToPeer, target: ">= 0.95", met: r.bulk.ratioLibToPeer >= 0.95, before: BEFORE.bulkPeer },
  ]);
  add(r.overhead, () => [
    { issue: "12, design-card", name: "per call over loopback: lib / raw fetch", value: r.overhead.ratio, target: "<= 1.10", met: r.overhead.ratio <= 1.1, before: BEFORE.perCall },
    { issue: "design-card", name: "per call in-process (injected fetch): lib / JS peer", value: r.inProcess.ratio, target: "<= 2.00", met: r.inProcess.ratio <= 2, before: BEFORE.inProcess },
  ]);
  add(r.size, () => [
    { issue: "12", name: "size gz (web), KB", value: KB(r.size.web.totalGzip), target: "<= 60", met: KB(r.size.web.totalGzip) <= 60, before: BEFORE.sizeWebKB },
    { issue: "design-card", name: "size gz (web), KB", value: KB(r.size.web.totalGzip), target: "<= 100", met: KB(r.size.web.totalGzip) <= 100, before: BEFORE.sizeWebKB },
    { issue: "12", name: "size gz (node), KB", value: KB(r.size.node.totalGzip), target: "<= 60", met: KB(r.size.node.totalGzip) <= 60, before: BEFORE.sizeNodeKB },
  ]);
  add(r.startup, () => [
    { issue: "12, design-card", name: "start-up: cold import + first call, ms", value: r.startup.importPlusFirstCallMs, target: "<= 50", met: r.startup.importPlusFirstCallMs <= 50, before: BEFORE.startupMs },
  ]);
  add(r.memory, () => [
    { issue: "12", name: `memory: deleteMany ${r.memory.bulk.n} ids, peak RSS above baseline, MB`, value: r.memory.bulk.peakRssAboveBaselineMB, target: "<= 64", met: r.memory.bulk.peakRssAboveBaselineMB <= 64, before: BEFORE.memoryMB },
  ]);
  add(r.faults, () => [
    { issue: "12", name: "faults: all deleted + audited", value: `${r.faults.deleted}/${r.faults.auditEntries}`, target: `${r.faults.n}/${r.faults.n}`, met: r.faults.deleted === r.faults.n && r.faults.auditEntries === r.faults.n, before: BEFORE.faults },
  ]);
  add(r.exaJs, () => [
    { issue: "design-card", name: "per call: lib / exa-js", value: r.exaJs.ratio, target: "<= 1.00", met: r.exaJs.ratio <= 1, before: BEFORE.exaJs },
  ]);
  add(r.bundle, () => [
    { issue: "design-card", name: "bundle gz: lib / exa-js", value: r.bundle.ratioGzip, target: "<= 1.00", met: r.bundle.ratioGzip <= 1, before: BEFORE.bundle },
  ]);
  add(r.hostile, () => {
    const h = Object.fromEntries(r.hostile.cases.map((c) => [c.name, c]));
    return [
      hostile(h.list), hostile(h.error), hostile(h.endless), hostile(h.drip),
      { issue: "hardening", name: "hostile error body: error.body kept, KiB", value: h.error.errorBodyBytes / 1024, target: "<= 64", met: h.error.errorBodyBytes <= 64 * 1024, before: null },
    ];
  });
  add(r.cliScale, () => {
    const cli = r.cliScale;
    return [
      { issue: "scale", name: `CLI delete --ids-file, ${cli.n} ids: peak RSS above baseline, MB`, value: cli.peakRssAboveBaselineMB, target: "<= 64", met: cli.peakRssAboveBaselineMB <= 64, before: null },
      { issue: "scale", name: `CLI delete --ids-file, ${cli.n} ids: deleted + audited`, value: `${cli.run.deleted}/${cli.run.auditLines}`, target: `${cli.n}/${cli.n}`, met: cli.run.deleted === cli.n && cli.run.auditLines === cli.n, before: null },
    ];
  });
  add(r.memory, () => {
    const st = r.memory.stream.plain;
    return [
      { issue: "scale", name: `deleteMany ${st.n} ids, keepResults: false: peak RSS above baseline, MB`, value: st.peakRssAboveBaselineMB, target: "<= 32", met: st.peakRssAboveBaselineMB <= 32, before: null },
    ];
  });
  add(r.journal, () => [
    { issue: "scale", name: "journal: throughput with / without", value: r.journal.ratio, target: ">= 0.95", met: r.journal.ratio >= 0.95, before: null },
  ]);
  add(r.pacing, () => [
    { issue: "pacing", name: `pacing ${r.pacing.rps}/s: most DELETEs in any 1 s window`, value: r.pacing.maxInWindow, target: `<= ${r.pacing.rps}`, met: r.pacing.maxInWindow <= r.pacing.rps, before: null },
  ]);
  add(r.selection, () => SEL_CONCURRENCY.map((c) => {
    const x = r.selection[`deleteInactiveC${c}`];
    return {
      issue: "14", name: `deleteInactive dry run, ${r.selection.n} Exa webhooks, ${r.selection.latencyMs} ms, c=${c}: ideal / measured`,
      value: x.ratio, target: ">= 0.90", met: x.ratio >= 0.9, before: null,
    };
  }));
  return out;
}

/** A text table; the first `left` columns are left-aligned, the others right-aligned. */
function table(rows, left = 1) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  return rows.map((row, j) => {
    const line = row.map((cell, i) => (i < left ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join("  ");
    return j === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
  }).join("\n");
}

function printReport(r) {
  const f = (x, d = 2) => (typeof x === "number" ? x.toFixed(d) : String(x));
  const b = r.bulk;
  const o = r.overhead;
  const ip = r.inProcess;
  const s = r.startup;
  const mb = r.memory?.bulk;
  const ma = r.memory?.audit;
  const mp = r.memory?.peer;
  const fl = r.faults;
  const ex = r.exaJs;
  const bl = r.bundle?.apps["webhook-delete"];
  const bp = r.bundle?.apps["exa-js"];
  const cl = r.cliScale;
  const ms = r.memory?.stream.plain;
  const msi = r.memory?.stream.iterable;
  const msc = r.memory?.stream.iterableCappedHeap;
  const jr = r.journal;
  const pc = r.pacing;
  const sl = r.selection;
  const KB = (x) => `${(x / 1024).toFixed(1)} KB`;
  const out = [];
  out.push(`webhook-delete benchmarks — ${r.date}, ${r.mode} mode${r.only ? `, sections ${r.only.join(", ")}` : ""}, Node ${r.node}, ${r.cpus} CPUs (${r.cpuModel})`);
  out.push(`load average (1 min) at start ${f(r.loadAverageStart)}, at end ${f(r.loadAverageEnd)}; total ${f(r.totalMs / 1000, 1)} s`);
  out.push("");
  const rows = [["benchmark", "figure", "reference", "ratio"]];
  // A run with --only has some sections only: each group is printed when its section ran.
  if (b) {
    rows.push(
      [`1. bulk ${b.n} ids, ${b.latencyMs} ms latency, c=${b.concurrency} (median of ${b.rounds})`, `${f(b.libMs, 0)} ms`, `ideal ${f(b.idealMs, 0)} ms`, `${f(b.ratioLibToIdeal, 3)} of ideal`],
      ["   plain-JS peer (p-limit pool of 16 over fetch)", `${f(b.peerMs, 0)} ms`, `ideal ${f(b.idealMs, 0)} ms`, `${f(b.ratioPeerToIdeal, 3)} of ideal`],
      ["   webhook-delete vs peer", "", "", `${f(b.ratioLibToPeer, 3)} (peer/lib)`],
      [`   seed's sequential loop: ${b.sequentialN} ids measured, x${b.n / b.sequentialN} extrapolated`, `${f(b.sequentialExtrapolatedMs, 0)} ms`, `${f(b.sequentialMs, 0)} ms/${b.sequentialN}`, `${f(b.speedupVsSequential, 1)}x faster`],
      ["   mock's view, lib / peer: max in flight", `${b.maxInFlightLib} / ${b.maxInFlightPeer}`, `<= ${b.concurrency}`, ""],
      ["     mean in flight", `${f(b.meanInFlightLib, 1)} / ${f(b.meanInFlightPeer, 1)}`, `${b.concurrency}`, ""],
      ["     mean request time at the server", `${f(b.meanRequestMsLib, 1)} / ${f(b.meanRequestMsPeer, 1)} ms`, `${b.latencyMs} ms`, ""],
      ["   CPU per request, lib / peer: client", `${f(b.clientCpuUsPerRequestLib, 0)} / ${f(b.clientCpuUsPerRequestPeer, 0)} µs`, "", ""],
      ["     server (mock process)", `${f(b.serverCpuUsPerRequestLib, 0)} / ${f(b.serverCpuUsPerRequestPeer, 0)} µs`, "", ""],
    );
  }
  if (o) {
    rows.push(
      [`2. per call, ${o.n} sequential, 0 ms latency (${o.rounds} alternating rounds)`, `${f(o.libUsPerCall, 0)} µs`, `raw fetch ${f(o.rawUsPerCall, 0)} µs`, `${f(o.ratio, 3)}x (${f(o.ratioPerRoundMin)}–${f(o.ratioPerRoundMax)})`],
      ["   overhead per call over the network", `+${f(o.overheadUsPerCall, 0)} µs`, "", ""],
      ["   CPU per call, lib / raw: client", `${f(o.clientCpuUsPerCallLib, 0)} / ${f(o.clientCpuUsPerCallRaw, 0)} µs`, "", ""],
      ["     server (mock process)", `${f(o.serverCpuUsPerCallLib, 0)} / ${f(o.serverCpuUsPerCallRaw, 0)} µs`, "", ""],
      [`   in-process, injected fetch (${ip.n} calls, no network)`, `${f(ip.libUsPerCall, 1)} µs`, `JS peer ${f(ip.rawUsPerCall, 1)} µs`, `${f(ip.ratio, 2)}x (+${f(ip.overheadUsPerCall, 1)} µs)`],
    );
  }
  if (r.size) {
    rows.push(
      ["3. size, gzip -9, wasm + JS glue: web", KB(r.size.web.totalGzip), `wasm ${KB(r.size.web.wasm.gzip)} (raw ${KB(r.size.web.wasm.raw)}), js ${KB(r.size.web.glue.gzip)}`, `${f(r.size.web.totalGzip / 1024 / 60, 2)} of 60 KB, ${f(r.size.web.totalGzip / 1024 / 100, 2)} of 100 KB`],
      ["                                    node", KB(r.size.node.totalGzip), `wasm ${KB(r.size.node.wasm.gzip)}, js ${KB(r.size.node.glue.gzip)}`, `${f(r.size.node.totalGzip / 1024 / 60, 2)} of 60 KB`],
    );
  }
  if (s) {
    rows.push(
      [`4. start-up, median of ${s.runs} processes: import + first call`, `${f(s.importPlusFirstCallMs, 1)} ms`, "target 50 ms", ""],
      ["   of which import / first deleteWebhook", `${f(s.importMs, 1)} / ${f(s.firstCallMs, 1)} ms`, `raw fetch first call ${f(s.rawFetchFirstCallMs, 1)} ms`, ""],
      ["   the package's own share (minus raw fetch's first call)", `${f(s.libOwnShareMs, 1)} ms`, "", ""],
      ["   node's own start-up before the script (in child)", `${f(s.nodeStartToScriptMs, 1)} ms`, "", ""],
      ["   wall clock per process: package / raw fetch", `${f(s.libWallMs, 0)} / ${f(s.fetchWallMs, 0)} ms`, `node -e "" ${f(s.bareNodeWallMs, 0)} ms`, `+${f(s.libWallMs - s.bareNodeWallMs, 0)} ms over floor`],
    );
  }
  if (r.memory) {
    rows.push(
      [`5. memory: deleteMany of ${mb.n} ids, peak RSS above baseline`, `${f(mb.peakRssAboveBaselineMB, 1)} MB`, "target 64 MB", `kernel's exact peak: ${f(mb.peakRssExactAboveBaselineMB, 1)} MB`],
      ["   peak heapUsed above baseline / wasm memory growth", `${f(mb.peakHeapAboveBaselineMB, 1)} / ${f(mb.wasmGrowthMB, 1)} MB`, `${f(mb.ms, 0)} ms`, ""],
      ["   wasm per id while running / added by final conversion", `${f(mb.wasmPerIdRunningBytes, 0)} B / ${f(mb.wasmGrowthAtEndMB, 1)} MB`, "", ""],
      ["   heap retained by the BulkResult", `${f(mb.retainedHeapMB, 1)} MB`, `${f((mb.retainedHeapMB * 1024 * 1024) / mb.n, 0)} B/id`, ""],
      ["   plain-JS peer, same job (results kept): peak RSS", `${f(mp.peakRssAboveBaselineMB, 1)} MB`, `heap retained ${f(mp.retainedHeapMB, 1)} MB`, `${f(mp.ms, 0)} ms`],
      [`   audit log, ${ma.n} entries: wasm + heap per entry`, `${f(ma.perEntryBytes.wasmPlusHeap, 0)} B`, `JSONL ${f(ma.jsonlBytesPerEntry, 0)} B/entry`, ""],
      ["   per entry: wasm / heapUsed / arrayBuffers / rss", `${f(ma.perEntryBytes.wasm, 0)} / ${f(ma.perEntryBytes.heapUsed, 0)} / ${f(ma.perEntryBytes.arrayBuffers, 0)} / ${f(ma.perEntryBytes.rss, 0)} B`, "", ""],
    );
  }
  if (fl) {
    rows.push(
      [`6. faults: ${fl.n} deletes, ${fl.faultRate * 100}% random 503s, c=${fl.concurrency}`, `${f(fl.ms, 0)} ms`, "", ""],
      ["   deleted / audit entries / failed", `${fl.deleted} / ${fl.auditEntries} / ${fl.failed}`, `must be ${fl.n} / ${fl.n} / 0`, ""],
      ["   requests the mock saw (200 / 503)", `${fl.requestsSeen} (${fl.status200} / ${fl.status503})`, `expected ~${f(fl.expectedRequests, 0)}`, `attempts reported ${fl.attemptsReported}`],
    );
  }
  if (ex) {
    rows.push(
      [`7. vs exa-js ${ex.exaJsVersion}: per call, ${ex.n} sequential, Exa dialect, 0 ms (${ex.rounds} rounds)`, `${f(ex.libUsPerCall, 0)} µs`, `exa-js ${f(ex.exaJsUsPerCall, 0)} µs`, `${f(ex.ratio, 3)}x (${f(ex.ratioPerRoundMin)}–${f(ex.ratioPerRoundMax)})`],
      ["   CPU per call, lib / exa-js: client", `${f(ex.clientCpuUsPerCallLib, 0)} / ${f(ex.clientCpuUsPerCallExaJs, 0)} µs`, "", ""],
      ["     server (mock process)", `${f(ex.serverCpuUsPerCallLib, 0)} / ${f(ex.serverCpuUsPerCallExaJs, 0)} µs`, "", ""],
    );
  }
  if (r.bundle) {
    rows.push(
      [`8. one-delete browser app, esbuild ${r.bundle.esbuild} minified, gzip -9: webhook-delete`, KB(bl.totalGzip), `js ${KB(bl.js.gzip)} + wasm ${KB(bl.wasm.gzip)}`, `${f(r.bundle.ratioGzip, 2)} of exa-js`],
      [`   exa-js ${r.bundle.exaJsVersion}`, KB(bp.totalGzip), `js ${KB(bp.js.gzip)} (raw ${KB(bp.js.raw)})`, bp.composition.slice(0, 3).map((c) => `${c.package} ${KB(c.bytes)}`).join(", ")],
    );
  }
  if (r.hostile) {
    rows.push(
      ...r.hostile.cases.map((c, i) => [
        `${i === 0 ? "9." : "  "} hostile: ${c.what}`,
        `${f(c.peakRssAboveBaselineMB, 1)} MB`,
        `${c.outcome}${c.name === "error" ? `, error.body ${f(c.errorBodyBytes / 1024, 1)} KiB` : ""} in ${f(c.ms, 0)} ms`,
        `mock sent ${c.mockBytesSent < 1e5 ? `${c.mockBytesSent} B` : `${f(c.mockBytesSent / 1024 / 1024, 1)} MiB`}`,
      ]),
    );
  }
  if (cl) {
    rows.push(
      [`10a. CLI delete --ids-file, ${cl.n} ids, 0 ms, c=8: peak RSS above baseline`, `${f(cl.peakRssAboveBaselineMB, 1)} MB`, `peak ${f(cl.run.peakRssMB, 1)} MB; ${cl.baselineN} ids ${f(cl.baseline.peakRssMB, 1)} MB`, "target 64 MB"],
      ["     throughput; deleted / audit lines / left in the mock", `${f(cl.run.idsPerSecond, 0)} ids/s`, `${cl.run.deleted} / ${cl.run.auditLines} / ${cl.run.mockLeft}`, `${f(cl.run.bulkMs / 1000, 1)} s`],
      ["     above baseline: heapTotal / heapUsed / wasm / arrayBuffers", `${f(cl.heapTotalAboveBaselineMB, 1)} / ${f(cl.heapUsedAboveBaselineMB, 1)} / ${f(cl.wasmAboveBaselineMB, 1)} / ${f(cl.arrayBuffersAboveBaselineMB, 1)} MB`, "", ""],
    );
  }
  if (r.memory) {
    rows.push(
      [`10b. deleteMany ${ms.n} ids, keepResults: false: peak RSS above baseline`, `${f(ms.peakRssAboveBaselineMB, 1)} MB`, `keepResults: true ${f(mb.peakRssAboveBaselineMB, 1)} MB, JS peer ${f(mp.peakRssAboveBaselineMB, 1)} MB`, "target 32 MB"],
      ["     peak heapUsed / wasm growth; audit entries kept", `${f(ms.peakHeapAboveBaselineMB, 1)} / ${f(ms.wasmGrowthMB, 1)} MB`, `${ms.auditLength}`, `${f(ms.ms, 0)} ms`],
      ["     same, ids from an async iterable", `${f(msi.peakRssAboveBaselineMB, 1)} MB`, `heapUsed ${f(msi.peakHeapAboveBaselineMB, 1)} / wasm ${f(msi.wasmGrowthMB, 1)} MB`, ""],
      [`     same, old space capped at ${r.memory.cappedOldSpaceMB} MB`, `${f(msc.peakRssAboveBaselineMB, 1)} MB`, `heapUsed ${f(msc.peakHeapAboveBaselineMB, 1)} / wasm ${f(msc.wasmGrowthMB, 1)} MB`, `${f(msc.ms, 0)} ms`],
    );
  }
  if (jr) {
    rows.push(
      [`10c. journal: ${jr.n} ids, ${jr.latencyMs} ms, c=${jr.concurrency}, fsync'd audit (median of ${jr.rounds})`, `${f(jr.withMs, 0)} ms`, `without ${f(jr.withoutMs, 0)} ms (ideal ${f(jr.idealMs, 0)})`, `${f(jr.ratio, 3)} (with/without throughput)`],
    );
  }
  if (pc) {
    rows.push(
      [`11. pacing: ${pc.n} ids at ${pc.rps}/s, ${pc.latencyMs} ms, c=${pc.concurrency}`, `${f(pc.ms / 1000, 2)} s`, `ideal ${f(pc.idealMs / 1000, 2)} s`, `${f(pc.ratioIdealToMeasured, 3)} of ideal`],
      ["    most DELETEs in any 1 s window (mock's log)", `${pc.maxInWindow}`, `<= ${pc.rps}`, `gap mean ${f(pc.meanGapMs, 1)} ms, min ${pc.minGapMs} ms`],
  
    );
  }
  if (sl) {
    const x8 = sl.deleteInactiveC8;
    const x16 = sl.deleteInactiveC16;
    const s8 = sl.selectWebhooksC8;
    const s16 = sl.selectWebhooksC16;
    const ideal = (x) => `ideal ${f(x.idealMs, 0)} ms ((${sl.pages} + ${Math.ceil(sl.attemptReads / x.concurrency)}) x ${sl.latencyMs} ms)`;
    rows.push(
      [`12. deleteInactive dry run, ${sl.n} Exa webhooks, ${sl.latencyMs} ms, c=8 default (median of ${sl.rounds})`, `${f(x8.ms, 0)} ms`, ideal(x8), `${f(x8.ratio, 3)} of ideal`],
      ["    same, c=16", `${f(x16.ms, 0)} ms`, ideal(x16), `${f(x16.ratio, 3)} of ideal`],
      ["    selectWebhooks({ inactiveDays }), c=8 / c=16", `${f(s8.ms, 0)} / ${f(s16.ms, 0)} ms`, `ideal ${f(s8.idealMs, 0)} / ${f(s16.idealMs, 0)} ms`, `${f(s8.ratio, 3)} / ${f(s16.ratio, 3)} of ideal`],
      ["    list pages / attempts reads / selected (checked against the mock's log)", `${sl.pages} / ${sl.attemptReads} / ${sl.selected}`, `${sl.inactiveByStatus} decided by status, ${sl.attemptReads} active`, `reads ${sl.readQuery}`],
      ["    mock's view, c=8 / c=16: list phase", `${f(x8.listSpanMs, 0)} / ${f(x16.listSpanMs, 0)} ms`, `${sl.pages} x ${sl.latencyMs} ms`, ""],
      ["      attempts reads: span; mean in flight; mean time at the server", `${f(x8.readsSpanMs, 0)} / ${f(x16.readsSpanMs, 0)} ms`, `${f(x8.meanReadsInFlight, 1)} / ${f(x16.meanReadsInFlight, 1)} in flight`, `${f(x8.meanReadMs, 1)} / ${f(x16.meanReadMs, 1)} ms`],
      ["      CPU per request, client / server", `${f(x8.clientCpuUsPerRequest, 0)} / ${f(x8.serverCpuUsPerRequest, 0)} µs (c=8)`, `${f(x16.clientCpuUsPerRequest, 0)} / ${f(x16.serverCpuUsPerRequest, 0)} µs (c=16)`, ""],
    );
  }
  out.push(table(rows));
  out.push("");
  const cell = (x) => (x === null ? "-" : typeof x === "number" ? f(x, Math.abs(x) >= 10 ? 1 : 3) : x);
  out.push(table([
    ["issue", "target", "before", "now", "target", "met"],
    ...r.targets.map((t) => [t.issue, t.name, cell(t.before), cell(t.value), t.target, t.met ? "yes" : "NO"]),
  ], 2));
  out.push("");
  out.push("Notes: ratios are measured side by side in this run; the sequential loop ran on fewer ids and is extrapolated");
  out.push("linearly. Size is the sum of each file gzipped separately at level 9 (what a server sends); the app bundles");
  out.push("list their largest packages by minified bytes before gzip. \"before\" is the previous build (bench/README.md).");
  process.stdout.write(`${out.join("\n")}\n`);
}

if (REPORT_FROM !== null) {
  printReport(JSON.parse(readFileSync(REPORT_FROM, "utf8")));
  process.exit(0);
}

const started = performance.now();
const results = {
  mode: QUICK ? "quick" : "full",
  date: new Date().toISOString(),
  node: process.versions.node,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  params: P,
  loadAverageStart: os.loadavg()[0],
};
const want = (...sections) => ONLY === null || sections.some((x) => ONLY.has(x));
if (ONLY !== null) results.only = SECTIONS.filter((x) => ONLY.has(x));
if (want("1")) results.bulk = await benchBulk();
if (want("2")) {
  results.overhead = await benchOverhead();
  results.inProcess = await benchInProcess();
}
if (want("3")) results.size = benchSize();
if (want("4")) results.startup = await benchStartup();
if (want("5", "10b")) results.memory = await benchMemory(); // 10b's runs are part of it
if (want("6")) results.faults = await benchFaults();
if (want("7")) results.exaJs = await benchExaJs();
if (want("8")) results.bundle = await benchBundle();
if (want("9")) results.hostile = await benchHostile();
if (want("10c")) results.journal = await benchJournal();
if (want("11")) results.pacing = await benchPacing();
if (want("12")) results.selection = await benchSelection();
if (want("10a")) results.cliScale = await benchCliScale(); // last: in full mode it runs for minutes
results.targets = targets(results);
results.totalMs = performance.now() - started;
results.loadAverageEnd = os.loadavg()[0];
log(`done in ${(results.totalMs / 1000).toFixed(1)} s`);
if (JSON_OUT) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else printReport(results);
