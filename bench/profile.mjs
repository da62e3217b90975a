#!/usr/bin/env node
// Where a call's CPU time goes: runs a loop of deletes under V8's sampling profiler (through
// node:inspector) and sorts the samples into buckets: the wasm code (the fetch transport is in
// it), the wasm-bindgen glue, undici (Request/Response/body), web streams (the body is read chunk
// by chunk up to maxResponseBytes), AbortController/EventTarget, timers, GC...
// Not a benchmark with targets: a tool to explain the figures of run.mjs (see README.md).
//
//   node bench/profile.mjs [seq|bulk|peer|net|net-peer] [N]
//     seq       webhook-delete, sequential deleteWebhook, injected fetch answering at once (default)
//     bulk      webhook-delete, deleteMany concurrency 16, injected fetch answering at once
//     peer      the plain-JS peer, sequential, same injected answer (+ new Request, as fetch does)
//     net       webhook-delete, sequential deleteWebhook against the mock API in its own process
//     net-peer  the plain-JS peer, sequential, against the mock API in its own process

import { Session } from "node:inspector/promises";
import { WebhookClient } from "../pkg/node/webhook_delete.js";
import { spawnMock } from "./mock-process.mjs";
import { genericHeaders, rawDelete } from "./peers.mjs";

const mode = process.argv[2] ?? "seq";
const N = Number(process.argv[3] ?? 20000);
const body = JSON.stringify({
  id: "x", status: "deleted", message: "Webhook deleted successfully", deleted_at: "2026-01-01T00:00:00Z",
  final_statistics: { total_deliveries: 1250, total_failures: 3, success_rate: 99.76, last_delivery_at: "2026-01-01T00:00:00Z" },
});
const answer = () => new Response(body, { status: 200, headers: { "content-type": "application/json", "x-request-id": "req_1" } });
const ids = (from, count) => Array.from({ length: count }, (_, i) => `wh_gen_${String(from + i).padStart(6, "0")}`);

let mock = null;
let baseUrl = "http://127.0.0.1:9/generic"; // never contacted with an injected fetch
if (mode.startsWith("net")) {
  mock = await spawnMock({ latencyMs: 0, generate: N + 1000 });
  baseUrl = mock.baseUrl;
}
const injected = mode.startsWith("net") ? {} : { fetch: async () => answer() };
const client = new WebhookClient({ apiKey: "test-key", provider: "generic", baseUrl, retry: false, ...injected });
const headers = genericHeaders("test-key");
const peerFetch = mode.startsWith("net")
  ? globalThis.fetch
  : async (url, init) => {
      new Request(url, init); // what the global fetch builds first
      return answer();
    };

async function work(list) {
  if (mode === "seq" || mode === "net") for (const id of list) await client.deleteWebhook(id);
  else if (mode === "bulk") await client.deleteMany(list, { concurrency: 16 });
  else if (mode === "peer" || mode === "net-peer") for (const id of list) await rawDelete(baseUrl, headers, id, peerFetch);
  else throw new Error(`unknown mode ${mode}`);
}

await work(ids(N + 1, 500)); // warm-up
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await work(ids(1, N));
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const { profile } = await session.post("Profiler.stop");
session.disconnect();
if (mock) await mock.close();

const isWasm = ({ url, functionName: fn }) => url.startsWith("wasm://") || /^(wasm-|js-to-wasm|wasm-to-js)/.test(fn);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
/** Wasm frames belong to whoever called into wasm: undici's HTTP parser (llhttp) or this package. */
function wasmOwner(node) {
  for (let id = parent.get(node.id); id !== undefined; id = parent.get(id)) {
    const frame = byId.get(id).callFrame;
    if (isWasm(frame)) continue;
    return frame.url.includes("undici") ? "undici's llhttp (wasm)" : "webhook-delete wasm code";
  }
  return "webhook-delete wasm code";
}

function bucket(frame, node) {
  const { url, functionName: fn } = frame;
  if (isWasm(frame)) return wasmOwner(node);
  if (url.includes("webhook_delete.js")) return "wasm-bindgen glue";
  if (url.includes("peers.mjs") || url.includes("profile.mjs")) return "benchmark/peer code";
  if (url.includes("undici")) return "undici (fetch, Request, Response, body)";
  if (/abort_controller|event_target|node:events|js_transferable/.test(url)) return "AbortController / EventTarget";
  if (url.includes("timers")) return "timers";
  if (url.includes("webstreams")) return "web streams";
  if (url.includes("encoding")) return "TextEncoder / TextDecoder";
  if (/node:net|node:_http|stream|node:internal\/(net|stream_base|dns)|tcp_wrap/.test(url)) return "sockets / streams";
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(idle)") return "idle";
  if (fn === "(program)") return "(program)";
  if (url === "") return "V8 builtins / natives";
  return "other Node internals";
}

const selfTime = new Map();
for (let i = 0; i < profile.samples.length; i++) selfTime.set(profile.samples[i], (selfTime.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
const buckets = new Map();
let total = 0;
let idle = 0;
for (const node of profile.nodes) {
  const t = selfTime.get(node.id) ?? 0;
  const b = bucket(node.callFrame, node);
  if (b === "idle") idle += t;
  else total += t;
  buckets.set(b, (buckets.get(b) ?? 0) + t);
}
buckets.delete("idle");
const cpuUs = (cpu.user + cpu.system) / N;
console.log(`${mode}: ${N} calls, ${((wallMs / N) * 1000).toFixed(1)} µs wall/call, ${cpuUs.toFixed(1)} µs CPU/call (all threads), main thread busy ${((total / (total + idle)) * 100).toFixed(0)}%`);
for (const [name, t] of [...buckets].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${((t / total) * 100).toFixed(1).padStart(5)}%  ${(t / N).toFixed(1).padStart(6)} µs/call  ${name}`);
}
