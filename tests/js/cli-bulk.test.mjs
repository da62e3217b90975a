// Tests of the command line's bulk runs against the mock API (generic dialect): what is sent and
// what is not (a GET naming another id, output files that cannot be written), streamed ids,
// Ctrl-C, journals and --resume, pacing and concurrency.
//   cp js/node-sink.* js/cli.mjs pkg/ && node --test tests/js/cli-bulk.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleWebhooks } from "./support/mock-control.mjs";
import { cliTestContext, until } from "./support/cli-run.mjs";
import { readAuditFile } from "../../pkg/node-sink.mjs";

const fixture = cliTestContext("cli-bulk");

const deletes = async () => (await fixture.mock.requests("DELETE")).requests;
const exists = (path) => stat(path).then(() => true, () => false);
/** `count` more generic webhooks wh_more_01... (inactive for 90 days); resolves to their ids. */
async function addMore(count) {
  const ids = Array.from({ length: count }, (_, i) => `wh_more_${String(i + 1).padStart(2, "0")}`);
  await fixture.mock.add(ids.map((id) => ({ id, url: `https://more.example.com/${id}`, events: ["order.created"] })));
  return ids;
}
/** How many DELETE requests each id got. */
async function deletesPerId() {
  const counts = {};
  for (const q of await deletes()) counts[q.id] = (counts[q.id] ?? 0) + 1;
  return counts;
}

test("a GET answer naming another id fails that id (decode): nothing is sent for the other one, the summary is printed, exit 1", async () => {
  const busy = { id: "wh_busy", url: "https://a.example.com/hook", events: ["order.created"], active: true, delivery_count: 1, failure_count: 0 };
  await fixture.mock.fault("wh_fresh", [{ type: "raw", body: JSON.stringify(busy) }]);
  const r = await fixture.cli.run(["delete", "wh_fresh", "wh_stale", "--yes"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /wh_fresh.*\[decode\]/);
  assert.match(r.stdout, /Summary: 1 deleted, 0 not found, 1 failed/);
  assert.doesNotMatch(r.stdout, /ID: wh_busy/);
  assert.deepEqual((await deletes()).map((q) => q.id), ["wh_stale"]);
  await fixture.mock.fault("wh_fresh", [{ type: "raw", body: JSON.stringify(busy) }]);
  const j = await fixture.cli.run(["delete", "wh_fresh", "wh_busy", "--yes", "--json", "--dry-run"]);
  assert.equal(j.code, 1, "a dry run that could not show an id exits 1");
  assert.deepEqual(JSON.parse(j.stdout).webhooks.map((w) => w.id), ["wh_busy"]);
  assert.deepEqual((await deletes()).map((q) => q.id), ["wh_stale"]);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_busy", "wh_fresh", "wh_off"]);
});

test("an audit, backup, journal, plan or secrets file that cannot be written is a usage error (exit 2) and nothing is sent", async () => {
  const missing = join(fixture.dir, "no-such-dir", "file.jsonl");
  const planFile = join(fixture.dir, "unwritable-plan.json");
  await writeFile(planFile, JSON.stringify({ kind: "webhook-delete/plan", version: 1, provider: "generic", baseUrl: fixture.mock.generic,
    createdAt: new Date().toISOString(), filter: { all: true }, items: [] }));
  const backups = join(fixture.dir, "unwritable-backups.jsonl");
  await writeFile(backups, `${JSON.stringify({ webhook: { id: "wh_x", url: "https://x.example.com/", events: ["a"] } })}\n`);
  const cases = [
    [["delete", "wh_busy", "--yes", "--audit-file", fixture.dir], /cannot write the audit file/],
    [["delete", "wh_busy", "--yes", "--backup-file", missing], /cannot write the backup file/],
    [["delete", "wh_busy", "--yes", "--journal", missing], /cannot write the journal|cannot read the journal/],
    [["prune", "--yes", "--audit-file", missing], /cannot write the audit file/],
    [["apply", planFile, "--yes", "--backup-file", fixture.dir], /cannot write the backup file/],
    [["plan", "--all", "--out", missing], /cannot write the plan file/],
    [["restore", "--backup-file", backups, "--yes", "--secrets-file", missing], /cannot write the secrets file/],
  ];
  for (const [args, message] of cases) {
    const r = await fixture.cli.run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await fixture.mock.requests()).total, 0, "nothing was sent");
  assert.equal((await fixture.mock.ids()).length, 4);
});

