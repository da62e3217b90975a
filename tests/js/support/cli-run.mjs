// Runs the built command line (pkg/cli.mjs) as a child process against a mock API started with
// support/mock-control.mjs: with stdin a pipe (not a terminal), or inside a real pseudo-terminal
// through support/pty_run.py. Shared by the tests/js/cli*.test.mjs files.
import { before, after, beforeEach } from "node:test";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { API_KEY, sampleWebhooks, startMock } from "./mock-control.mjs";

export const CLI = fileURLToPath(new URL("../../../pkg/cli.mjs", import.meta.url));
const PTY_RUN = fileURLToPath(new URL("./pty_run.py", import.meta.url));

/** The environment without any API key but those in `extra`. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of ["WEBHOOK_API_KEY", "EXA_API_KEY"]) if (!(name in extra)) delete env[name];
  return env;
}

/**
 * A runner bound to `mock`. Every call appends `--provider generic --base-url <mock>` unless
 * `generic: false`; `exa: true` appends `--base-url <mock's Exa>` instead.
 */
export function cliRunner(mock) {
  const target = ({ generic = true, exa = false }) => {
    if (exa) return ["--base-url", mock.exa];
    return generic ? ["--provider", "generic", "--base-url", mock.generic] : [];
  };

  /** Runs to the end; stdin gets `input` (or is closed at once). Resolves to { code, stdout, stderr }. */
  function run(args, { env = { WEBHOOK_API_KEY: API_KEY }, input = "", timeout = 20_000, ...where } = {}) {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, [CLI, ...args, ...target(where)], { env: cleanEnv(env), timeout, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => resolve({ code: err ? err.code : 0, signal: err?.signal ?? null, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  /** Starts a run to be signalled or killed: { child, done } where done resolves like run(). */
  function start(args, { env = { WEBHOOK_API_KEY: API_KEY }, ...where } = {}) {
    const child = spawn(process.execPath, [CLI, ...args, ...target(where)], { env: cleanEnv(env), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end();
    const done = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, done };
  }

  /**
   * Runs in a real pseudo-terminal, answers its (y/N) question with `answer` (after
   * `answerDelay` seconds) and types Ctrl-C once `interruptOn` appears. Resolves to pty_run's
   * report: { exitCode, signal, prompted, interrupted, timedOut, output }.
   */
  function pty(args, { answer = "n", answerDelay = 0, interruptOn = null, timeout = 15, ...where } = {}) {
    const argv = [PTY_RUN, "--answer", answer, "--answer-delay", String(answerDelay), "--timeout", String(timeout),
      ...(interruptOn === null ? [] : ["--interrupt-on", interruptOn]), "--", process.execPath, CLI, ...args, ...target(where)];
    return new Promise((resolve, reject) => {
      execFile("python3", argv, { env: cleanEnv({ WEBHOOK_API_KEY: API_KEY }), timeout: (timeout + 5) * 1000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`pty_run failed: ${err.message}\n${stderr}`));
        resolve(JSON.parse(stdout));
      });
    });
  }

  return { run, start, pty };
}

/**
 * Registers the hooks of a CLI test file: one mock API and one temporary folder for the file, and
 * before each test the mock emptied and given `webhooks()` (generic; default the sample set).
 * Resolves nothing: the returned object's `mock`, `dir` and `cli` (a cliRunner) are set once the
 * file's first hook has run.
 */
export function cliTestContext(name, webhooks = sampleWebhooks) {
  const context = { mock: null, dir: null, cli: null };
  before(async () => {
    context.mock = await startMock();
    context.dir = await mkdtemp(join(tmpdir(), `webhook-delete-${name}-`));
    context.cli = cliRunner(context.mock);
  });
  after(async () => {
    await context.mock.close();
    await rm(context.dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await context.mock.reset();
    await context.mock.add(webhooks());
  });
  return context;
}

/** Polls `probe` every 20 ms until it returns a truthy value (or fails after `ms`). */
export async function until(probe, ms = 10_000, what = "condition") {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
