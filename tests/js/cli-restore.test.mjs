// Tests of `webhook-delete restore` against the mock API (generic dialect): backups written by
// `delete --backup-file` brought back under new ids, idempotence, and the new signing secrets.
//   cp js/node-sink.* js/cli.mjs pkg/ && node --test tests/js/cli-restore.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sampleWebhooks } from "./support/mock-control.mjs";
import { cliTestContext } from "./support/cli-run.mjs";
import { readAuditFile } from "../../pkg/node-sink.mjs";

const ALL = ["wh_busy", "wh_fresh", "wh_stale", "wh_off"];
const fixture = cliTestContext("cli-restore",
  () => sampleWebhooks().map((w) => (w.id === "wh_busy" ? { ...w, metadata: { team: "ops", tier: "gold" } } : w)));

const creates = async () => (await fixture.mock.requests("POST")).requests;
const shape = (webhooks) => webhooks.map((w) => ({ url: w.url, events: w.events, metadata: w.metadata })).sort((a, b) => a.url.localeCompare(b.url));

/** Deletes every sample webhook with --backup-file; resolves to the backup file's path. */
async function deleteAllWithBackups(name) {
  const file = join(fixture.dir, name);
  const r = await fixture.cli.run(["delete", ...ALL, "--yes", "--backup-file", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(await fixture.mock.ids(), []);
  return file;
}

test("delete --backup-file then restore --yes brings every webhook back (same url, events, metadata; new ids); a second restore creates nothing", async () => {
  const before = shape(await fixture.mock.webhooks());
  const backups = await deleteAllWithBackups("round-trip.jsonl");
  const audit = join(fixture.dir, "restore-audit.jsonl");
  const r = await fixture.cli.run(["restore", "--backup-file", backups, "--yes", "--audit-file", audit]);
  assert.equal(r.code, 0, r.stderr);
  const after = await fixture.mock.webhooks();
  assert.deepEqual(shape(after), before);
  assert.ok(after.every((w) => !ALL.includes(w.id)), "new ids");
  for (const w of after) assert.match(r.stdout, new RegExp(`wh_\\w+ -> ${w.id} \\(re-created`));
  assert.match(r.stdout, /wh_off -> \S+ \(re-created; it was inactive, the new one is active\)/);
  assert.match(r.stdout, /Summary: 4 restored, 0 existing, 0 failed \(of 4\)/);
  assert.match(r.stdout, /must be given their new signing secrets/);
  assert.equal((await creates()).length, 4);
  const entries = await readAuditFile(audit);
  assert.deepEqual(entries.map((e) => [e.action, e.outcome]), Array(4).fill(["restore", "restored"]));
  assert.deepEqual(entries.map((e) => e.webhookId).sort(), [...ALL].sort());
  assert.ok(!(await readFile(audit, "utf8")).includes("whsec_"), "no secret in the audit log");
  const again = await fixture.cli.run(["restore", "--backup-file", backups, "--yes", "--json"]);
  assert.equal(again.code, 0, again.stderr);
  const result = JSON.parse(again.stdout);
  assert.deepEqual([result.restored, result.existing, result.failed], [0, 4, 0]);
  assert.match(again.stderr, /existing: a webhook with this url and events is already there; nothing created, no new secret/);
  assert.equal((await creates()).length, 4, "nothing created the second time");
  assert.equal((await fixture.mock.ids()).length, 4);
});

test("restore --id picks backups, --dry-run creates nothing, and bad input is a usage error (exit 2)", async () => {
  const backups = await deleteAllWithBackups("pick.jsonl");
  const dry = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_busy", "--id", "wh_off", "--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /Previous ID: wh_busy\nURL: https:\/\/a\.example\.com\/hook\nEvents: order\.created, order\.updated\nMetadata: team=ops, tier=gold/);
  assert.match(dry.stdout, /Previous ID: wh_off/);
  assert.doesNotMatch(dry.stdout, /wh_fresh|wh_stale/);
  assert.equal((await creates()).length, 0);
  const one = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_fresh", "--yes"]);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual((await fixture.mock.webhooks()).map((w) => w.url), ["https://b.example.com/hook"]);
  const broken = join(fixture.dir, "broken.jsonl");
  await writeFile(broken, `${(await readFile(backups, "utf8")).split("\n")[0]}\n{ torn\n`);
  const usage = [
    [["restore", "--backup-file", backups, "--id", "wh_nope", "--yes"], /no backup of wh_nope/],
    [["restore", "--backup-file", broken, "--yes"], /line 2 is not JSON/],
    [["restore", "--backup-file", join(fixture.dir, "absent.jsonl"), "--yes"], /cannot read the backup file/],
    [["restore", "--backup-file", backups, "--yes", "--show-secrets", "--secrets-file", join(fixture.dir, "s")], /not both/],
    [["restore", "--backup-file", backups], /--yes/],
    [["restore", "--yes"], /--backup-file/],
  ];
  for (const [args, message] of usage) {
    const r = await fixture.cli.run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await creates()).length, 1);
});

test("new signing secrets are withheld unless asked for: --show-secrets prints them, --secrets-file writes them with mode 0600", async () => {
  const backups = await deleteAllWithBackups("secrets.jsonl");
  const withheld = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_busy", "--yes"]);
  assert.equal(withheld.code, 0, withheld.stderr);
  assert.ok(!`${withheld.stdout}${withheld.stderr}`.includes("whsec_"), "no secret printed");
  assert.match(withheld.stdout, /1 new signing secret\(s\) were withheld/);
  assert.match(withheld.stdout, /--secrets-file FILE .*or --show-secrets/);
  const json = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_fresh", "--yes", "--json"]);
  assert.equal(JSON.parse(json.stdout).results[0].result.secret, null);
  assert.ok(!json.stdout.includes("whsec_"));
  const shown = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_stale", "--yes", "--show-secrets"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /wh_stale -> \S+ \(re-created\)  signing secret: whsec_\S+/);
  const file = join(fixture.dir, "secrets.txt");
  await writeFile(file, "", { mode: 0o644 });
  const written = await fixture.cli.run(["restore", "--backup-file", backups, "--id", "wh_off", "--yes", "--secrets-file", file]);
  assert.equal(written.code, 0, written.stderr);
  assert.ok(!written.stdout.includes("whsec_"));
  assert.match(written.stdout, new RegExp(`1 secret\\(s\\) were written to ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(mode 0600\\)`));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  const lines = (await readFile(file, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].previousId, "wh_off");
  assert.equal(lines[0].url, "https://d.example.com/hook");
  assert.match(lines[0].secret, /^whsec_/);
  assert.ok((await fixture.mock.ids()).includes(lines[0].id));
});
