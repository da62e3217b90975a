#!/usr/bin/env node
// The command line over a million ids: the peak RSS and the throughput of
//
//   webhook-delete delete --ids-file FILE --yes --provider generic --base-url URL --audit-file F
//
// run as a child process against the mock API (its own process, zero latency, `generate: N`,
// request records off), with the default concurrency (8).
//
//   node bench/cli-scale.mjs [N]      default 1,000,000 ids (a few minutes)
//   add --json                        one JSON document instead of the text
//
// How: the ids file holds wh_gen_000001..N, one a line. The parent samples the child's VmRSS and
// VmHWM from /proc/PID/status every 50 ms. The child is started with bench/cli-probe.mjs
// preloaded (`node --import`), which writes at exit the kernel's exact peak RSS (VmHWM) and the
// peaks of heapUsed, arrayBuffers, external and the package's wasm memory: what the RSS is made
// of. "Baseline" is the same command over 1,000 ids: the process's fixed cost (Node, the package
// and its wasm compile, undici, the first deletes); the figure is the peak over N ids minus it.
// The run checks the work: exit code 0, the mock answered 200 to exactly N DELETEs and holds no
// webhook any more, and the audit file has exactly N lines, each a `deleted` entry.

import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "pkg", "cli.mjs");
const PROBE = fileURLToPath(new URL("./cli-probe.mjs", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
export const CLI_BASELINE_IDS = 1000;

const idOf = (i) => `wh_gen_${String(i).padStart(6, "0")}`;

/** Writes wh_gen_000001..n, one a line, in pieces (a million ids is 15 MB). */
function writeIdsFile(path, n) {
  const PIECE = 100_000;
  writeFileSync(path, "");
  for (let from = 1; from <= n; from += PIECE) {
    let text = "";
    for (let i = from; i < Math.min(n + 1, from + PIECE); i++) text += `${idOf(i)}\n`;
    writeFileSync(path, text, { flag: "a" });
  }
}

function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
  } catch {
    return null; // exited
  }
}

/** Counts the audit file's lines and those that record a deleted webhook, a line at a time. */
async function countAudit(path) {
  const marker = '"outcome":"deleted"';
  let lines = 0;
  let deleted = 0;
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      lines++;
      if (text.slice(start, end).includes(marker)) deleted++;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== "") {
    lines++;
    if (rest.includes(marker)) deleted++;
  }
  return { lines, deleted };
}

/** One CLI run over n ids against `mock` (reset here); resolves to its figures after checking the work. */
async function runCli(mock, dir, n, tag) {
  await mock.reset({ generate: n, record: false });
  const idsFile = join(dir, `ids-${tag}.txt`);
  const auditFile = join(dir, `audit-${tag}.jsonl`);
  const probeFile = join(dir, `probe-${tag}.json`);
  writeIdsFile(idsFile, n);
  const args = ["--import", PROBE, CLI, "delete", "--ids-file", idsFile, "--yes", "--provider", "generic", "--base-url", mock.baseUrl, "--audit-file", auditFile];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, WEBHOOK_API_KEY: "test-key", WEBHOOK_DELETE_PROBE_OUT: probeFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
  let sampledRss = 0;
  let sampledHwm = 0;
  let samples = 0;
  const timer = setInterval(() => {
    const s = procStatus(child.pid);
    // An exiting process (a zombie) has no Vm* lines any more.
    if (s === null || !Number.isFinite(s.rss) || !Number.isFinite(s.hwm)) return;
    samples++;
    sampledRss = Math.max(sampledRss, s.rss);
    sampledHwm = Math.max(sampledHwm, s.hwm);
  }, 50);
  const code = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (c, signal) => resolve(c ?? signal));
  });
  clearInterval(timer);
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`CLI over ${n} ids exited ${code}: ${stderr}`);
  const seen = await mock.requests();
  const left = await mock.webhookCount("generic");
  const audit = await countAudit(auditFile);
  const expect = (what, actual, expected) => {
    if (actual !== expected) throw new Error(`CLI over ${n} ids: ${what}: got ${actual}, expected ${expected}`);
  };
  expect("DELETEs the mock saw", seen.byMethod.DELETE ?? 0, n);
  expect("200 answers", seen.byStatus["200"] ?? 0, n);
  expect("webhooks left in the mock", left, 0);
  expect("audit file lines", audit.lines, n);
  expect("deleted entries in the audit file", audit.deleted, n);
  const probe = JSON.parse(readFileSync(probeFile, "utf8"));
  // The CLI's own summary: "Summary: N deleted, ... (of N, MS ms)".
  const summary = /Summary: (\d+) deleted.*\(of (\d+), (\d+) ms\)/.exec(stdout);
  if (summary === null) throw new Error(`CLI over ${n} ids printed no summary: ${stdout.slice(0, 500)}`);
  expect("deleted in the CLI's summary", Number(summary[1]), n);
  const bulkMs = Number(summary[3]);
  const auditBytes = statSync(auditFile).size;
  return {
    n, exitCode: code, wallMs, bulkMs,
    idsPerSecond: (n * 1000) / bulkMs, idsPerSecondWall: (n * 1000) / wallMs,
    deleted: audit.deleted, auditLines: audit.lines, auditBytes, mockDeletes: seen.byMethod.DELETE, mockLeft: left,
    maxInFlight: seen.maxInFlight, samples,
    peakRssMB: probe.peakRssExact / MB,
    peakRssSampledMB: sampledRss / MB,
    peakHwmSampledMB: sampledHwm / MB,
    peakHeapTotalMB: probe.peak.heapTotal / MB,
    peakHeapUsedMB: probe.peak.heapUsed / MB,
    peakArrayBuffersMB: probe.peak.arrayBuffers / MB,
    peakExternalMB: probe.peak.external / MB,
    peakWasmMB: probe.peak.wasm / MB,
    lastHeapUsedMB: probe.last.heapUsed / MB,
    lastWasmMB: probe.last.wasm / MB,
  };
}

