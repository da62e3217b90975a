// Keeps the benchmarks from rotting: runs `node bench/run.mjs --quick --json` once and checks that
// every section ran and produced sane numbers. It asserts work done (every delete, every audit
// entry, every request accounted for) and that figures are finite; it never asserts a timing
// target, because the machine is shared and noisy (see bench/README.md for the targets).
// Quick mode takes about 25 s (the CLI over 20,000 ids is the longest part).

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
  for (const key of ["bulk", "overhead", "inProcess", "size", "startup", "memory", "faults", "exaJs", "bundle", "hostile", "journal", "pacing", "selection", "cliScale", "targets"]) {
    assert.ok(json[key], `section ${key} is missing`);
  }
  assert.ok(Array.isArray(json.targets) && json.targets.length >= 24);
  for (const t of json.targets) {
    assert.equal(typeof t.met, "boolean", `target ${t.name} has no verdict`);
    assert.equal(typeof t.issue, "string", `target ${t.name} names no issue`);
    assert.ok(t.before === null || typeof t.before === "number" || typeof t.before === "string", `target ${t.name}: before`);
    if (typeof t.value === "number") assert.ok(Number.isFinite(t.value), `target ${t.name}: value ${t.value}`);
  }
  for (const issue of ["12", "design-card", "hardening", "scale", "pacing", "14"]) {
    assert.ok(json.targets.some((t) => t.issue.split(", ").includes(issue)), `no target of issue ${issue}`);
  }
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

