#!/usr/bin/env node
// webhook-delete command line (the package's `bin`): list, inspect, plan, delete, prune and restore
// webhook subscriptions. It shows, asks and reports; every bulk action is one library call
// (deleteMany, applyPlan or restoreMany) that schedules, retries, paces, backs up, journals and
// audits. The API key comes from the environment only and is never printed. Exit codes: 0 every id
// ended deleted or not found, 1 something failed or changed, 2 usage error (bad flags, no key, no
// terminal to ask, an output file that cannot be written, input the library refuses).

import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { createReadStream } from "node:fs";
import { appendFile, chmod, open, readFile, unlink, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { WebhookClient, AuditLog, isWebhookError, formatFinalStatistics } from "./node/webhook_delete.js";
import { fileSink, fileJournal } from "./node-sink.mjs";

const USAGE = `usage:
  webhook-delete list     [FILTER...] [--json]
  webhook-delete attempts ID [--limit N] [--failed] [--json]
  webhook-delete delete   ID... | --ids-file FILE | -   [--yes] [--dry-run] [--resume] [BULK...]
  webhook-delete prune    [FILTER...] [--yes] [--dry-run] [--resume] [BULK...]   (default filter: --inactive-days 30)
  webhook-delete plan     FILTER... [--out FILE]      (writes a DeletePlan; sends no DELETE)
  webhook-delete apply    PLAN_FILE [--yes] [--resume] [BULK...]
  webhook-delete restore  --backup-file FILE [--id ID...] [--yes] [--dry-run] [--show-secrets | --secrets-file FILE]
  webhook-delete help

FILTER (list, prune, plan; every filter given must hold):
  --all                    every webhook (plan needs a filter; --all says "everything")
  --status S               active or inactive
  --inactive-days N        inactive for N days: status inactive, last delivery before the cutoff,
                           or never delivered and created before it
  --failing N              the newest N delivery attempts all failed (Exa)
  --url GLOB               the whole URL matches GLOB (* any run, ? one character)
  --event E                subscribed to event type E
  --created-before D       created before D (ISO 8601)
  --created-after D        created after D (ISO 8601)
  --metadata K=V           metadata K is V (repeatable; every pair must be present)
  --duplicates             same url and events as a newer webhook

BULK (delete, prune, apply):
  --concurrency N          requests in flight at most (1..64, default 8)
  --rps N                  at most N requests per second, every request counted (any command)
  --audit-file FILE        append one JSON line per delete to FILE
  --backup-file FILE       append each webhook as a JSON line to FILE before deleting it
  --journal FILE           keep a journal in FILE so that a killed run can be resumed
  --resume                 keep a journal (at --journal, else <audit-file>.journal) and continue
                           the run it holds; ids that ended there are not sent again

Delete, prune, apply and restore:
  -y, --yes                go ahead without asking (required when stdin is not a terminal)
  --dry-run                show what would be deleted or re-created, send nothing (not apply)
  --ids-file FILE          (delete) stream the ids from FILE, one a line (trimmed, blank lines skipped)
  -                        (delete) stream the ids from stdin, one a line; needs --yes

Other options:
  --limit N                (attempts) how many of the newest attempts to show
  --failed                 (attempts) only failed attempts
  --out FILE               (plan) write the plan to FILE instead of stdout
  --id ID                  (restore) only the backup of this previous id (repeatable)
  --show-secrets           (restore) print the new webhooks' signing secrets
  --secrets-file FILE      (restore) append the new signing secrets to FILE (mode 0600)
  --concurrency N, --audit-file FILE   (restore) as for BULK

Common options:
  --provider exa|generic   API dialect (default exa)
  --base-url URL           API base URL (required for generic; https, or http to localhost)
  --auth x-api-key|bearer  which header carries the key (default: the provider's)
  --timeout-ms N           per-attempt timeout (default 30000)
  --json                   machine-readable output on stdout (BulkResult, RestoreBulkResult,
                           DeletePlan, Webhook[] or Selection[]); text goes to stderr
  -h, --help               show this help

The API key is read from WEBHOOK_API_KEY (or EXA_API_KEY for --provider exa), never from a flag.
Exit status: 0 all deleted or not found, 1 some failed or changed, 2 usage error.`;

const COMMON = ["provider", "base-url", "auth", "timeout-ms", "rps", "json", "help"];
const FILTER = ["all", "status", "inactive-days", "failing", "url", "event", "created-before", "created-after", "metadata", "duplicates"];
const BULK = ["concurrency", "audit-file", "backup-file", "journal", "resume"];
const COMMAND_FLAGS = {
  list: FILTER,
  attempts: ["limit", "failed"],
  delete: ["yes", "dry-run", "ids-file", ...BULK],
  prune: ["yes", "dry-run", ...FILTER, ...BULK],
  plan: [...FILTER, "out"],
  apply: ["yes", ...BULK],
  restore: ["backup-file", "id", "yes", "dry-run", "show-secrets", "secrets-file", "concurrency", "audit-file"],
};
const BOOLEAN_FLAGS = ["json", "help", "yes", "dry-run", "all", "duplicates", "resume", "failed", "show-secrets"];
const REPEATABLE_FLAGS = ["metadata", "id"];
const OPTIONS = Object.fromEntries(
  [...new Set([...COMMON, ...Object.values(COMMAND_FLAGS).flat()])].map((name) => [name, {
    type: BOOLEAN_FLAGS.includes(name) ? "boolean" : "string",
    ...(REPEATABLE_FLAGS.includes(name) && { multiple: true }),
    ...({ help: { short: "h" }, yes: { short: "y" } })[name],
  }]),
);
/** Commands that change the server, and so ask first. */
const CHANGING = ["delete", "prune", "apply", "restore"];

class UsageError extends Error {}

function parseCommandLine(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values: flags, positionals } = parsed;
  const command = positionals[0] ?? null;
  if (flags.help || command === "help") return { help: true };
  if (command === null) throw new UsageError("missing command");
  if (!(command in COMMAND_FLAGS)) throw new UsageError(`unknown command "${command}"`);
  for (const name of Object.keys(flags)) {
    if (!COMMON.includes(name) && !COMMAND_FLAGS[command].includes(name)) {
      throw new UsageError(`--${name} is not an option of "${command}"`);
    }
  }
  const args = positionals.slice(1);
  const provider = flags.provider ?? "exa";
  if (provider !== "exa" && provider !== "generic") throw new UsageError(`--provider must be exa or generic, not "${provider}"`);
  const parsedArgs = {
    command, provider, flags, args,
    json: flags.json === true,
    yes: flags.yes === true,
    dryRun: flags["dry-run"] === true,
    concurrency: numberFlag("concurrency", flags.concurrency, "whole"),
    timeoutMs: numberFlag("timeout-ms", flags["timeout-ms"], "whole"),
    rps: numberFlag("rps", flags.rps, "positive"),
    limit: numberFlag("limit", flags.limit, "whole"),
    filter: filterFrom(flags),
  };
  checkArguments(parsedArgs);
  return parsedArgs;
}