/**
 * The baseline run (CLI_BASELINE_IDS ids), then the run over n ids, against one mock process
 * (started here, or `mock` when given). Resolves to { n, baseline, run, peakRssAboveBaselineMB, ... }.
 */
export async function measureCliScale(n, { mock = null, log = () => {} } = {}) {
  const { spawnMock } = await import("./mock-process.mjs");
  const own = mock === null;
  const api = own ? await spawnMock({ latencyMs: 0, generate: CLI_BASELINE_IDS }) : mock;
  const dir = mkdtempSync(join(tmpdir(), "webhook-delete-cli-scale-"));
  try {
    log(`cli scale: baseline, the same command over ${CLI_BASELINE_IDS} ids`);
    const baseline = await runCli(api, dir, CLI_BASELINE_IDS, "baseline");
    log(`cli scale: delete --ids-file with ${n} ids (zero latency, default concurrency)${n >= 100_000 ? "; this takes minutes" : ""}`);
    const run = await runCli(api, dir, n, "run");
    const d = (k) => run[k] - baseline[k];
    return {
      n, baselineN: CLI_BASELINE_IDS, baseline, run,
      peakRssAboveBaselineMB: d("peakRssMB"),
      heapTotalAboveBaselineMB: d("peakHeapTotalMB"),
      heapUsedAboveBaselineMB: d("peakHeapUsedMB"),
      arrayBuffersAboveBaselineMB: d("peakArrayBuffersMB"),
      wasmAboveBaselineMB: d("peakWasmMB"),
      idsPerSecond: run.idsPerSecond,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (own) await api.close();
  }
}

if (process.argv[1] === SELF) {
  const argv = process.argv.slice(2);
  const json = argv.includes("--json");
  const rest = argv.filter((a) => a !== "--json");
  const n = rest.length > 0 ? Number(rest[0]) : 1_000_000;
  if (!(Number.isSafeInteger(n) && n > CLI_BASELINE_IDS) || rest.length > 1) {
    process.stderr.write(`usage: node bench/cli-scale.mjs [N > ${CLI_BASELINE_IDS}] [--json]\n`);
    process.exit(2);
  }
  const r = await measureCliScale(n, { log: (m) => process.stderr.write(`[cli-scale] ${m}\n`) });
  if (json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  } else {
    const f = (x, d = 1) => x.toFixed(d);
    const b = r.baseline;
    const u = r.run;
    process.stdout.write([
      `CLI delete --ids-file, ${r.n} ids: ${u.deleted} deleted, ${f(u.idsPerSecond, 0)} ids/s (${f(u.bulkMs / 1000)} s; wall ${f(u.wallMs / 1000)} s)`,
      `peak RSS ${f(u.peakRssMB)} MB; over ${r.baselineN} ids ${f(b.peakRssMB)} MB; above baseline ${f(r.peakRssAboveBaselineMB)} MB`,
      `peaks, ${r.n} / ${r.baselineN} ids: heapTotal ${f(u.peakHeapTotalMB)} / ${f(b.peakHeapTotalMB)} MB, heapUsed ${f(u.peakHeapUsedMB)} / ${f(b.peakHeapUsedMB)} MB, arrayBuffers ${f(u.peakArrayBuffersMB)} / ${f(b.peakArrayBuffersMB)} MB, wasm ${f(u.peakWasmMB)} / ${f(b.peakWasmMB)} MB`,
    ].join("\n") + "\n");
  }
}
