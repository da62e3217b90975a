// Memory samples, each run in a fresh `node --expose-gc` process by run.mjs:
//   node --expose-gc bench/child-memory.mjs bulk         BASE_URL N CONCURRENCY   (deleteMany, results kept)
//   node --expose-gc bench/child-memory.mjs bulk-stream  BASE_URL N CONCURRENCY   (deleteMany, keepResults: false)
//   node --expose-gc bench/child-memory.mjs bulk-stream-iterable BASE_URL N CONCURRENCY   (the same, ids from an async iterable)
//   node --expose-gc bench/child-memory.mjs bulk-peer    BASE_URL N CONCURRENCY   (plain-JS peer, for reference)
//   node --expose-gc bench/child-memory.mjs audit        BASE_URL N
// Prints one JSON line.
//
// The package's wasm linear memory is read exactly through bench/memory-probe.mjs (imported
// before the package): V8 reserves it outside the JS heap, so it is not in heapUsed, and in Node
// 20 not in arrayBuffers either; it is counted in `external` (which grows by exactly the memory's
// growth) and its touched pages show in rss. The bulk tasks report the peak RSS two ways: the
// highest rss sampled every 50 ms, and the kernel's exact peak (VmHWM, reset at the baseline).

import { peakRss, resetPeakRss, sample, stopProbing } from "./memory-probe.mjs";

const [task, baseUrl, nText, concurrencyText] = process.argv.slice(2);
const peer = task === "bulk-peer";
const { WebhookClient } = peer ? {} : await import(new URL("../pkg/node/webhook_delete.js", import.meta.url).href);
const { peerDeleteMany } = peer ? await import("./peers.mjs") : {};
stopProbing();

const N = Number(nText);
const MB = 1024 * 1024;
const ids = (from, count) => Array.from({ length: count }, (_, i) => `wh_gen_${String(from + i).padStart(6, "0")}`);
const newClient = (extra = {}) => new WebhookClient({ apiKey: "test-key", provider: "generic", baseUrl, retry: false, ...extra });

function gc() {
  if (typeof globalThis.gc === "function") {
    globalThis.gc();
    globalThis.gc();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

if (["bulk", "bulk-stream", "bulk-stream-iterable", "bulk-peer"].includes(task)) {
  const concurrency = Number(concurrencyText);
  const keepResults = !task.startsWith("bulk-stream");
  // -iterable: the same ids handed over one at a time (an async generator over the same array),
  // as a stream of ids is; an array is checked whole before anything is sent.
  const iterable = task.endsWith("-iterable");
  // Warm-up: undici's connection pool, the JIT, the wasm allocator's first pages.
  if (peer) await peerDeleteMany(baseUrl, "test-key", ids(N + 1, 200), concurrency);
  else await newClient().deleteMany(ids(N + 1, 200), { concurrency });
  const client = peer ? null : newClient();
  const list = ids(1, N);
  gc();
  await settle();
  const baseline = sample();
  const hwmReset = resetPeakRss();
  const hwmBaseline = peakRss();
  const peak = { ...baseline };
  // While deletes run, also note how far the audit log has got, to tell the wasm memory that
  // grows per id during the run from what the final conversion of the BulkResult adds.
  let lastRunning = { ...baseline, audit: 0 };
  const take = () => {
    const s = sample();
    for (const k of Object.keys(peak)) if (s[k] > peak[k]) peak[k] = s[k];
    if (client) {
      const audit = client.audit.length;
      if (audit < N) lastRunning = { ...s, audit };
    }
  };
  const timer = setInterval(take, 50);
  const t0 = performance.now();
  const result = peer ? await peerDeleteMany(baseUrl, "test-key", list, concurrency) : await client.deleteMany(iterable ? (async function* () { yield* list; })() : list, { concurrency, ...(keepResults ? {} : { keepResults: false }) });
  const ms = performance.now() - t0;
  take();
  clearInterval(timer);
  const hwmPeak = peakRss();
  gc(); // `result` is still referenced: what remains is what the BulkResult holds
  const after = sample();
  // A keepResults: false run holds no entries, so the log's length cannot tell how far it has got.
  const wasmPerIdRunning = lastRunning.audit > 0 ? (lastRunning.wasm - baseline.wasm) / lastRunning.audit : NaN;
  const out = {
    task, n: N, ms,
    deleted: result.deleted, failed: result.failed, notFound: result.notFound, skipped: result.skipped ?? 0,
    resultsLength: result.results.length, auditLength: client ? client.audit.length : null,
    baseline, peak, after,
    keepResults, iterable,
    peakRssAboveBaselineMB: (peak.rss - baseline.rss) / MB,
    peakRssExactAboveBaselineMB: hwmReset ? (hwmPeak - hwmBaseline) / MB : NaN,
    peakHeapAboveBaselineMB: (peak.heapUsed - baseline.heapUsed) / MB,
    retainedHeapMB: (after.heapUsed - baseline.heapUsed) / MB,
    wasmGrowthMB: (peak.wasm - baseline.wasm) / MB,
    wasmPerIdRunningBytes: wasmPerIdRunning,
    wasmGrowthAtEndMB: client && lastRunning.audit > 0 ? (after.wasm - lastRunning.wasm - wasmPerIdRunning * (N - lastRunning.audit)) / MB : NaN,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else if (task === "audit") {
  // Deletes go through deleteMany in chunks of 500, so the transient BulkResult of each chunk is
  // small and garbage by the time we measure; what stays is the client's audit log.
  const CHUNK = 500;
  const warm = newClient();
  for (let i = 0; i < 1000; i += CHUNK) await warm.deleteMany(ids(N + 1 + i, CHUNK), { concurrency: 16 });
  const client = newClient();
  gc();
  await settle();
  gc();
  const before = sample();
  let deleted = 0;
  for (let i = 0; i < N; i += CHUNK) {
    const r = await client.deleteMany(ids(1 + i, Math.min(CHUNK, N - i)), { concurrency: 16 });
    deleted += r.deleted;
  }
  gc();
  await settle();
  gc();
  const after = sample();
  const jsonlBytes = Buffer.byteLength(client.audit.toJSONL());
  const auditLength = client.audit.length;
  client.audit.clear();
  gc();
  await settle();
  gc();
  const cleared = sample();
  const per = (k) => (after[k] - before[k]) / N;
  const out = {
    task, n: N, deleted, auditLength, before, after, cleared,
    perEntryBytes: {
      wasm: per("wasm"),
      heapUsed: per("heapUsed"),
      arrayBuffers: per("arrayBuffers"),
      external: per("external"),
      rss: per("rss"),
      wasmPlusHeap: per("wasm") + per("heapUsed"),
    },
    jsonlBytesPerEntry: jsonlBytes / N,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} else {
  process.stderr.write(`unknown task ${task}\n`);
  process.exit(2);
}