/** Positional arguments per command. */
function checkArguments({ command, flags, args, yes }) {
  const unexpected = (from) => {
    if (args.length > from) throw new UsageError(`unexpected argument "${args[from]}"`);
  };
  if (command === "attempts" || command === "apply") {
    if (args.length === 0) throw new UsageError(command === "apply" ? "apply needs the plan file" : "attempts needs a webhook id");
    unexpected(1);
  } else if (command === "delete") {
    const stdin = args.includes("-");
    const file = flags["ids-file"] !== undefined;
    if (args.length === 0 && !file) throw new UsageError("delete needs at least one webhook id, --ids-file FILE or - (stdin)");
    if ((stdin && args.length > 1) || (file && args.length > 0)) throw new UsageError("give the ids one way: as arguments, with --ids-file FILE, or - for stdin");
    if (stdin && !yes) throw new UsageError("delete - reads the ids from stdin, which cannot also answer the question: add --yes");
  } else if (command === "restore") {
    if (flags["backup-file"] === undefined) throw new UsageError("restore needs --backup-file FILE");
    if (flags["show-secrets"] && flags["secrets-file"] !== undefined) throw new UsageError("give --show-secrets or --secrets-file, not both");
    unexpected(0);
  } else {
    unexpected(0);
  }
  if (command === "plan" && !hasFilter(flags)) {
    throw new UsageError('plan needs a filter (--all says "every webhook")');
  }
  if (flags.resume && flags.journal === undefined && flags["audit-file"] === undefined) {
    throw new UsageError("--resume needs --journal FILE or --audit-file FILE (the journal is kept at <audit-file>.journal)");
  }
}

function numberFlag(name, text, kind) {
  if (text === undefined) return undefined;
  const ok = kind === "whole" ? /^\d{1,9}$/.test(text) : text.trim() !== "" && Number.isFinite(Number(text)) && Number(text) >= 0;
  if (!ok || (kind === "positive" && Number(text) === 0)) {
    throw new UsageError(`--${name} must be a ${{ whole: "whole number", positive: "number > 0", number: "number >= 0" }[kind]}, not "${text}"`);
  }
  return Number(text);
}

const hasFilter = (flags) => FILTER.some((name) => flags[name] !== undefined);

