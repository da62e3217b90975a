// Tests of the command line's selection commands against the mock API: `list` with filters (Exa
// seed), `attempts`, `plan`, `apply` and `prune`.
//   cp js/node-sink.* js/cli.mjs pkg/ && node --test tests/js/cli-select.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleWebhooks, iso } from "./support/mock-control.mjs";
import { cliTestContext, until } from "./support/cli-run.mjs";

const DAY_MS = 86_400_000;
const fixture = cliTestContext("cli-select");
const deletes = async () => (await fixture.mock.requests("DELETE")).requests;

/** `list --json` with these filter flags on the Exa seed: the selected ids (and the selections). */
async function exaSelect(...flags) {
  const r = await fixture.cli.run(["list", "--json", ...flags], { exa: true });
  assert.equal(r.code, 0, `${flags.join(" ")}: ${r.stderr}`);
  const selections = JSON.parse(r.stdout);
  for (const s of selections) assert.ok(s.reasons.length > 0, `${s.webhook.id} has its reasons`);
  return selections.map((s) => s.webhook.id);
}

test("list --json: each filter flag selects what it says (Exa seed), and they combine with AND", async () => {
  await fixture.mock.reset({ seed: true });
  const now = Date.now();
  assert.equal((await exaSelect("--all")).length, 12);
  assert.deepEqual(await exaSelect("--status", "inactive"), ["wh_exa_02", "wh_exa_04"]);
  assert.deepEqual(await exaSelect("--inactive-days", "30"), ["wh_exa_02", "wh_exa_03", "wh_exa_04", "wh_exa_08"]);
  assert.deepEqual(await exaSelect("--failing", "3"), ["wh_exa_07"]);
  assert.deepEqual(await exaSelect("--url", "*.ngrok-free.app/*"), ["wh_exa_11"]);
  assert.deepEqual(await exaSelect("--event", "webset.idle"), ["wh_exa_01", "wh_exa_08"]);
  assert.deepEqual(await exaSelect("--created-before", iso(now - 100 * DAY_MS)), ["wh_exa_01"]);
  assert.deepEqual(await exaSelect("--created-after", iso(now - 4 * DAY_MS)), ["wh_exa_06"]);
  assert.deepEqual(await exaSelect("--metadata", "createdBy=my-app"), ["wh_exa_12"]);
  assert.deepEqual(await exaSelect("--metadata", "team=growth", "--metadata", "env=prod"), [], "every pair must be present");
  assert.deepEqual(await exaSelect("--duplicates"), ["wh_exa_09"]);
  assert.deepEqual(await exaSelect("--url", "https://hooks.acme.test/*", "--event", "webset.item.created"), ["wh_exa_09", "wh_exa_10"]);
  assert.equal((await deletes()).length, 0);
});