test("size: web and node builds measured, wasm and glue both present, every file counted", async () => {
  const { size } = (await report).json;
  for (const target of ["web", "node"]) {
    positive(size[target].wasm.gzip, `${target} wasm gzip`);
    positive(size[target].glue.gzip, `${target} glue gzip`);
    assert.ok(size[target].wasm.gzip < size[target].wasm.raw, `${target} wasm gzip is smaller than raw`);
    assert.equal(size[target].totalGzip, size[target].wasm.gzip + size[target].glue.gzip);
    assert.equal(size[target].totalGzip, size[target].files.reduce((a, f) => a + f.gzip, 0));
    assert.ok(size[target].files.some((f) => f.file === "webhook_delete_bg.wasm"), `${target}: the wasm is in the list`);
    assert.ok(size[target].files.some((f) => f.file === "webhook_delete.js"), `${target}: the glue is in the list`);
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
  nonNegative(bulk.peakRssExactAboveBaselineMB, "memory.bulk.peakRssExactAboveBaselineMB (the kernel's peak)");
});

test("scale (b): keepResults: false deleted every id and kept no results and no audit entries in memory, in every variant", async () => {
  const { memory } = (await report).json;
  const { plain, iterable, iterableCappedHeap } = memory.stream;
  for (const [name, r] of Object.entries(memory.stream)) {
    assert.equal(r.n, memory.bulk.n, `${name}: the same job as the results-kept run`);
    assert.equal(r.deleted, r.n, `${name}: every id deleted`);
    assert.equal(r.resultsLength, 0, `${name}: no results kept (none failed)`);
    assert.equal(r.auditLength, 0, `${name}: no audit entries held in memory`);
    assert.equal(r.keepResults, false);
    nonNegative(r.peakRssAboveBaselineMB, `${name}.peakRssAboveBaselineMB`);
    nonNegative(r.peakRssExactAboveBaselineMB, `${name}.peakRssExactAboveBaselineMB`);
    nonNegative(r.wasmGrowthMB, `${name}.wasmGrowthMB`);
  }
  assert.deepEqual([plain.iterable, iterable.iterable, iterableCappedHeap.iterable], [false, true, true]);
  assert.deepEqual(iterableCappedHeap.nodeFlags, [`--max-old-space-size=${memory.cappedOldSpaceMB}`]);
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

test("hostile bodies: every case ended the documented way in a fresh child, with a finite peak", async () => {
  const { hostile } = (await report).json;
  assert.deepEqual(hostile.cases.map((c) => [c.name, c.outcome]), [["list", "decode"], ["error", "server_error"], ["endless", "decode"], ["drip", "timeout"]]);
  for (const c of hostile.cases) {
    nonNegative(c.peakRssAboveBaselineMB, `hostile ${c.name} peak`);
    positive(c.baselineRss, `hostile ${c.name} baseline rss`);
    positive(c.ms, `hostile ${c.name} ms`);
    assert.equal(c.requestsSeen, 2, `hostile ${c.name}: warm-up + one hostile request`);
  }
  const byName = Object.fromEntries(hostile.cases.map((c) => [c.name, c]));
  assert.equal(byName.error.status, 500);
  assert.ok(byName.error.errorBodyBytes > 0 && byName.error.errorBodyBytes <= 64 * 1024, `error.body ${byName.error.errorBodyBytes} bytes`);
  for (const name of ["list", "error"]) assert.ok(byName[name].mockBytesSent < hostile.params.bytes, `${name}: the client stopped reading`);
  assert.ok(byName.drip.ms >= hostile.params.dripTimeoutMs * 0.9, "the drip ended by its timeout");
});

test("scale (a): the CLI deleted and audited every streamed id; peaks and throughput finite", async () => {
  const { cliScale } = (await report).json;
  for (const run of [cliScale.baseline, cliScale.run]) {
    assert.equal(run.exitCode, 0);
    assert.equal(run.deleted, run.n);
    assert.equal(run.auditLines, run.n);
    assert.equal(run.mockDeletes, run.n);
    assert.equal(run.mockLeft, 0);
    for (const k of ["peakRssMB", "peakRssSampledMB", "peakHeapTotalMB", "peakHeapUsedMB", "peakWasmMB", "idsPerSecond", "bulkMs", "wallMs"]) positive(run[k], `cliScale ${run.n}.${k}`);
    assert.ok(run.maxInFlight >= 1 && run.maxInFlight <= 8, `CLI default concurrency: max in flight ${run.maxInFlight}`);
  }
  assert.equal(cliScale.run.n, cliScale.n);
  assert.ok(cliScale.n > cliScale.baselineN);
  assert.ok(Number.isFinite(cliScale.peakRssAboveBaselineMB));
  positive(cliScale.idsPerSecond, "cliScale.idsPerSecond");
});

test("scale (c): journal runs deleted every id with and without a journal; the journal named every id", async () => {
  const { journal } = (await report).json;
  assert.equal(journal.deleted, journal.n);
  assert.equal(journal.withRunsMs.length, journal.rounds);
  assert.equal(journal.withoutRunsMs.length, journal.rounds);
  for (const k of ["withMs", "withoutMs", "ratio", "journalBytes", "journalLines"]) positive(journal[k], `journal.${k}`);
});

test("pacing: every id deleted; the window count and duration come from the mock's log", async () => {
  const { pacing } = (await report).json;
  assert.equal(pacing.deleted, pacing.n);
  assert.ok(Number.isInteger(pacing.maxInWindow) && pacing.maxInWindow >= 1 && pacing.maxInWindow <= pacing.n);
  for (const k of ["ms", "idealMs", "ratioIdealToMeasured", "spanMs", "meanGapMs"]) positive(pacing[k], `pacing.${k}`);
  nonNegative(pacing.minGapMs, "pacing.minGapMs");
});

test("selection on Exa's history: attempts read once per active webhook, the seed's selection found, ratios finite", async () => {
  const { selection } = (await report).json;
  const { n } = selection;
  // The seed (bench/run.mjs, selectionSeed): webhook i is inactive by status when i % 5 == 0, selected when i % 5 is 0, 2 or 3.
  const kinds = Array.from({ length: n }, (_, i) => i % 5);
  const byStatus = kinds.filter((k) => k === 0).length;
  const selected = kinds.filter((k) => k === 0 || k === 2 || k === 3).length;
  assert.ok(n >= 100, `selection.n ${n}`);
  assert.equal(selection.inactiveByStatus, byStatus);
  assert.equal(selection.attemptReads, n - byStatus);
  assert.equal(selection.selected, selected);
  assert.equal(selection.pages, Math.ceil(n / selection.pageSize));
  for (const method of ["deleteInactive", "selectWebhooks"]) {
    for (const concurrency of [8, 16]) {
      const v = selection[`${method}C${concurrency}`];
      const what = `selection ${method} c=${concurrency}`;
      assert.equal(v.concurrency, concurrency);
      assert.equal(v.runsMs.length, selection.rounds);
      assert.equal(v.countsPerRun.length, selection.rounds);
      for (const c of v.countsPerRun) {
        assert.deepEqual(c, { listRequests: selection.pages, attemptsRequests: n - byStatus, selected }, `${what}: requests and selection`);
      }
      assert.ok(v.maxInFlight >= 1 && v.maxInFlight <= concurrency, `${what}: max in flight ${v.maxInFlight}`);
      assert.equal(v.idealMs, (selection.pages + Math.ceil((n - byStatus) / concurrency)) * selection.latencyMs);
      for (const k of ["ms", "idealMs", "ratio", "readsSpanMs", "meanReadsInFlight", "meanReadMs"]) positive(v[k], `${what}: ${k}`);
    }
  }
  const issue14 = (await report).json.targets.filter((t) => t.issue === "14");
  assert.equal(issue14.length, 2);
  for (const t of issue14) positive(t.value, `target ${t.name}`);
});