/** The WebhookFilter the filter flags say, or null when none was given. The library checks the values. */
function filterFrom(flags) {
  if (!hasFilter(flags)) return null;
  const filter = {};
  if (flags.all) filter.all = true;
  if (flags.status !== undefined) filter.status = flags.status;
  if (flags["inactive-days"] !== undefined) filter.inactiveDays = numberFlag("inactive-days", flags["inactive-days"], "number");
  if (flags.failing !== undefined) filter.failingAttempts = numberFlag("failing", flags.failing, "whole");
  if (flags.url !== undefined) filter.url = flags.url;
  if (flags.event !== undefined) filter.event = flags.event;
  if (flags["created-before"] !== undefined) filter.createdBefore = flags["created-before"];
  if (flags["created-after"] !== undefined) filter.createdAfter = flags["created-after"];
  if (flags.metadata !== undefined) {
    filter.metadata = Object.fromEntries(flags.metadata.map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new UsageError(`--metadata takes KEY=VALUE, not "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }));
  }
  if (flags.duplicates) filter.duplicates = true;
  return filter;
}

function apiKeyFromEnv(provider) {
  const { WEBHOOK_API_KEY, EXA_API_KEY } = process.env;
  if (WEBHOOK_API_KEY) return WEBHOOK_API_KEY;
  if (provider === "exa" && EXA_API_KEY) return EXA_API_KEY;
  throw new UsageError(`no API key: set WEBHOOK_API_KEY${provider === "exa" ? " or EXA_API_KEY" : ""} in the environment`);
}

function actorName() {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

// Files ----------------------------------------------------------------------------------------

/** Opens `path` for appending (creating it) and closes it again: a usage error when it cannot be written. */
async function checkWritable(path, what, mode) {
  try {
    const handle = await open(path, "a", mode);
    await handle.close();
    if (mode !== undefined) await chmod(path, mode);
  } catch (err) {
    throw new UsageError(`cannot write the ${what} ${path}: ${err.code ?? err.message}`);
  }
}

async function readInput(path, what) {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${path}: ${err.code ?? err.message}`);
  }
}

/** The lines of a stream, trimmed, blank ones skipped; reads only as fast as they are taken. */
async function* idLines(stream) {
  stream.setEncoding("utf8");
  let rest = "";
  for await (const chunk of stream) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
      const line = text.slice(start, end).trim();
      start = end + 1;
      if (line !== "") yield line;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== "") yield rest.trim();
}

/** How many ids a stream holds (one pass, nothing kept). */
async function countIdLines(stream, name) {
  let count = 0;
  try {
    for await (const _ of idLines(stream)) count++; // eslint-disable-line no-unused-vars
  } catch (err) {
    throw new UsageError(`cannot read the ids file ${name}: ${err.code ?? err.message}`);
  }
  return count;
}

/** Where the journal lives: --journal, else next to the audit file. */
const journalPath = (flags) => flags.journal ?? (flags["audit-file"] !== undefined ? `${flags["audit-file"]}.journal` : null);

/** A usage error when the journal holds a run and --resume was not given, saying which run it is. */
async function checkJournal(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (err.code === "ENOENT") return;
    throw new UsageError(`cannot read the journal ${path}: ${err.code ?? err.message}`);
  }
  if (text.trim() === "") return;
  let run = "";
  const started = new Set();
  const ended = new Set();
  for (const line of text.split("\n")) {
    let record;
    try {
      record = JSON.parse(line);
    } catch {
      continue; // a torn last line: the message just says less
    }
    if (record?.run) run = ` for ${record.run.provider} at ${record.run.baseUrl}`;
    if (Array.isArray(record?.start)) record.start.forEach((id) => started.add(id));
    if (Array.isArray(record?.end)) record.end.forEach((end) => ended.add(Array.isArray(end) ? end[0] : end));
  }
  throw new UsageError(`the journal ${path} holds a run that did not finish${run} (${started.size} id(s) started, ` +
    `${ended.size} ended). To continue it, run the same command again with --resume; to start over, remove ${path}`);
}

// Showing ----------------------------------------------------------------------------------------

const errorInfo = (err) => ({ code: err.code, message: err.message, status: err.status ?? null });
const show = (value) => (value === null || value === undefined ? "n/a" : String(value));
const when = (iso, none = "never") => (iso ? new Date(iso).toLocaleString() : none);

function details(webhook) {
  return [
    "", "=== Webhook Details ===",
    `ID: ${webhook.id}`, `URL: ${webhook.url}`, `Events: ${webhook.events.join(", ")}`, `Status: ${webhook.status}`,
    `Deliveries: ${show(webhook.deliveryCount)}`, `Failures: ${show(webhook.failureCount)}`,
    `Last Delivery: ${when(webhook.lastDeliveryAt)}`,
  ].join("\n");
}

