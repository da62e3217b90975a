// Keeps the benchmarks from rotting: runs `node bench/run.mjs --quick --json` once and checks that
// every section ran and produced sane numbers. It asserts work done (every delete, every audit
// entry, every request accounted for) and that figures are finite; it never asserts a timing
// target, because the machine is shared and noisy (see bench/README.md for the targets).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUN = fileURLToPath(new URL("./run.mjs", import.meta.url));

const report = new Promise((resolve, reject) => {
  execFile(process.execPath, [RUN, "--quick", "--json"], { maxBuffer: 32 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
    if (error) reject(new Error(`bench/run.mjs --quick --json failed (${error.code ?? error.signal}):\n${stderr}`));
    else resolve({ json: JSON.parse(stdout), stderr });
  });
});
// Every test awaits the same run; keep an unawaited rejection from being reported twice.
report.catch(() => {});

const positive = (value, what) => assert.ok(Number.isFinite(value) && value > 0, `${what} should be a finite number > 0, got ${value}`);
const nonNegative = (value, what) => assert.ok(Number.isFinite(value) && value >= 0, `${what} should be a finite number >= 0, got ${value}`);

test("run.mjs --quick --json exits 0 and reports every section", async () => {
  const { json } = await report;
  assert.equal(json.mode, "quick");
  for (const key of ["bulk", "overhead", "inProcess", "size", "startup", "memory", "faults", "exaJs", "bundle", "targets"]) {
    assert.ok(json[key], `section ${key} is missing`);
  }
  assert.ok(Array.isArray(json.targets) && json.targets.length >= 10);
  for (const t of json.targets) assert.equal(typeof t.met, "boolean", `target ${t.name} has no verdict`);
});

test("bulk throughput: every id deleted, concurrency bounded, ratios finite", async () => {
  const { bulk } = (await report).json;
  assert.equal(bulk.deleted, bulk.n);
  assert.ok(bulk.maxInFlightLib >= 1 && bulk.maxInFlightLib <= bulk.concurrency, `max in flight ${bulk.maxInFlightLib}`);
  for (const k of ["libMs", "peerMs", "idealMs", "sequentialMs", "sequentialExtrapolatedMs", "ratioLibToIdeal", "ratioPeerToIdeal", "ratioLibToPeer", "speedupVsSequential"]) {
    positive(bulk[k], `bulk.${k}`);
  }
  assert.equal(bulk.libRunsMs.length, bulk.rounds);
  assert.equal(bulk.peerRunsMs.length, bulk.rounds);
});

test("per-call overhead: every request answered, ratios finite", async () => {
  const { overhead, inProcess } = (await report).json;
  assert.equal(overhead.deleted, overhead.n);
  assert.equal(overhead.auditEntries, overhead.n);
  for (const k of ["libUsPerCall", "rawUsPerCall", "ratio", "ratioPerRoundMin", "ratioPerRoundMax"]) positive(overhead[k], `overhead.${k}`);
  for (const k of ["libUsPerCall", "rawUsPerCall", "ratio"]) positive(inProcess[k], `inProcess.${k}`);
});

test("size: web and node builds measured, wasm and glue both present", async () => {
  const { size } = (await report).json;
  for (const target of ["web", "node"]) {
    positive(size[target].wasm.gzip, `${target} wasm gzip`);
    positive(size[target].glue.gzip, `${target} glue gzip`);
    assert.ok(size[target].wasm.gzip < size[target].wasm.raw, `${target} wasm gzip is smaller than raw`);
    assert.equal(size[target].totalGzip, size[target].wasm.gzip + size[target].glue.gzip + size[target].snippets.gzip);
  }
});

test("start-up: every sample process deleted its webhook and reported positive times", async () => {
  const { startup } = (await report).json;
  assert.ok(startup.runs >= 1);
  for (const k of ["bareNodeWallMs", "libWallMs", "fetchWallMs", "importMs", "firstCallMs", "importPlusFirstCallMs", "rawFetchFirstCallMs"]) {
    positive(startup[k], `startup.${k}`);
  }
});

