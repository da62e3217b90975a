// Preloaded into a CLI process by bench/cli-scale.mjs (`node --import ./bench/cli-probe.mjs
// pkg/cli.mjs ...`), so that the memory of a streamed run can be split into its parts without
// changing what the CLI does. It samples process.memoryUsage() and the package's wasm linear
// memory (found through bench/memory-probe.mjs) every 100 ms on an unref'd timer, and when the
// process exits writes the peaks, and the kernel's exact peak RSS (VmHWM), as one JSON object to
// the file named by WEBHOOK_DELETE_PROBE_OUT. Without that variable it does nothing.

import { writeFileSync } from "node:fs";
import { peakRss, sample } from "./memory-probe.mjs";

const out = process.env.WEBHOOK_DELETE_PROBE_OUT;
if (out) {
  const first = sample();
  const peak = { ...first };
  let samples = 0;
  const take = () => {
    const s = sample();
    samples++;
    for (const k of Object.keys(peak)) if (s[k] > peak[k]) peak[k] = s[k];
  };
  setInterval(take, 100).unref();
  process.once("exit", () => {
    take();
    writeFileSync(out, JSON.stringify({ first, peak, last: sample(), samples, peakRssExact: peakRss() }));
  });
}