/** A plan item as it will be checked and deleted (a plan file is user input: nothing is assumed). */
function planItemDetails(item) {
  const list = (value) => (Array.isArray(value) ? value.join(", ") : show(value));
  return [
    "", "=== Webhook Details ===",
    `ID: ${show(item?.id)}`, `URL: ${show(item?.url)}`, `Events: ${list(item?.events)}`, `Status: ${show(item?.status)}`,
    `Updated: ${show(item?.updatedAt)}`, `Why: ${list(item?.reasons)}`,
  ].join("\n");
}

function table(say, rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) say(r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "));
}

const clock = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;

/**
 * A progress bar on stderr (only when it is a terminal), redrawn at most ten times a second, with
 * the rate and, when the total is known, an ETA. `expected` is the total when the library's
 * running total is only what a stream has yielded so far.
 */
function progressBar(enabled, expected = null) {
  const started = Date.now();
  let last = null;
  let drawnAt = 0;
  let drawn = false;
  const draw = () => {
    const p = last;
    const total = expected ?? p.total;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? p.done / seconds : 0;
    const width = 20;
    const filled = total === 0 ? width : Math.min(width, Math.round((width * p.done) / total));
    const eta = rate > 0 && total > p.done ? `  ETA ${clock((total - p.done) / rate)}` : "";
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${total} ` +
      `deleted ${p.deleted} not found ${p.notFound} failed ${p.failed}  ${rate.toFixed(1)}/s${eta}\x1b[K`);
    drawnAt = Date.now();
    drawn = true;
  };
  return {
    update(p) {
      if (!enabled) return;
      last = p;
      if (Date.now() - drawnAt >= 100) draw();
    },
    end() {
      // The last frame counts what the run really had (a stream's lines may repeat an id).
      expected = null;
      if (last) draw();
      if (drawn) process.stderr.write("\n");
    },
  };
}

function ask(question) {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(answer);
    };
    rl.on("SIGINT", () => {
      process.stderr.write("\n");
      finish("");
    });
    rl.on("close", () => finish(""));
    rl.question(question, finish);
  });
}

/** True when the user said y or yes (or passed --yes). */
async function confirmed(ctx, question) {
  if (ctx.yes) return true;
  const answer = (await ask(`\n${question} (y/N): `)).trim().toLowerCase();
  return answer === "y" || answer === "yes";
}

/** Prints at most `limit` lines of `items`, then how many more there were. */
function some(items, limit, line, write) {
  items.slice(0, limit).forEach((item) => write(line(item)));
  if (items.length > limit) write(`\n... and ${items.length - limit} more (--json lists them all)`);
}

function report(ctx, result) {
  const by = (outcome) => result.results.filter((item) => item.outcome === outcome);
  const err = (text) => process.stderr.write(`${text}\n`);
  for (const item of by("deleted")) {
    if (item.result === null) {
      ctx.say(`\nWebhook ${item.id} deleted (by the run being resumed)`);
      continue;
    }
    const again = item.result.alreadyDeleted ? " (an earlier attempt had already deleted it)" : "";
    ctx.say(`\nWebhook ${item.id} deleted successfully${again}`);
    if (item.result.finalStatistics) ctx.say("\n" + formatFinalStatistics(item.id, item.result.finalStatistics));
  }
  some(by("not_found"), 100, (item) => `\nWebhook ${item.id} not found (may already be deleted)`, ctx.say);
  some(by("changed"), 100, (item) => `\n${item.error?.message ?? `Webhook ${item.id} changed since the plan was made, so it was not deleted`}`, err);
  some(by("skipped"), 100, (item) => `\nWebhook ${item.id} skipped (interrupted before it was sent)`, ctx.say);
  some(by("failed"), 100, (item) => `\nFailed to delete webhook ${item.id}: ` +
    (item.error ? `[${item.error.code}] ${item.error.message}` : "it failed in the run being resumed"), err);
  const more = [["changed", result.changed], ["skipped", result.skipped]].filter(([, n]) => n > 0).map(([name, n]) => `, ${n} ${name}`).join("");
  ctx.say(`\nSummary: ${result.deleted} deleted, ${result.notFound} not found, ${result.failed} failed${more} ` +
    `(of ${result.total}, ${result.durationMs} ms)`);
  if (ctx.backupFile && result.deleted > 0) {
    ctx.say(`Backups of the deleted webhooks are in ${ctx.backupFile} (webhook-delete restore --backup-file ${ctx.backupFile})`);
  }
}

const exitCode = (result) => (result.failed > 0 || result.changed > 0 || result.skipped > 0 ? 1 : 0);

// Running a bulk call ------------------------------------------------------------------------------

/**
 * Makes the one bulk call `call(options)` with the run's options (concurrency, Ctrl-C as its
 * signal, the progress bar, backup, journal), then prints the result; returns the exit code.
 */
async function runBulk(ctx, call, { expected = null, keepResults = true } = {}) {
  const bar = progressBar(process.stderr.isTTY === true, expected);
  const backup = ctx.backupFile ? fileSink(ctx.backupFile, { fsync: true }) : null;
  const journal = ctx.journalFile ? fileJournal(ctx.journalFile) : null;
  let ended = 0;
  const { result, interrupted } = await interruptible(async (signal) => {
    try {
      return await call({
        concurrency: ctx.concurrency, signal, onProgress: (p) => {
          ended = p.done;
          bar.update(p);
        },
        ...(backup && { backup }), ...(journal && { journal }), ...(!keepResults && { keepResults: false }),
      });
    } catch (err) {
      // A stream that reaches a bad id ends the call there, after the ids before it have ended.
      if (ended > 0) {
        process.stderr.write(`The run stopped after ${ended} id(s) had ended; ` +
          (ctx.flags["audit-file"] ? `their outcomes are in ${ctx.flags["audit-file"]}.\n` : "pass --audit-file to keep their outcomes.\n"));
      }
      throw err;
    } finally {
      bar.end();
      await backup?.close();
    }
  });
  if (ctx.json) ctx.print(JSON.stringify(result, null, 2));
  else report(ctx, result);
  if (journal) {
    // A finished run whose audit entries are all written needs its journal no more.
    if (!interrupted && result.skipped === 0 && (await ctx.client.audit.flush()) === 0) {
      await unlink(ctx.journalFile).catch(() => {});
    } else {
      process.stderr.write(`The run is kept in the journal ${ctx.journalFile}: run the same command again with --resume to continue it.\n`);
    }
  }
  return exitCode(result);
}

/** Runs `call(signal)` with Ctrl-C aborting the signal (a second Ctrl-C quits at once): { result, interrupted }. */
async function interruptible(call) {
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write("\nInterrupted: stopping; nothing more is sent (Ctrl-C again quits at once)\n");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  try {
    return { result: await call(controller.signal), interrupted: controller.signal.aborted };
  } finally {
    process.off("SIGINT", onSigint);
  }
}

// Commands -----------------------------------------------------------------------------------------

async function listCommand(ctx) {
  if (ctx.filter) return listSelected(ctx);
  const webhooks = await ctx.client.listAllWebhooks(ctx.provider === "exa" ? { lastDelivery: true } : {});
  if (ctx.json) return void ctx.print(JSON.stringify(webhooks, null, 2));
  if (webhooks.length === 0) return void ctx.say("No webhooks.");
  const rows = [["ID", "STATUS", "EVENTS", "DELIVERIES", "FAILURES", "LAST DELIVERY", "URL"]];
  for (const w of webhooks) {
    rows.push([w.id, w.status, w.events.join(","), show(w.deliveryCount), show(w.failureCount), when(w.lastDeliveryAt), w.url]);
  }
  table(ctx.say, rows);
  ctx.say(`\n${webhooks.length} webhook(s)`);
}

async function listSelected(ctx) {
  const selections = await ctx.client.selectWebhooks(ctx.filter, { concurrency: ctx.concurrency });
  if (ctx.json) return void ctx.print(JSON.stringify(selections, null, 2));
  if (selections.length === 0) return void ctx.say("No webhook matches.");
  const rows = [["ID", "STATUS", "EVENTS", "LAST DELIVERY", "URL", "WHY"]];
  for (const { webhook: w, reasons } of selections) {
    // A selection reads delivery history only where the rule needs it: no time is not "never".
    rows.push([w.id, w.status, w.events.join(","), when(w.lastDeliveryAt, "n/a"), w.url, reasons.join("; ")]);
  }
  table(ctx.say, rows);
  ctx.say(`\n${selections.length} webhook(s) match`);
}

async function attemptsCommand(ctx) {
  const [id] = ctx.args;
  let page;
  try {
    page = await ctx.client.listAttempts(id, { ...(ctx.limit !== undefined && { limit: ctx.limit }), ...(ctx.flags.failed && { successful: false }) });
  } catch (err) {
    if (!isWebhookError(err) || err.code !== "unsupported") throw err;
    process.stderr.write(`error [unsupported]: ${err.message}\n` +
      `Delivery attempts are an Exa feature; "webhook-delete list" shows this provider's delivery counts.\n`);
    return 1;
  }
  if (ctx.json) return void ctx.print(JSON.stringify(page, null, 2));
  const kind = ctx.flags.failed ? "failed delivery attempt(s)" : "delivery attempt(s)";
  if (page.data.length === 0) return void ctx.say(`No ${kind} for ${id}.`);
  const rows = [["ATTEMPTED AT", "RESULT", "HTTP", "EVENT", "ATTEMPT", "ID"]];
  for (const a of page.data) {
    rows.push([when(a.attemptedAt), a.successful ? "ok" : "failed", show(a.responseStatusCode), a.eventType, String(a.attempt), a.id]);
  }
  table(ctx.say, rows);
  ctx.say(`\n${page.data.length} ${kind} of ${id}, newest first${page.hasMore ? " (older ones not shown: raise --limit)" : ""}`);
}

async function deleteCommand(ctx) {
  if (ctx.args.length === 0 || ctx.args[0] === "-") return deleteStream(ctx);
  const ids = [...new Set(ctx.args)];
  const shown = [];
  const checked = new Map(); // ids that end at the GET which shows them: not found, or failed
  const gone = []; // not found now, but a resumed run must account for them (its journal may hold them)
  for (const id of ids) {
    try {
      shown.push(await ctx.client.getWebhook(id));
    } catch (err) {
      if (!isWebhookError(err) || err.code === "invalid_input") throw err;
      if (err.code === "not_found") {
        ctx.say(`\nWebhook ${id} not found (may already be deleted)${ctx.flags.resume ? "" : "; skipping it"}`);
        if (ctx.flags.resume) gone.push(id);
        else checked.set(id, { id, outcome: "not_found", result: null, error: null });
      } else {
        process.stderr.write(`Could not fetch webhook ${id}, so it is not deleted: [${err.code}] ${err.message}\n`);
        checked.set(id, { id, outcome: "failed", result: null, error: errorInfo(err) });
      }
    }
  }
  for (const w of shown) ctx.say(details(w));
  if (ctx.dryRun) {
    if (ctx.json) ctx.print(JSON.stringify({ dryRun: true, webhooks: shown, notFound: ids.filter((id) => checked.get(id)?.outcome === "not_found") }, null, 2));
    ctx.say(`\nDry run: ${shown.length} webhook(s) would be deleted; no DELETE was sent.`);
    return [...checked.values()].some((item) => item.outcome === "failed") ? 1 : 0;
  }
  if (shown.length > 0 && !(await confirmed(ctx, `Delete ${shown.length} webhook(s)?`))) return cancelled(ctx, shown.map((w) => w.id));
  const send = new Set([...shown.map((w) => w.id), ...gone]);
  return runBulk(ctx, async (options) => withChecked(await ctx.client.deleteMany(ids.filter((id) => send.has(id)), options), ids, checked));
}

/** The library's result for the ids sent, with the ids that ended at their GET put back in the order typed. */
function withChecked(result, order, checked) {
  if (checked.size === 0) return result;
  const sent = new Map(result.results.map((item) => [item.id, item]));
  const notFound = [...checked.values()].filter((item) => item.outcome === "not_found").length;
  return {
    ...result,
    total: result.total + checked.size,
    notFound: result.notFound + notFound,
    failed: result.failed + checked.size - notFound,
    results: order.map((id) => checked.get(id) ?? sent.get(id)),
  };
}

async function deleteStream(ctx) {
  const file = ctx.flags["ids-file"];
  const input = () => (file === undefined ? process.stdin : createReadStream(file));
  // A file is counted first (for the question and the ETA); stdin can be read only once.
  const lines = file === undefined ? null : await countIdLines(input(), file);
  if (ctx.dryRun) {
    const count = lines ?? (await countIdLines(input(), "stdin"));
    ctx.say(`Dry run: the ${count} id line(s) of ${file ?? "stdin"} would be sent for deletion; no DELETE was sent.`);
    return 0;
  }
  const source = file === undefined ? "stdin" : `${file} (${lines} id line(s))`;
  if (!(await confirmed(ctx, `Delete every webhook listed in ${source}?`))) return cancelled(ctx, null);
  return runBulk(ctx, (options) => ctx.client.deleteMany(idLines(input()), options), { expected: lines, keepResults: false });
}

function cancelled(ctx, ids) {
  if (ctx.json) ctx.print(JSON.stringify({ cancelled: true, ...(ids && { ids }) }));
  ctx.say("Deletion cancelled");
  return 0;
}

async function planCommand(ctx) {
  const plan = await ctx.client.planDelete(ctx.filter, { concurrency: ctx.concurrency });
  showPlan(plan, (text) => process.stderr.write(`${text}\n`));
  const text = `${JSON.stringify(plan, null, 2)}\n`;
  if (ctx.flags.out === undefined) {
    process.stdout.write(text);
  } else {
    await writeFile(ctx.flags.out, text);
    process.stderr.write(`\nPlan written to ${ctx.flags.out}: review it, then run webhook-delete apply ${ctx.flags.out}\n`);
  }
  return 0;
}

function showPlan(plan, say) {
  const items = Array.isArray(plan?.items) ? plan.items : [];
  for (const item of items) say(planItemDetails(item));
  say(`\nThe plan holds ${items.length} webhook(s)${plan?.createdAt ? ` (made ${show(plan.createdAt)})` : ""}`);
}

async function pruneCommand(ctx) {
  const plan = await ctx.client.planDelete(ctx.filter ?? { inactiveDays: 30 }, { concurrency: ctx.concurrency });
  showPlan(plan, ctx.say);
  if (ctx.dryRun) {
    if (ctx.json) ctx.print(JSON.stringify(plan, null, 2));
    ctx.say(`\nDry run: ${plan.items.length} webhook(s) would be deleted; no DELETE was sent.`);
    return 0;
  }
  return applyShown(ctx, plan);
}

async function applyCommand(ctx) {
  const [file] = ctx.args;
  let plan;
  try {
    plan = JSON.parse(await readInput(file, "plan"));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`the plan ${file} is not JSON: ${err.message}`);
  }
  showPlan(plan, ctx.say);
  return applyShown(ctx, plan);
}

