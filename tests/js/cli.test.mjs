// Tests of the `webhook-delete` command line (pkg/cli.mjs, copied there from js/cli.mjs by the
// build), run as a child process against the mock API (generic dialect): help, usage errors,
// keys, confirmation, delete by id, --json, audit and backup files, list and prune.
//   cp js/node-sink.* js/cli.mjs pkg/ && node --test tests/js/
// The other commands are tested in cli-select (list filters, attempts, plan, apply, prune),
// cli-bulk (streams, journals, Ctrl-C, pacing, output files) and cli-restore.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { API_KEY } from "./support/mock-control.mjs";
import { cliTestContext } from "./support/cli-run.mjs";
import { readAuditFile } from "../../pkg/node-sink.mjs";

const fixture = cliTestContext("cli");
const run = (args, options) => fixture.cli.run(args, options);
const runInPty = (args, answer) => fixture.cli.pty(args, { answer });

const deletes = async () => (await fixture.mock.requests("DELETE")).requests;

test("--help, -h and help print the usage and exit 0", async () => {
  for (const args of [["--help"], ["-h"], ["help"], ["delete", "--help"]]) {
    const r = await run(args, { env: {}, generic: false });
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.stdout, /webhook-delete delete\s+ID\.\.\./);
    assert.match(r.stdout, /WEBHOOK_API_KEY/);
  }
});

test("--help names every command and every option of the contract", async () => {
  const { stdout } = await run(["--help"], { env: {}, generic: false });
  for (const command of ["list", "attempts", "delete", "prune", "plan", "apply", "restore"]) {
    assert.match(stdout, new RegExp(`^  webhook-delete ${command} `, "m"), command);
  }
  const flags = ["all", "status", "inactive-days", "failing", "url", "event", "created-before", "created-after", "metadata",
    "duplicates", "concurrency", "rps", "audit-file", "backup-file", "journal", "resume", "yes", "dry-run", "ids-file", "limit",
    "failed", "out", "id", "show-secrets", "secrets-file", "provider", "base-url", "auth", "timeout-ms", "json", "help"];
  for (const flag of flags) assert.match(stdout, new RegExp(`--${flag}\\b`), `--${flag}`);
  assert.match(stdout, /Exit status: 0 .*, 1 .*failed or changed, 2 usage error/);
});

test("usage errors exit 2: no command, unknown command, unknown flag, wrong command flag, bad number", async () => {
  for (const args of [[], ["frobnicate"], ["list", "--bogus"], ["list", "--yes"], ["plan", "--all", "--backup-file", "x"],
    ["delete"], ["delete", "a", "--concurrency", "many"], ["delete", "a", "-y", "--api-key", "k"]]) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /error/);
  }
  const acme = await run(["list", "--provider", "acme"], { generic: false });
  assert.equal(acme.code, 2);
  assert.match(acme.stderr, /--provider/);
  assert.equal((await fixture.mock.requests()).total, 0);
});

test("a missing key exits 2 with a clear message; EXA_API_KEY serves only --provider exa", async () => {
  let r = await run(["list"], { env: {} });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /WEBHOOK_API_KEY/);
  r = await run(["list"], { env: { EXA_API_KEY: API_KEY } });
  assert.equal(r.code, 2, "EXA_API_KEY is not used for the generic provider");
  r = await run(["list", "--base-url", fixture.mock.exa, "--json"], { env: { EXA_API_KEY: API_KEY }, generic: false });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
  r = await run(["list", "--json"], { env: { WEBHOOK_API_KEY: API_KEY, EXA_API_KEY: "wrong" }, generic: true });
  assert.equal(r.code, 0, "WEBHOOK_API_KEY wins over EXA_API_KEY");
});

test("invalid_input from the library exits 2 (generic without --base-url, plain http to a remote host)", async () => {
  let r = await run(["list", "--provider", "generic"], { generic: false });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /error \[invalid_input\]: .*baseUrl/);
  r = await run(["list", "--provider", "generic", "--base-url", "http://example.com"], { generic: false });
  assert.equal(r.code, 2);
  r = await run(["delete", "wh_busy", "--yes", "--concurrency", "0"]);
  assert.equal(r.code, 2);
  assert.equal((await deletes()).length, 0);
});

test("the API key is never printed, even when the server rejects it", async () => {
  const secret = "sk-very-secret-0123456789";
  const r = await run(["delete", "wh_busy", "--yes"], { env: { WEBHOOK_API_KEY: secret } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unauthorized/);
  assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret));
});

