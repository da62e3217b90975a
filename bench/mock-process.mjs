// Runs the mock API (tests/mock/server.mjs) in its own Node process, so the server and the client
// under test never share an event loop, and drives it through its /__mock/ control routes.

import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("../tests/mock/server.mjs", import.meta.url));
const live = new Set();
let clockTicks = null;

/** CPU time (user + system, ms) a process has used so far, from /proc; null where there is none. */
export function processCpuMs(pid) {
  try {
    if (clockTicks === null) clockTicks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
  } catch {
    return null;
  }
}

process.once("exit", () => {
  for (const child of live) child.kill("SIGTERM");
});

/**
 * Starts a mock API process. Options: latencyMs, faultRate, randomSeed, generate (generic
 * webhooks wh_gen_000001...). The default seed is off and request records are off (counters
 * still run). Resolves to { url, baseUrl, pid, reset(opts), requests(), addWebhooks(dialect, list),
 * addAttempts(id, list), clearRequests(), addFaults(queue), webhookCount(dialect), cpuMs(), close() }.
 */
export async function spawnMock({ latencyMs = 0, faultRate = 0, randomSeed = 1, generate = 0 } = {}) {
  const args = [
    SERVER, "--port", "0", "--latency", String(latencyMs), "--fault-rate", String(faultRate),
    "--random-seed", String(randomSeed), "--generate", String(generate), "--no-seed",
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`mock API did not start in 10 s: ${stderr}`)), 10_000);
    child.stdout.setEncoding("utf8").on("data", (s) => {
      out += s;
      const m = /^MOCK_API_URL=(\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mock API exited with ${code}: ${stderr}`));
    });
  });
  child.stdout.resume();

  // Control requests use their own short-lived connection (agent: false), never the fetch pool the
  // client under test uses: they stay out of its connection pool, and a pooled socket the server
  // closed while this process sat in spawnSync can never be picked for them.
  const control = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body ? JSON.stringify(body) : "";
      const req = http.request(`${url}${path}`, {
        method,
        agent: false,
        headers: body ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {},
      });
      req.on("error", reject);
      req.on("response", (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
            if (res.statusCode !== 200) reject(new Error(`mock ${method} ${path}: ${res.statusCode} ${JSON.stringify(json)}`));
            else resolve(json);
          } catch (error) {
            reject(error);
          }
        });
      });
      req.end(payload);
    });
  const mock = {
    url,
    baseUrl: `${url}/generic`,
    pid: child.pid,
    /** Clears stores and counters and regenerates; options left out keep their start-up values. */
    reset: (opts = {}) => control("POST", "/__mock/reset", { seed: false, record: false, ...opts }),
    /** { total, maxInFlight, inFlight, byMethod, byStatus, record, requests } (records only after reset({ record: true })). */
    requests: () => control("GET", "/__mock/requests"),
    /** Adds webhooks to one dialect's store ("exa" | "generic"); missing fields get the mock's defaults. */
    addWebhooks: (dialect, webhooks) => control("POST", "/__mock/webhooks", { dialect, webhooks }),
    /** Adds partial delivery attempts to the Exa webhook `id` (tests/mock/README.md, Control routes). */
    addAttempts: (id, attempts) => control("POST", "/__mock/attempts", { id, attempts }),
    /** Clears the request records and counters (max in flight included), not the stores. */
    clearRequests: () => control("POST", "/__mock/requests/clear"),
    /** Queues faults: { dialect, id | list: true, route?, faults: [...] } (tests/mock/README.md, Faults). */
    addFaults: (queue) => control("POST", "/__mock/faults", queue),
    /** How many webhooks one dialect's store holds ("exa" | "generic"). */
    webhookCount: (dialect) => control("GET", `/__mock/webhooks?dialect=${dialect}`).then((r) => r.count),
    /** CPU ms the server process has used so far (Linux; null elsewhere). Resolution: one clock tick. */
    cpuMs: () => processCpuMs(child.pid),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
  await mock.reset({ generate });
  return mock;
}