/** Asks about the plan just shown, then deletes exactly its items (each checked again first). */
async function applyShown(ctx, plan) {
  const count = Array.isArray(plan?.items) ? plan.items.length : 0;
  if (count > 0 && !(await confirmed(ctx, `Delete ${count} webhook(s)?`))) return cancelled(ctx, plan.items.map((item) => item.id));
  return runBulk(ctx, (options) => ctx.client.applyPlan(plan, options));
}

async function restoreCommand(ctx) {
  const file = ctx.flags["backup-file"];
  let backups = readBackups(await readInput(file, "backup file"), file);
  const only = ctx.flags.id;
  if (only) {
    const missing = only.filter((id) => !backups.some((b) => b?.webhook?.id === id));
    if (missing.length > 0) throw new UsageError(`${file} holds no backup of ${missing.join(", ")}`);
    backups = backups.filter((b) => only.includes(b?.webhook?.id));
  }
  for (const b of backups) {
    const w = b?.webhook ?? {};
    const metadata = Object.entries(w.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
    ctx.say(["", "=== Webhook to re-create ===", `Previous ID: ${show(w.id)}`, `URL: ${show(w.url)}`,
      `Events: ${Array.isArray(w.events) ? w.events.join(", ") : show(w.events)}`, `Metadata: ${metadata || "none"}`,
      `Backed up: ${show(b?.backedUpAt)}`].join("\n"));
  }
  ctx.say(`\n${backups.length} webhook(s) to re-create (under new ids; one that already exists with the same url and events is left as it is)`);
  if (ctx.dryRun) {
    ctx.say("Dry run: nothing was created.");
    return 0;
  }
  if (backups.length > 0 && !(await confirmed(ctx, `Re-create ${backups.length} webhook(s)?`))) {
    ctx.say("Restore cancelled");
    return 0;
  }
  const { result } = await interruptible((signal) => ctx.client.restoreMany(backups, { concurrency: ctx.concurrency, signal }));
  const secrets = result.results.filter((item) => item.result?.secret);
  let showSecrets = ctx.flags["show-secrets"] === true;
  let { secretsFile } = ctx;
  if (secretsFile && secrets.length > 0) {
    const lines = secrets.map(({ previousId, result: r }) => JSON.stringify({ previousId, id: r.webhook.id, url: r.webhook.url, secret: r.secret }));
    try {
      await appendFile(secretsFile, `${lines.join("\n")}\n`, { mode: 0o600 });
    } catch (err) {
      // The server will not show these secrets again: printing them is better than losing them.
      process.stderr.write(`error: could not write the secrets file ${secretsFile} (${err.code ?? err.message}), so the new secrets are printed below\n`);
      secretsFile = null;
      showSecrets = true;
    }
  }
  if (ctx.json) {
    const withheld = (item) => (item.result && !showSecrets ? { ...item, result: { ...item.result, secret: null } } : item);
    ctx.print(JSON.stringify({ ...result, results: result.results.map(withheld) }, null, 2));
  }
  ctx.say("");
  result.results.forEach((item, i) => {
    const r = item.result;
    if (item.outcome === "restored") {
      const paused = backups[i]?.webhook?.status === "inactive" && r.webhook.status !== "inactive" ? "; it was inactive, the new one is active" : "";
      ctx.say(`${item.previousId} -> ${r.webhook.id} (re-created${paused})` + (showSecrets && r.secret ? `  signing secret: ${r.secret}` : ""));
    } else if (item.outcome === "existing") {
      ctx.say(`${item.previousId} -> ${r.webhook.id} (existing: a webhook with this url and events is already there; nothing created, no new secret)`);
    } else {
      process.stderr.write(`Failed to re-create ${item.previousId}: [${item.error.code}] ${item.error.message}\n`);
    }
  });
  ctx.say(`\nSummary: ${result.restored} restored, ${result.existing} existing, ${result.failed} failed (of ${result.total})`);
  if (secrets.length > 0) {
    const note = "Receivers of the re-created webhooks must be given their new signing secrets (the old ones no longer verify).";
    if (showSecrets) ctx.say(`${note} They are printed above.`);
    else if (secretsFile) ctx.say(`${note} ${secrets.length} secret(s) were written to ${secretsFile} (mode 0600).`);
    else {
      ctx.say(`${note} ${secrets.length} new signing secret(s) were withheld: the server shows a secret only once, when it creates ` +
        "the webhook, so this run's cannot be shown again. Next time pass --secrets-file FILE (written with mode 0600) " +
        "or --show-secrets to keep them.");
    }
  }
  return result.failed > 0 ? 1 : 0;
}

/** The backups of a JSON Lines file (blank lines skipped); the library checks each one's shape. */
function readBackups(text, file) {
  const backups = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      backups.push(JSON.parse(line));
    } catch (err) {
      throw new UsageError(`${file}: line ${i + 1} is not JSON: ${err.message}`);
    }
  });
  return backups;
}