test("list filters the provider cannot answer, or that are malformed, are refused (exit 2) before anything is sent", async () => {
  const failing = await fixture.cli.run(["list", "--failing", "3"]);
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /invalid_input.*failingAttempts/);
  for (const flags of [["--status", "gone"], ["--created-before", "last tuesday"], ["--metadata", "novalue"], ["--inactive-days", "soon"]]) {
    const r = await fixture.cli.run(["list", ...flags]);
    assert.equal(r.code, 2, `${flags.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /error/);
  }
  assert.equal((await fixture.mock.requests()).total, 0);
});

test("list with a filter prints a WHY column; Exa's list shows each webhook's last delivery attempt", async () => {
  const t = await fixture.cli.run(["list", "--inactive-days", "30"]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^ID\s+STATUS\s+EVENTS\s+LAST DELIVERY\s+URL\s+WHY/);
  assert.match(t.stdout, /wh_stale .*inactive: last delivery/);
  assert.match(t.stdout, /wh_off .*inactive: status is inactive/);
  assert.match(t.stdout, /2 webhook\(s\) match/);
  await fixture.mock.reset({ seed: true });
  const exa = await fixture.cli.run(["list", "--json"], { exa: true });
  assert.equal(exa.code, 0, exa.stderr);
  const byId = Object.fromEntries(JSON.parse(exa.stdout).map((w) => [w.id, w]));
  const newest = (await (await fetch(`${fixture.mock.url}/__mock/attempts?id=wh_exa_03`)).json()).attempts[0];
  assert.equal(byId.wh_exa_03.lastDeliveryAt, newest.attemptedAt, "read from the newest attempt");
  assert.equal(byId.wh_exa_08.lastDeliveryAt, null, "no attempts");
  const attemptReads = (await fixture.mock.requests()).requests.filter((q) => q.route === "attempts");
  assert.equal(attemptReads.length, 12, "one attempts read per webhook");
});

test("attempts on Exa: newest first, --failed asks the server for failures only, --limit, --json", async () => {
  await fixture.mock.reset({ seed: true });
  const failed = await fixture.cli.run(["attempts", "wh_exa_07", "--failed", "--json"], { exa: true });
  assert.equal(failed.code, 0, failed.stderr);
  const page = JSON.parse(failed.stdout);
  assert.equal(page.data.length, 4);
  assert.ok(page.data.every((a) => a.successful === false && a.webhookId === "wh_exa_07"));
  const sent = (await fixture.mock.requests()).requests.filter((q) => q.route === "attempts");
  assert.match(sent.at(-1).path, /successful=false/);
  const one = await fixture.cli.run(["attempts", "wh_exa_01", "--limit", "1", "--json"], { exa: true });
  const first = JSON.parse(one.stdout);
  assert.deepEqual([first.data.length, first.hasMore, first.data[0].id], [1, true, "att_3"]);
  const t = await fixture.cli.run(["attempts", "wh_exa_01"], { exa: true });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^ATTEMPTED AT\s+RESULT\s+HTTP\s+EVENT\s+ATTEMPT\s+ID/);
  assert.match(t.stdout, /ok\s+200\s+webset\.idle\s+1\s+att_3/);
  assert.match(t.stdout, /failed\s+500\s+webset\.created\s+1\s+att_1/);
  const missing = await fixture.cli.run(["attempts", "wh_nope"], { exa: true });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /not_found/);
});

test("attempts on the generic provider says plainly that it is unsupported (exit 1), sending nothing", async () => {
  const r = await fixture.cli.run(["attempts", "wh_busy"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error \[unsupported\]: .*generic provider/);
  assert.match(r.stderr, /Exa/);
  assert.equal(r.stdout, "");
  assert.equal((await fixture.mock.requests()).total, 0);
  assert.equal((await fixture.cli.run(["attempts"])).code, 2, "the id is required");
});

test("plan --out writes a DeletePlan, shows the items and reasons on stderr and deletes nothing; no filter is a usage error", async () => {
  const none = await fixture.cli.run(["plan"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--all/);
  const file = join(fixture.dir, "plan-out.json");
  const r = await fixture.cli.run(["plan", "--inactive-days", "30", "--out", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /ID: wh_stale[\s\S]*Why: inactive: last delivery/);
  assert.match(r.stderr, /ID: wh_off[\s\S]*Why: inactive: status is inactive/);
  const plan = JSON.parse(await readFile(file, "utf8"));
  assert.equal(plan.kind, "webhook-delete/plan");
  assert.equal(plan.baseUrl, fixture.mock.generic);
  assert.deepEqual(plan.filter, { inactiveDays: 30 });
  assert.deepEqual(plan.items.map((i) => i.id), ["wh_stale", "wh_off"]);
  const all = await fixture.cli.run(["plan", "--all"]);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout).items.map((i) => i.id), ["wh_busy", "wh_fresh", "wh_stale", "wh_off"], "without --out on stdout");
  assert.equal((await deletes()).length, 0);
});

test("apply deletes exactly the plan's ids; one changed on the server since the plan is reported changed (exit 1) and kept", async () => {
  const file = join(fixture.dir, "plan-apply.json");
  assert.equal((await fixture.cli.run(["plan", "--inactive-days", "30", "--out", file])).code, 0);
  // After the plan: wh_off moves to another URL (only the URL: its updatedAt stays the plan's, as
  // a clock tick between seeding and now must not change what the test expects), and a new
  // inactive webhook appears.
  const off = sampleWebhooks().find((w) => w.id === "wh_off");
  const planned = JSON.parse(await readFile(file, "utf8")).items.find((item) => item.id === "wh_off");
  await fixture.mock.add([
    { ...off, url: "https://moved.example.com/hook", updated_at: planned.updatedAt },
    { id: "wh_late", url: "https://late.example.com/", active: false },
  ]);
  const r = await fixture.cli.run(["apply", file, "--yes"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /ID: wh_stale/);
  assert.match(r.stderr, /Webhook wh_off changed since the plan was made \(url\), so it was not deleted/);
  assert.match(r.stdout, /=== Final Statistics for wh_stale ===/);
  assert.match(r.stdout, /Summary: 1 deleted, 0 not found, 0 failed, 1 changed/);
  assert.deepEqual((await deletes()).map((q) => q.id), ["wh_stale"]);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_busy", "wh_fresh", "wh_late", "wh_off"]);
  const again = await fixture.cli.run(["apply", file, "--yes", "--json"]);
  assert.deepEqual(JSON.parse(again.stdout).results.map((x) => [x.id, x.outcome]), [["wh_stale", "not_found"], ["wh_off", "changed"]]);
  assert.equal(again.code, 1);
});

test("apply refuses a plan edited to another base URL, or malformed (exit 2), and sends nothing", async () => {
  const file = join(fixture.dir, "plan-edited.json");
  assert.equal((await fixture.cli.run(["plan", "--all", "--out", file])).code, 0);
  const plan = JSON.parse(await readFile(file, "utf8"));
  await writeFile(file, JSON.stringify({ ...plan, baseUrl: "https://api.example.com" }));
  await fixture.mock.clearRequests();
  const moved = await fixture.cli.run(["apply", file, "--yes"]);
  assert.equal(moved.code, 2, moved.stderr);
  assert.match(moved.stderr, /invalid_input.*baseUrl/);
  await writeFile(file, JSON.stringify({ ...plan, items: "everything" }));
  assert.equal((await fixture.cli.run(["apply", file, "--yes"])).code, 2);
  await writeFile(file, "{ not json");
  const broken = await fixture.cli.run(["apply", file, "--yes"]);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /not JSON/);
  assert.equal((await fixture.cli.run(["apply", join(fixture.dir, "missing.json"), "--yes"])).code, 2);
  assert.equal((await fixture.mock.requests()).total, 0);
  assert.equal((await fixture.mock.ids()).length, 4);
});

test("in a real terminal, prune deletes what it showed: a webhook that turns inactive while it asks is kept", async () => {
  const running = fixture.cli.pty(["prune", "--inactive-days", "30"], { answer: "y", answerDelay: 1 });
  await until(async () => (await fixture.mock.requests("GET")).requests.some((q) => q.route === "list" && q.status === 200), 10_000, "the listing");
  await fixture.mock.add([{ id: "wh_late", url: "https://late.example.com/", active: false }]);
  const r = await running;
  assert.equal(r.timedOut, false, r.output);
  assert.equal(r.prompted, true, r.output);
  assert.match(r.output, /ID: wh_stale[\s\S]*ID: wh_off[\s\S]*Delete 2 webhook\(s\)\? \(y\/N\)/);
  assert.equal(r.exitCode, 0, r.output);
  assert.deepEqual((await deletes()).map((q) => q.id).sort(), ["wh_off", "wh_stale"]);
  assert.deepEqual((await fixture.mock.ids()).sort(), ["wh_busy", "wh_fresh", "wh_late"]);
  assert.equal((await fixture.mock.requests("GET")).requests.filter((q) => q.route === "list").length, 1, "listed once, never re-queried");
});