test("--ids-file streams the ids (trimmed, blank lines skipped, repeats dropped) into one run; --json keeps only the failures", async () => {
  const file = join(fixture.dir, "ids.txt");
  await writeFile(file, "  wh_busy \n\nwh_fresh\r\n\t\nnope\nwh_stale\nwh_busy");
  await fixture.mock.fault("wh_stale", [{ type: "403" }]);
  const r = await fixture.cli.run(["delete", "--ids-file", file, "--yes", "--json", "--audit-file", join(fixture.dir, "ids-audit.jsonl")]);
  assert.equal(r.code, 1, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.deepEqual([result.total, result.deleted, result.notFound, result.failed], [4, 2, 1, 1]);
  assert.deepEqual(result.results.map((x) => [x.id, x.outcome, x.error.code]), [["wh_stale", "failed", "forbidden"]]);
  assert.deepEqual((await deletes()).map((q) => q.id).sort(), ["nope", "wh_busy", "wh_fresh", "wh_stale"]);
  assert.equal((await fixture.mock.requests("GET")).requests.length, 0, "streamed ids are not fetched one by one first");
  const entries = await readAuditFile(join(fixture.dir, "ids-audit.jsonl"));
  assert.deepEqual(entries.map((e) => e.webhookId).sort(), ["nope", "wh_busy", "wh_fresh", "wh_stale"]);
  const dry = await fixture.cli.run(["delete", "--ids-file", file, "--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /5 id line\(s\)/);
  assert.equal((await fixture.cli.run(["delete", "--ids-file", join(fixture.dir, "absent.txt"), "--yes"])).code, 2);
  await fixture.mock.add(sampleWebhooks());
  await fixture.mock.clearRequests();
  const bad = join(fixture.dir, "bad-ids.txt");
  await writeFile(bad, "wh_busy\n..\nwh_fresh\n");
  const stopped = await fixture.cli.run(["delete", "--ids-file", bad, "--yes", "--concurrency", "1", "--audit-file", join(fixture.dir, "bad-audit.jsonl")]);
  assert.equal(stopped.code, 2, stopped.stderr);
  assert.match(stopped.stderr, /invalid_input/);
  assert.match(stopped.stderr, /The run stopped after 1 id\(s\) had ended; their outcomes are in \S*bad-audit\.jsonl/);
  assert.deepEqual((await deletes()).map((q) => q.id), ["wh_busy"], "nothing after the bad id is sent");
});

test("delete - reads the ids from stdin with --yes; without --yes, or mixed with ids, it is a usage error", async () => {
  const refused = await fixture.cli.run(["delete", "-"], { input: "wh_busy\n" });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--yes/);
  assert.equal((await fixture.cli.run(["delete", "wh_off", "-", "--yes"], { input: "wh_busy\n" })).code, 2);
  assert.equal((await fixture.cli.run(["delete", "wh_off", "--ids-file", "x", "--yes"])).code, 2);
  assert.equal((await fixture.mock.requests()).total, 0);
  const r = await fixture.cli.run(["delete", "-", "--yes"], { input: "wh_busy\n\n  wh_off  \n" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Summary: 2 deleted, 0 not found, 0 failed/);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_fresh", "wh_stale"]);
});

test("in a real terminal, --ids-file asks once naming the file and its lines; y runs with a progress bar showing the rate", async () => {
  const file = join(fixture.dir, "asked.txt");
  await writeFile(file, "wh_busy\nwh_fresh\n\nwh_stale\n");
  const no = await fixture.cli.pty(["delete", "--ids-file", file], { answer: "n" });
  assert.equal(no.prompted, true, no.output);
  assert.match(no.output, /Delete every webhook listed in \S*asked\.txt \(3 id line\(s\)\)\? \(y\/N\)/);
  assert.match(no.output, /Deletion cancelled/);
  assert.equal(no.exitCode, 0, no.output);
  assert.equal((await fixture.mock.requests()).total, 0);
  const yes = await fixture.cli.pty(["delete", "--ids-file", file], { answer: "y" });
  assert.equal(yes.exitCode, 0, yes.output);
  assert.match(yes.output, /\r\[#{20}\] 3\/3 deleted 3 not found 0 failed 0 {2}\d+\.\d\/s/);
  assert.deepEqual(await fixture.mock.ids(), ["wh_off"]);
});

test("in a real terminal, Ctrl-C during delete --backup-file over a slow API stops the run; every id ends with an audit entry", async () => {
  const ids = ["wh_busy", "wh_fresh", "wh_stale", "wh_off", ...(await addMore(4))];
  await fixture.mock.reset({ latencyMs: 100 });
  await fixture.mock.add(sampleWebhooks());
  await addMore(4);
  const audit = join(fixture.dir, "ctrl-c-audit.jsonl");
  const backup = join(fixture.dir, "ctrl-c-backup.jsonl");
  const r = await fixture.cli.pty(["delete", ...ids, "--yes", "--concurrency", "1", "--audit-file", audit, "--backup-file", backup],
    { interruptOn: "\r[", timeout: 20 });
  assert.equal(r.timedOut, false, r.output);
  assert.equal(r.interrupted, true, r.output);
  assert.match(r.output, /Interrupted/);
  assert.equal(r.exitCode, 1, r.output);
  const entries = await readAuditFile(audit);
  assert.deepEqual(entries.map((e) => e.webhookId).sort(), [...ids].sort(), "one entry per id");
  assert.ok(entries.some((e) => e.outcome === "aborted"), "ids not sent end as aborted");
  const left = new Set(await fixture.mock.ids());
  const backedUp = new Set((await readFile(backup, "utf8")).trim().split("\n").map((l) => JSON.parse(l).webhook.id));
  for (const e of entries) {
    if (e.outcome === "deleted") assert.ok(!left.has(e.webhookId), `${e.webhookId} was deleted`);
    if (!left.has(e.webhookId)) assert.ok(backedUp.has(e.webhookId), `${e.webhookId} was backed up before it was deleted`);
  }
  assert.ok(left.size > 0, "the run stopped before the end");
});

test("--resume picks up a run killed with kill -9: nothing is deleted twice, every deleted webhook has one audit entry", async () => {
  await fixture.mock.reset({ latencyMs: 60 });
  const ids = await addMore(12);
  const file = join(fixture.dir, "resume-ids.txt");
  await writeFile(file, `${ids.join("\n")}\n`);
  const audit = join(fixture.dir, "resume-audit.jsonl");
  const args = ["delete", "--ids-file", file, "--yes", "--concurrency", "2", "--audit-file", audit];
  const first = fixture.cli.start([...args, "--resume"]);
  await until(async () => (await deletes()).length >= 4, 10_000, "four DELETEs");
  first.child.kill("SIGKILL");
  assert.equal((await first.done).signal, "SIGKILL");
  assert.ok((await fixture.mock.ids()).length > 0, "killed before the end");
  const again = await fixture.cli.run(args);
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /resume-audit\.jsonl\.journal holds a run that did not finish/);
  assert.match(again.stderr, /--resume/);
  const resumed = await fixture.cli.run([...args, "--resume", "--json"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const result = JSON.parse(resumed.stdout);
  assert.equal(result.total, 12);
  assert.equal(result.deleted, 12, "ids ended in the killed run count as before");
  assert.deepEqual(await fixture.mock.ids(), []);
  const perId = await deletesPerId();
  for (const id of ids) assert.equal(perId[id], 1, `${id} got one DELETE`);
  const deleted = (await readAuditFile(audit)).filter((e) => e.outcome === "deleted").map((e) => e.webhookId);
  assert.deepEqual(deleted.sort(), ids, "one deleted entry per webhook across both runs");
  assert.equal(await exists(`${audit}.journal`), false, "the finished run's journal is removed");
});

test("--journal FILE: a run stopped by Ctrl-C is resumed with --resume, and nothing is deleted twice", async () => {
  await fixture.mock.reset({ latencyMs: 60 });
  const ids = await addMore(10);
  const journal = join(fixture.dir, "ctrl-c.journal");
  const args = ["delete", ...ids, "--yes", "--concurrency", "2", "--journal", journal];
  const first = fixture.cli.start(args);
  await until(async () => (await deletes()).length >= 3, 10_000, "three DELETEs");
  first.child.kill("SIGINT");
  const stopped = await first.done;
  assert.equal(stopped.code, 1, stopped.stderr);
  assert.match(stopped.stderr, /Interrupted/);
  assert.match(stopped.stderr, /--resume/);
  assert.match(stopped.stdout, /skipped/);
  const refused = await fixture.cli.run(args);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /ctrl-c\.journal holds a run that did not finish for generic at http:\/\/127\.0\.0\.1:\d+\/generic \(\d+ id\(s\) started, \d+ ended\)/);
  const resumed = await fixture.cli.run([...args, "--resume"]);
  assert.match(resumed.stdout, /Summary: /);
  const perId = await deletesPerId();
  for (const id of ids) assert.ok((perId[id] ?? 0) <= 1, `${id} got at most one DELETE`);
  const skipped = ids.filter((id) => !(id in perId) || perId[id] === 0);
  assert.deepEqual(skipped, [], "every id skipped by the interrupted run was sent by the resumed one");
});

test("--rps paces every request (the mock's log shows them 1000/N ms apart); --concurrency bounds those in flight", async () => {
  const r = await fixture.cli.run(["delete", "wh_busy", "wh_fresh", "wh_stale", "--yes", "--rps", "5"]);
  assert.equal(r.code, 0, r.stderr);
  const starts = (await fixture.mock.requests()).requests.map((q) => q.startedAt).sort((a, b) => a - b);
  assert.equal(starts.length, 6, "three GETs to show them, three DELETEs");
  // The first request also opens the connection, so it may reach the server late: gaps are measured after it.
  for (let i = 2; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= 150, `request ${i} came ${starts[i] - starts[i - 1]} ms after the one before`);
  assert.ok(starts.at(-1) - starts[0] >= 850, `six requests at 5 a second took ${starts.at(-1) - starts[0]} ms`);
  assert.equal((await fixture.cli.run(["list", "--rps", "0"])).code, 2);
  await fixture.mock.reset({ latencyMs: 40 });
  const ids = await addMore(12);
  const file = join(fixture.dir, "concurrency-ids.txt");
  await writeFile(file, ids.join("\n"));
  const c = await fixture.cli.run(["delete", "--ids-file", file, "--yes", "--concurrency", "3"]);
  assert.equal(c.code, 0, c.stderr);
  const log = await fixture.mock.requests();
  assert.equal(log.byMethod.DELETE, 12);
  assert.ok(log.maxInFlight <= 3 && log.maxInFlight >= 2, `at most 3 in flight (saw ${log.maxInFlight})`);
});