test("delete without a terminal and without --yes refuses at once (exit 2), sending nothing", async () => {
  const r = await run(["delete", "wh_busy", "wh_fresh"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--yes/);
  assert.equal((await fixture.mock.requests()).total, 0);
  assert.deepEqual((await fixture.mock.ids()).length, 4);
  const p = await run(["prune"]);
  assert.equal(p.code, 2);
  assert.equal((await fixture.mock.requests()).total, 0);
});

test("--dry-run shows the webhooks and sends no DELETE", async () => {
  const r = await run(["delete", "wh_busy", "nope", "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /=== Webhook Details ===\nID: wh_busy\nURL: https:\/\/a\.example\.com\/hook\nEvents: order\.created, order\.updated\nStatus: active\nDeliveries: 1250\nFailures: 3/);
  assert.match(r.stdout, /nope not found/);
  assert.equal((await deletes()).length, 0);
  assert.equal((await fixture.mock.ids()).length, 4);
});

test("--yes deletes and prints the final statistics of each webhook and a summary", async () => {
  const r = await run(["delete", "wh_busy", "wh_fresh", "nope", "wh_busy", "--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_off", "wh_stale"]);
  assert.deepEqual((await deletes()).map((q) => q.id).sort(), ["wh_busy", "wh_fresh"], "one DELETE per found id");
  assert.match(r.stdout, /=== Final Statistics for wh_busy ===\nTotal Deliveries: 1250\nTotal Failures: 3\nSuccess Rate: 99\.76%\nLast Delivery: /);
  assert.match(r.stdout, /=== Final Statistics for wh_fresh ===[\s\S]*Success Rate: 100\.00%/);
  assert.match(r.stdout, /nope not found/);
  assert.match(r.stdout, /2 deleted, 1 not found, 0 failed/);
  assert.ok(!r.stderr.includes("\r["), "no progress bar when stderr is not a terminal");
});

test("--json prints the BulkResult on stdout and nothing else", async () => {
  const r = await run(["delete", "wh_busy", "nope", "wh_stale", "--yes", "--json", "--concurrency", "2"]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  for (const key of ["total", "deleted", "notFound", "failed", "skipped", "durationMs", "results"]) assert.ok(key in result, key);
  assert.deepEqual([result.total, result.deleted, result.notFound, result.failed, result.skipped], [3, 2, 1, 0, 0]);
  assert.deepEqual(result.results.map((x) => [x.id, x.outcome]), [["wh_busy", "deleted"], ["nope", "not_found"], ["wh_stale", "deleted"]]);
  assert.equal(result.results[0].result.finalStatistics.successRate, 99.76);
});

test("a 403 ends as failed (exit 1) and names the error code", async () => {
  // The first request for wh_busy (the GET that shows it) is refused: it is not deleted at all.
  await fixture.mock.fault("wh_busy", [{ type: "403" }]);
  // wh_fresh: the GET passes (a zero delay fault), the DELETE is refused.
  await fixture.mock.fault("wh_fresh", [{ type: "delay", ms: 0 }, { type: "403" }]);
  const r = await run(["delete", "wh_busy", "wh_fresh", "wh_stale", "--yes"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /wh_fresh: \[forbidden\]/);
  assert.match(r.stderr, /wh_busy.*\[forbidden\]/);
  assert.match(r.stdout, /1 deleted, 0 not found, 2 failed/);
  assert.deepEqual((await deletes()).map((q) => q.id).sort(), ["wh_fresh", "wh_stale"]);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_busy", "wh_fresh", "wh_off"]);
  await fixture.mock.fault("wh_fresh", [{ type: "delay", ms: 0 }, { type: "403" }]);
  const k = await run(["delete", "wh_fresh", "--yes", "--json"]);
  assert.equal(k.code, 1);
  const { error } = JSON.parse(k.stdout).results[0];
  assert.equal(error.code, "forbidden");
  assert.equal(error.status, 403);
});

test("--audit-file writes one JSONL line per delete", async () => {
  const file = join(fixture.dir, "audit.jsonl");
  const r = await run(["delete", "wh_busy", "wh_fresh", "wh_stale", "--yes", "--audit-file", file]);
  assert.equal(r.code, 0, r.stderr);
  const lines = (await readFile(file, "utf8")).split("\n");
  assert.equal(lines.pop(), "");
  assert.equal(lines.length, 3);
  const entries = await readAuditFile(file);
  assert.deepEqual(entries.map((e) => e.webhookId).sort(), ["wh_busy", "wh_fresh", "wh_stale"]);
  for (const e of entries) {
    assert.equal(e.outcome, "deleted");
    assert.equal(e.success, true);
    assert.match(e.deletedBy, /^cli/);
  }
  assert.ok(!(await readFile(file, "utf8")).includes(API_KEY));
});

test("--backup-file stores each webhook before deleting it", async () => {
  const file = join(fixture.dir, "backup.jsonl");
  const r = await run(["delete", "wh_busy", "wh_stale", "nope", "--yes", "--backup-file", file]);
  assert.equal(r.code, 0, r.stderr);
  const backups = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(backups.map((b) => b.webhook.id).sort(), ["wh_busy", "wh_stale"]);
  const busy = backups.find((b) => b.webhook.id === "wh_busy");
  assert.equal(busy.webhook.url, "https://a.example.com/hook");
  assert.equal(busy.webhook.deliveryCount, 1250);
  assert.ok(busy.backedUpAt && busy.deletedBy);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_fresh", "wh_off"]);
  assert.match(r.stdout, /=== Final Statistics for wh_busy ===/);
  assert.match(r.stdout, /2 deleted, 1 not found, 0 failed/);
});

test("list prints a table, and --json the array of webhooks", async () => {
  const t = await run(["list"]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^ID\s+STATUS\s+EVENTS\s+DELIVERIES\s+FAILURES\s+LAST DELIVERY\s+URL/);
  assert.match(t.stdout, /wh_off\s+inactive\s+user\.updated\s+15\s+1\s/);
  const j = await run(["list", "--json"]);
  assert.equal(j.code, 0, j.stderr);
  const list = JSON.parse(j.stdout);
  assert.deepEqual(list.map((w) => w.id), ["wh_busy", "wh_fresh", "wh_stale", "wh_off"]);
  assert.equal(list[0].deliveryCount, 1250);
  assert.equal(list[3].status, "inactive");
});

test("prune --dry-run shows the inactive webhooks; prune --yes deletes exactly those", async () => {
  const d = await run(["prune", "--dry-run"]);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /ID: wh_stale/);
  assert.match(d.stdout, /ID: wh_off/);
  assert.doesNotMatch(d.stdout, /ID: wh_busy|ID: wh_fresh/);
  assert.equal((await deletes()).length, 0);
  const narrow = await run(["prune", "--dry-run", "--inactive-days", "100", "--json"]);
  assert.deepEqual(JSON.parse(narrow.stdout).items.map((w) => w.id), ["wh_off"], "the dry run's JSON is the DeletePlan");
  const y = await run(["prune", "--yes", "--json"]);
  assert.equal(y.code, 0, y.stderr);
  assert.deepEqual(JSON.parse(y.stdout).results.map((x) => [x.id, x.outcome]), [["wh_stale", "deleted"], ["wh_off", "deleted"]]);
  assert.deepEqual((await deletes()).map((q) => q.id).sort(), ["wh_off", "wh_stale"]);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_busy", "wh_fresh"]);
});

test("in a real terminal, answering n cancels: nothing deleted, exit 0", async () => {
  const r = await runInPty(["delete", "wh_busy", "wh_fresh"], "n");
  assert.equal(r.timedOut, false, r.output);
  assert.equal(r.prompted, true, r.output);
  assert.match(r.output, /Delete 2 webhook\(s\)\? \(y\/N\): /);
  assert.match(r.output, /Deletion cancelled/);
  assert.equal(r.exitCode, 0, r.output);
  assert.equal((await deletes()).length, 0);
  assert.equal((await fixture.mock.ids()).length, 4);
});

test("in a real terminal, answering y deletes with a progress bar, exit 0", async () => {
  const r = await runInPty(["delete", "wh_busy", "wh_fresh"], "y");
  assert.equal(r.timedOut, false, r.output);
  assert.equal(r.prompted, true, r.output);
  assert.equal(r.exitCode, 0, r.output);
  assert.match(r.output, /\r\[#{20}\] 2\/2 deleted 2 not found 0 failed 0/);
  assert.match(r.output, /Success Rate: 99\.76%/);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_off", "wh_stale"]);
});
