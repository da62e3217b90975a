// What the memory benchmarks read inside a fresh child process. Import it statically, before the
// package is imported (dynamically), so that the package's WebAssembly.Memory can be found:
//
//   import { wasmBytes, resetPeakRss, peakRss, settledBaseline } from "./memory-probe.mjs";
//   const { WebhookClient } = await import("../pkg/node/webhook_delete.js");
//
// - wasmBytes(): the size of the package's wasm linear memory (it only ever grows, in 64 KiB pages).
//   V8 keeps it outside the JS heap: not in heapUsed, not in arrayBuffers; in `external` and, once
//   its pages are touched, in rss. The WebAssembly.Instance constructor is wrapped until the first
//   instance with an exported memory is made, so the memory can be read exactly.
// - resetPeakRss() / peakRss(): Linux keeps the process's peak RSS (VmHWM in /proc/self/status);
//   writing 5 to /proc/self/clear_refs resets it to the current RSS. The peak is then exact: no
//   sampling interval can miss a spike (a body copied and dropped within a millisecond included).

import { readFileSync, writeFileSync } from "node:fs";

let memory = null;
const NativeInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(NativeInstance, {
  construct(target, args, newTarget) {
    const instance = Reflect.construct(target, args, newTarget);
    if (memory === null && instance.exports.memory instanceof WebAssembly.Memory) {
      memory = instance.exports.memory;
      WebAssembly.Instance = NativeInstance;
    }
    return instance;
  },
});

/** Stops looking for the package's memory (call after the package was imported). */
export function stopProbing() {
  WebAssembly.Instance = NativeInstance;
}

/** Bytes of the package's wasm linear memory; 0 before the package was instantiated. */
export const wasmBytes = () => (memory ? memory.buffer.byteLength : 0);

function status(field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resets the kernel's peak-RSS mark to the current RSS; false where that is not possible. */
export function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The process's peak RSS (bytes) since start or the last resetPeakRss(); NaN where Linux's /proc is missing. */
export const peakRss = () => status("VmHWM");

/** Two full GCs (with --expose-gc), a pause, two more: what is left is what the process keeps. */
export async function collect() {
  for (let i = 0; i < 2; i++) {
    globalThis.gc?.();
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One memory sample: rss, heapTotal, heapUsed, external, arrayBuffers (process.memoryUsage()) and wasm. */
export function sample() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, wasm: wasmBytes() };
}

/**
 * Samples every `everyMs` (each sample goes to onSample too) and keeps the highest value of each
 * field; stop() takes a last sample and returns the peaks.
 */
export function sampler(everyMs, onSample = () => {}) {
  const peak = sample();
  const take = () => {
    const s = sample();
    for (const k of Object.keys(peak)) if (s[k] > peak[k]) peak[k] = s[k];
    onSample(s);
  };
  const timer = setInterval(take, everyMs);
  return {
    peak,
    stop() {
      take();
      clearInterval(timer);
      return peak;
    },
  };
}