test("memory: bulk child deleted every id with one audit entry each; per-entry figures finite", async () => {
  const { memory } = (await report).json;
  const { bulk, audit } = memory;
  assert.equal(bulk.deleted, bulk.n);
  assert.equal(bulk.auditLength, bulk.n);
  assert.equal(bulk.resultsLength, bulk.n);
  positive(bulk.baseline.rss, "memory.bulk.baseline.rss");
  nonNegative(bulk.peakRssAboveBaselineMB, "memory.bulk.peakRssAboveBaselineMB");
  positive(bulk.baseline.wasm, "memory.bulk.baseline.wasm (the wasm memory was found)");
  assert.equal(audit.deleted, audit.n);
  assert.equal(audit.auditLength, audit.n);
  for (const k of ["wasm", "heapUsed", "rss", "wasmPlusHeap"]) assert.ok(Number.isFinite(audit.perEntryBytes[k]), `audit.perEntryBytes.${k}`);
  positive(audit.perEntryBytes.wasmPlusHeap, "audit.perEntryBytes.wasmPlusHeap");
  positive(audit.jsonlBytesPerEntry, "audit.jsonlBytesPerEntry");
});

test("faults: every id deleted and audited once despite 503s; attempts match what the mock saw", async () => {
  const { faults } = (await report).json;
  assert.equal(faults.deleted, faults.n);
  assert.equal(faults.failed, 0);
  assert.equal(faults.auditEntries, faults.n);
  assert.equal(faults.status200, faults.n);
  assert.ok(faults.requestsSeen > faults.n, "a 30% fault rate must cost retries");
  assert.equal(faults.status200 + faults.status503, faults.requestsSeen);
  assert.equal(faults.attemptsReported, faults.requestsSeen, "sum of DeleteResult.attempts equals the requests the mock saw");
  assert.ok(faults.maxInFlight <= faults.concurrency, `max in flight ${faults.maxInFlight}`);
  positive(faults.ms, "faults.ms");
});

test("vs exa-js: both clients deleted every id on the Exa dialect, one audit entry each; per-call figures finite", async () => {
  const { exaJs } = (await report).json;
  assert.match(exaJs.exaJsVersion, /^\d+\.\d+\.\d+/);
  assert.equal(exaJs.deleted, exaJs.n);
  assert.equal(exaJs.deletedExaJs, exaJs.n);
  assert.equal(exaJs.auditEntries, exaJs.n);
  for (const k of ["libUsPerCall", "exaJsUsPerCall", "ratio", "ratioPerRoundMin", "ratioPerRoundMax", "clientCpuUsPerCallLib", "clientCpuUsPerCallExaJs"]) {
    positive(exaJs[k], `exaJs.${k}`);
  }
});

test("bundle: both one-delete apps built; webhook-delete is JS + wasm, exa-js is JS only; totals add up", async () => {
  const { bundle } = (await report).json;
  const lib = bundle.apps["webhook-delete"];
  const peer = bundle.apps["exa-js"];
  for (const [name, app] of [["webhook-delete", lib], ["exa-js", peer]]) {
    positive(app.js.gzip, `${name} js gzip`);
    assert.ok(app.js.gzip < app.js.raw, `${name} js gzip is smaller than raw`);
    assert.equal(app.totalGzip, app.files.reduce((a, f) => a + f.gzip, 0));
    assert.equal(app.totalRaw, app.files.reduce((a, f) => a + f.raw, 0));
  }
  positive(lib.wasm.gzip, "webhook-delete wasm gzip");
  assert.equal(lib.totalGzip, lib.js.gzip + lib.wasm.gzip);
  assert.equal(peer.wasm.raw, 0);
  positive(bundle.ratioGzip, "bundle.ratioGzip");
});