const COMMANDS = {
  list: listCommand, attempts: attemptsCommand, delete: deleteCommand, prune: pruneCommand, plan: planCommand,
  apply: applyCommand, restore: restoreCommand,
};

// ---------------------------------------------------------------------------------------------

async function main(argv) {
  const args = parseCommandLine(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { flags, command } = args;
  const apiKey = apiKeyFromEnv(args.provider);
  const auditFile = flags["audit-file"] ?? null;
  const sink = auditFile ? fileSink(auditFile) : null;
  // Entries the sink has taken are not kept: a stream of millions of ids stays bounded.
  const audit = new AuditLog({ maxEntries: 1000, ...(sink && { sink }) });
  const client = new WebhookClient({
    apiKey, provider: args.provider, baseUrl: flags["base-url"], auth: flags.auth, timeoutMs: args.timeoutMs,
    concurrency: args.concurrency, actor: actorName(), audit, maxRequestsPerSecond: args.rps,
  });
  const human = args.json ? process.stderr : process.stdout;
  const bulk = COMMAND_FLAGS[command].includes("journal");
  const ctx = {
    ...args, client,
    backupFile: command !== "restore" ? flags["backup-file"] ?? null : null,
    journalFile: bulk && (flags.resume || flags.journal !== undefined) ? journalPath(flags) : null,
    secretsFile: flags["secrets-file"] ?? null,
    say: (text) => human.write(`${text}\n`),
    print: (text) => process.stdout.write(`${text}\n`),
  };
  if (CHANGING.includes(command) && !ctx.dryRun && !ctx.yes && process.stdin.isTTY !== true) {
    throw new UsageError("refusing to go ahead without confirmation: stdin is not a terminal (pass --yes to skip the question)");
  }
  // Every check that needs no request comes before the first one is sent.
  if (bulk && !flags.resume && !ctx.dryRun && journalPath(flags) !== null) await checkJournal(journalPath(flags));
  if (!ctx.dryRun) {
    if (auditFile) await checkWritable(auditFile, "audit file");
    if (ctx.backupFile) await checkWritable(ctx.backupFile, "backup file");
    if (ctx.journalFile) await checkWritable(ctx.journalFile, "journal");
    if (ctx.secretsFile) await checkWritable(ctx.secretsFile, "secrets file", 0o600);
  }
  if (flags.out !== undefined) await checkWritable(flags.out, "plan file");
  try {
    return (await COMMANDS[command](ctx)) ?? 0;
  } finally {
    const remaining = await audit.flush();
    await sink?.close();
    if (remaining > 0) process.stderr.write(`warning: ${remaining} audit entr${remaining === 1 ? "y" : "ies"} could not be written to ${auditFile}\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\nRun "webhook-delete --help" for usage.\n`);
      process.exitCode = 2;
    } else if (isWebhookError(err)) {
      process.stderr.write(`error [${err.code}]: ${err.message}\n`);
      process.exitCode = err.code === "invalid_input" ? 2 : 1;
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
