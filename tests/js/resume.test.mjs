// Crash test of the resumable bulk run: a child process deletes 2,000 webhooks with a file
// journal and an fsync'd file audit sink, is killed with SIGKILL at a random moment, and is run
// again with the same journal and audit file to completion. Checked against the mock's request
// log and the audit file: every webhook the server deleted has exactly one `deleted` entry, no id
// is sent a DELETE once it had a `deleted` entry, and the counts add up.
//   cp js/node-sink.* pkg/ && node --test tests/js/resume.test.mjs
// RESUME_SEED=N repeats the kill moments of an earlier run (each run prints its seed).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMockApi } from "../mock/server.mjs";
import { readAuditFile } from "../../pkg/node-sink.mjs";

const RUN = fileURLToPath(new URL("./support/resume-run.mjs", import.meta.url));
const API_KEY = "test-key";
const COUNT = 2000;
const LATENCY_MS = 15;
const IDS = Array.from({ length: COUNT }, (_, i) => `wh_gen_${String(i + 1).padStart(6, "0")}`);

const seed = Number(process.env.RESUME_SEED ?? Date.now() % 1_000_000);
/** A small seeded PRNG (mulberry32), so the kill moments of a run can be repeated. */
const random = (() => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

/**
 * When each trial kills the first run: after `afterMs` from its start, or once the mock has received
 * `deletes` DELETEs (plus `thenMs`). Early (while it starts, usually before its first DELETE, and
 * at its first DELETEs), in the middle, late, and after the last DELETE (while the last entries
 * and journal ends are being written). With `tear`, the journal and the audit file are also left
 * with the start of a line whose append was under way (as power loss mid-append leaves them).
 */
const TRIALS = [
  { name: "at start-up", afterMs: between(30, 90) },
  { name: "at the first DELETEs", deletes: between(1, 20), tear: true },
  { name: "early", deletes: between(21, 300) },
  { name: "middle", deletes: between(300, 1700), tear: true },
  { name: "middle", deletes: between(300, 1700) },
  { name: "late", deletes: between(1700, 1990), tear: true },
  { name: "after the last DELETE", deletes: COUNT, thenMs: between(0, LATENCY_MS + 25) },
];

let api;
let dir;

before(async () => {
  api = await startMockApi({ seed: false, latencyMs: LATENCY_MS });
  dir = await mkdtemp(join(tmpdir(), "webhook-delete-resume-"));
});
after(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Starts the bulk run in a child process; `exited` resolves to its exit code, signal and output. */
function startRun(files) {
  const child = spawn(process.execPath, [RUN], {
    env: { ...process.env, BASE_URL: `${api.url}/generic`, API_KEY, JOURNAL: files.journal, AUDIT: files.audit, COUNT: String(COUNT) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

const deletesSoFar = () => api.state.byMethod.DELETE ?? 0;

/** Resolves once the mock has no request in flight (the killed run's last answers are out). */
async function mockSettled() {
  while (api.state.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, LATENCY_MS + 20));
}

/** Kills the run with SIGKILL at the trial's moment; resolves to what the moment turned out to be. */
function killAt(run, trial) {
  const started = performance.now();
  return new Promise((resolve) => {
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      api.server.off("request", onRequest);
      run.child.kill("SIGKILL");
      resolve({ ms: Math.round(performance.now() - started), deletes: deletesSoFar() });
    };
    const onRequest = (req) => {
      if (req.method === "DELETE" && deletesSoFar() >= trial.deletes) {
        if (trial.thenMs) setTimeout(kill, trial.thenMs);
        else kill();
      }
    };
    if (trial.afterMs !== undefined) setTimeout(kill, trial.afterMs);
    else api.server.on("request", onRequest);
    run.exited.then(() => {
      if (!killed) {
        killed = true;
        api.server.off("request", onRequest);
        resolve(null);
      }
    });
  });
}

/** Counts the `deleted` entries per id of an audit file's entries. */
function deletedCounts(entries) {
  const counts = new Map();
  for (const e of entries) if (e.outcome === "deleted") counts.set(e.webhookId, (counts.get(e.webhookId) ?? 0) + 1);
  return counts;
}

const outcomes = [];

/** One trial: a run killed at the trial's moment, then resumed to the end, checked against the mock. */
async function runTrial(n, t) {
  const trial = TRIALS[n];
  api.state.reset({ seed: false, generate: COUNT });
  const files = { journal: join(dir, `journal-${n}.jsonl`), audit: join(dir, `audit-${n}.jsonl`) };

  // First run, killed.
  const first = startRun(files);
  let moment = await killAt(first, trial);
  const firstExit = await first.exited;
  // A kill sent as the run was exiting (the last trial's window) can find it already ended.
  if (moment !== null && firstExit.signal === null && firstExit.code === 0) moment = null;
  await mockSettled();
  const cut = api.state.total; // requests up to here came from the first run
  const journalAfterKill = await readFile(files.journal, "utf8").catch(() => "");
  const journalTornByKill = journalAfterKill !== "" && !journalAfterKill.endsWith("\n");
  if (trial.tear) {
    await appendFile(files.journal, `{"end":[["${IDS[0]}","dele`);
    await appendFile(files.audit, `{"webhookId":"${IDS[1]}","action":"delete","outcome":"dele`);
  }
  const auditAfterKill = await readAuditFile(files.audit).catch((err) => (err.code === "ENOENT" ? [] : Promise.reject(err)));
  if (trial.tear) assert.notEqual(auditAfterKill.torn, null, "readAuditFile reports the torn line");
  if (moment !== null) assert.equal(firstExit.signal, "SIGKILL", `first run: ${firstExit.stderr}`);
  else assert.equal(firstExit.code, 0, `first run ended before the kill, with: ${firstExit.stderr}`);

  // Second run, to completion, with the same journal and audit file.
  const second = startRun(files);
  const secondExit = await second.exited;
  assert.equal(secondExit.code, 0, `resumed run failed: ${secondExit.stderr}`);
  const { result, pending } = JSON.parse(secondExit.stdout);
  assert.equal(pending, 0, "the resumed run's audit entries all reached the file");

  const requests = api.state.snapshot().requests;
  const deletes = requests.filter((r) => r.method === "DELETE");
  const firstDeletes = deletes.filter((r) => r.seq <= cut);
  const secondDeletes = deletes.filter((r) => r.seq > cut);
  const secondGets = requests.filter((r) => r.method === "GET" && r.seq > cut);

  // The server: every one of the 2,000 is gone, each deleted by exactly one DELETE, and no
  // DELETE ever reached an id that was already gone.
  assert.equal(api.state.storeContents("generic").count, 0, "every webhook is deleted on the server");
  assert.deepEqual(deletes.filter((r) => r.status !== 200).map((r) => [r.id, r.status]), [], "no DELETE answered other than 200");
  const serverDeleted = new Set(deletes.map((r) => r.id));
  assert.equal(deletes.length, COUNT, "one DELETE per id across both runs");
  assert.deepEqual([...serverDeleted].sort(), IDS, "the ids deleted on the server are exactly the 2,000");

  // The audit file: exactly one `deleted` entry per deleted webhook, and nothing else.
  const entries = await readAuditFile(files.audit);
  assert.equal(entries.torn, null, "no torn line is left in the audit file");
  const counts = deletedCounts(entries);
  const twice = [...counts].filter(([, c]) => c !== 1);
  assert.deepEqual(twice, [], "ids with more than one deleted entry");
  assert.deepEqual([...counts.keys()].sort(), IDS, "every deleted webhook has its deleted entry");
  assert.equal(entries.length, COUNT, "one audit line per id, all of them deleted");

  // No id was sent a DELETE after a `deleted` entry for it existed.
  const deletedBeforeResume = deletedCounts(auditAfterKill);
  const resent = secondDeletes.filter((r) => deletedBeforeResume.has(r.id)).map((r) => r.id);
  assert.deepEqual(resent, [], "ids sent a DELETE by the resumed run although the audit file had them deleted");

  // The counts: the first run's entries plus the second run's new ones are the server's
  // deletions; the resumed run's result counts the ids the first run ended as before.
  const firstRunDeleted = [...deletedBeforeResume.values()].reduce((a, b) => a + b, 0);
  const secondRunDeleted = entries.length - auditAfterKill.length;
  assert.equal(firstRunDeleted, auditAfterKill.length, "the killed run wrote only deleted entries");
  assert.equal(firstRunDeleted + secondRunDeleted, serverDeleted.size);
  assert.equal(firstRunDeleted + secondRunDeleted, firstDeletes.length + secondDeletes.length);
  assert.deepEqual(
    { total: result.total, deleted: result.deleted, notFound: result.notFound, failed: result.failed, skipped: result.skipped, changed: result.changed },
    { total: COUNT, deleted: COUNT, notFound: 0, failed: 0, skipped: 0, changed: 0 },
  );
  // Ids the first run had sent (the journal knew them started) were checked, not sent again.
  assert.ok(secondGets.length >= firstDeletes.length - firstRunDeleted,
    `in-flight ids checked with a GET: ${secondGets.length}, first-run DELETEs without an audit entry: ${firstDeletes.length - firstRunDeleted}`);

  const outcome = {
    trial: n + 1, moment: trial.name,
    killedAt: moment === null ? "never (the run had ended)" : `${moment.ms} ms, ${moment.deletes} DELETEs received`,
    journalLinesAtKill: journalAfterKill === "" ? 0 : journalAfterKill.split("\n").length - 1,
    journalTornByKill, tornLinesAdded: Boolean(trial.tear),
    auditEntriesAtKill: auditAfterKill.length,
    firstRunDeletes: firstDeletes.length, resumedDeletes: secondDeletes.length, resumedChecks: secondGets.length,
    resumedMs: JSON.parse(secondExit.stdout).ms,
  };
  outcomes.push(outcome);
  t.diagnostic(JSON.stringify(outcome));
}

// One line per trial (not a loop), so that the suite's count of tests can be read from this file.
const title = (n) => `killed ${TRIALS[n].name} (trial ${n + 1}), then resumed: one deleted entry per deleted webhook, no DELETE after it`;
test(title(0), (t) => runTrial(0, t));
test(title(1), (t) => runTrial(1, t));
test(title(2), (t) => runTrial(2, t));
test(title(3), (t) => runTrial(3, t));
test(title(4), (t) => runTrial(4, t));
test(title(5), (t) => runTrial(5, t));
test(title(6), (t) => runTrial(6, t));

test("the trials killed the run at different moments, early and late among them", (t) => {
  t.diagnostic(`seed ${seed} (RESUME_SEED=${seed} repeats these moments)`);
  assert.equal(outcomes.length, TRIALS.length, "every trial ran");
  const killed = outcomes.filter((o) => !o.killedAt.startsWith("never"));
  assert.ok(killed.length >= 5, `at least 5 runs were killed mid-way: ${killed.length}`);
  assert.ok(outcomes.some((o) => o.firstRunDeletes <= 20), "one kill came at the start");
  assert.ok(outcomes.some((o) => o.firstRunDeletes >= 1700), "one kill came late");
  assert.ok(outcomes.some((o) => o.firstRunDeletes > 0 && o.resumedChecks > 0), "a resumed run checked ids that were in flight");
});
