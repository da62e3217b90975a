#!/usr/bin/env node
// webhook-delete command line (the package's `bin`): list, delete and prune webhook subscriptions.
// The API key comes from the environment only and is never printed. Exit codes: 0 every id ended
// deleted or not found, 1 something failed, 2 usage error (bad flags, no key, no terminal to ask).

import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { userInfo } from "node:os";
import { WebhookClient, AuditLog, isWebhookError, formatFinalStatistics } from "./node/webhook_delete.js";
import { fileSink } from "./node-sink.mjs";

const USAGE = `usage:
  webhook-delete list   [--provider exa|generic] [--base-url URL] [--auth x-api-key|bearer] [--json]
  webhook-delete delete ID... [--yes] [--dry-run] [--concurrency N] [--audit-file FILE] [--backup-file FILE]
  webhook-delete prune  [--inactive-days N] [--yes] [--dry-run] [--concurrency N] [--audit-file FILE]
  webhook-delete help

Global options (every command):
  --provider exa|generic   API dialect (default exa)
  --base-url URL           API base URL (required for generic; https, or http to localhost)
  --auth x-api-key|bearer  which header carries the key (default: the provider's)
  --timeout-ms N           per-attempt timeout (default 30000)
  --json                   machine-readable output on stdout
  -h, --help               show this help

Delete options:
  -y, --yes                delete without asking (required when stdin is not a terminal)
  --dry-run                show what would be deleted, send no DELETE
  --concurrency N          requests in flight at most (1..64, default 8)
  --audit-file FILE        append one JSON line per delete call to FILE
  --backup-file FILE       (delete) append each webhook as a JSON line to FILE before deleting it
  --inactive-days N        (prune) inactive for at least N days (default 30)

The API key is read from WEBHOOK_API_KEY (or EXA_API_KEY for --provider exa), never from a flag.
Exit status: 0 all deleted or not found, 1 some failed, 2 usage error.`;

const STRING_FLAGS = ["provider", "base-url", "auth", "timeout-ms", "concurrency", "audit-file", "backup-file", "inactive-days"];
const OPTIONS = {
  ...Object.fromEntries(STRING_FLAGS.map((name) => [name, { type: "string" }])),
  json: { type: "boolean" }, help: { type: "boolean", short: "h" }, yes: { type: "boolean", short: "y" }, "dry-run": { type: "boolean" },
};
const GLOBAL_FLAGS = ["provider", "base-url", "auth", "timeout-ms", "json", "help"];
const COMMAND_FLAGS = {
  list: [],
  delete: ["yes", "dry-run", "concurrency", "audit-file", "backup-file"],
  prune: ["yes", "dry-run", "concurrency", "audit-file", "inactive-days"],
};

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
    if (!GLOBAL_FLAGS.includes(name) && !COMMAND_FLAGS[command].includes(name)) {
      throw new UsageError(`--${name} is not an option of "${command}"`);
    }
  }
  const ids = positionals.slice(1);
  if (command === "delete" && ids.length === 0) throw new UsageError("delete needs at least one webhook id");
  if (command !== "delete" && ids.length > 0) throw new UsageError(`unexpected argument "${ids[0]}"`);
  const provider = flags.provider ?? "exa";
  if (provider !== "exa" && provider !== "generic") throw new UsageError(`--provider must be exa or generic, not "${provider}"`);
  return {
    command, ids: [...new Set(ids)], provider, flags,
    json: flags.json === true,
    concurrency: numberFlag("concurrency", flags.concurrency, true),
    timeoutMs: numberFlag("timeout-ms", flags["timeout-ms"], true),
    inactiveDays: numberFlag("inactive-days", flags["inactive-days"], false) ?? 30,
  };
}

function numberFlag(name, text, whole) {
  if (text === undefined) return undefined;
  const ok = whole ? /^\d{1,9}$/.test(text) : text.trim() !== "" && Number.isFinite(Number(text)) && Number(text) >= 0;
  if (!ok) throw new UsageError(`--${name} must be a ${whole ? "whole number" : "number >= 0"}, not "${text}"`);
  return Number(text);
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

// ---------------------------------------------------------------------------------------------

/** Runs fn over items with at most `limit` in flight; results keep the input order. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

const errorInfo = (err) => ({ code: err.code, message: err.message, status: err.status ?? null });
const show = (value) => (value === null || value === undefined ? "n/a" : String(value));

function details(webhook) {
  return [
    "", "=== Webhook Details ===",
    `ID: ${webhook.id}`, `URL: ${webhook.url}`, `Events: ${webhook.events.join(", ")}`, `Status: ${webhook.status}`,
    `Deliveries: ${show(webhook.deliveryCount)}`, `Failures: ${show(webhook.failureCount)}`,
  ].join("\n");
}

function progressBar(enabled) {
  let drawn = false;
  return {
    update(p) {
      if (!enabled) return;
      const width = 20;
      const filled = p.total === 0 ? width : Math.round((width * p.done) / p.total);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} ` +
        `deleted ${p.deleted} not found ${p.notFound} failed ${p.failed}`);
      drawn = true;
    },
    end() {
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

/** The results of every id in `order`, counted like a BulkResult. */
function bulkResult(order, items, durationMs) {
  const results = order.map((id) => items.get(id));
  const count = (outcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    total: results.length, deleted: count("deleted"), notFound: count("not_found"), failed: count("failed"),
    skipped: count("skipped"), durationMs, results,
  };
}

// ---------------------------------------------------------------------------------------------

async function listCommand(ctx) {
  const webhooks = await ctx.client.listAllWebhooks({});
  if (ctx.json) return void ctx.print(JSON.stringify(webhooks, null, 2));
  if (webhooks.length === 0) return void ctx.say("No webhooks.");
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : "never");
  const rows = [["ID", "STATUS", "EVENTS", "DELIVERIES", "FAILURES", "LAST DELIVERY", "URL"]];
  for (const w of webhooks) {
    rows.push([w.id, w.status, w.events.join(","), show(w.deliveryCount), show(w.failureCount), when(w.lastDeliveryAt), w.url]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const r of rows) ctx.say(r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join("  "));
  ctx.say(`\n${webhooks.length} webhook(s)`);
}

async function deleteCommand(ctx) {
  const items = new Map(); // id -> BulkResult item, for ids that end before any DELETE
  const fetched = await pool(ctx.ids, ctx.concurrency, async (id) => {
    try {
      return { id, webhook: await ctx.client.getWebhook(id, {}) };
    } catch (err) {
      if (!isWebhookError(err)) throw err;
      return { id, error: err };
    }
  });
  const invalid = fetched.find((f) => f.error?.code === "invalid_input");
  if (invalid) throw invalid.error;
  const webhooks = [];
  for (const f of fetched) {
    if (f.webhook) {
      webhooks.push(f.webhook);
    } else if (f.error.code === "not_found") {
      ctx.say(`\nWebhook ${f.id} not found (may already be deleted); skipping it`);
      items.set(f.id, { id: f.id, outcome: "not_found", result: null, error: null });
    } else {
      process.stderr.write(`Could not fetch webhook ${f.id}, so it is not deleted: [${f.error.code}] ${f.error.message}\n`);
      items.set(f.id, { id: f.id, outcome: "failed", result: null, error: errorInfo(f.error) });
    }
  }
  return deleteShown(ctx, webhooks, items, ctx.ids);
}

async function pruneCommand(ctx) {
  const { candidates } = await ctx.client.deleteInactive({ inactiveDays: ctx.inactiveDays, dryRun: true });
  ctx.say(`Found ${candidates.length} webhook(s) inactive for ${ctx.inactiveDays}+ days`);
  return deleteShown(ctx, candidates, new Map(), candidates.map((w) => w.id));
}

/** Shows the webhooks, asks, deletes exactly those shown and reports; returns the exit code. */
async function deleteShown(ctx, webhooks, items, order) {
  for (const w of webhooks) ctx.say(details(w));
  if (ctx.dryRun) {
    if (ctx.json) ctx.print(JSON.stringify({ dryRun: true, webhooks, notFound: order.filter((id) => items.get(id)?.outcome === "not_found") }, null, 2));
    ctx.say(`\nDry run: ${webhooks.length} webhook(s) would be deleted; no DELETE was sent.`);
    return [...items.values()].some((r) => r.outcome === "failed") ? 1 : 0;
  }
  if (webhooks.length > 0 && !ctx.yes) {
    const answer = (await ask(`\nDelete ${webhooks.length} webhook(s)? (y/N): `)).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      if (ctx.json) ctx.print(JSON.stringify({ cancelled: true, ids: webhooks.map((w) => w.id) }));
      ctx.say("Deletion cancelled");
      return 0;
    }
  }
  const ids = webhooks.map((w) => w.id);
  const bar = progressBar(process.stderr.isTTY === true && ids.length > 0);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const started = Date.now();
  try {
    if (ctx.backupFile) {
      await deleteWithBackups(ctx, ids, items, bar, controller.signal);
    } else if (ids.length > 0) {
      const bulk = await ctx.client.deleteMany(ids, { concurrency: ctx.concurrency, signal: controller.signal, onProgress: (p) => bar.update(p) });
      for (const item of bulk.results) items.set(item.id, item);
    }
  } finally {
    process.off("SIGINT", onSigint);
    bar.end();
  }
  const result = bulkResult(order, items, Date.now() - started);
  if (ctx.json) ctx.print(JSON.stringify(result, null, 2));
  else report(ctx, result);
  return result.failed > 0 || result.skipped > 0 ? 1 : 0;
}

async function deleteWithBackups(ctx, ids, items, bar, signal) {
  const store = fileSink(ctx.backupFile, { fsync: true });
  const counts = { done: 0, total: ids.length, deleted: 0, notFound: 0, failed: 0 };
  try {
    await pool(ids, ctx.concurrency, async (id) => {
      let item = { id, outcome: "skipped", result: null, error: null };
      if (!signal.aborted) {
        try {
          item = { id, outcome: "deleted", result: await ctx.client.deleteWithBackup(id, store, { signal }), error: null };
        } catch (err) {
          if (!isWebhookError(err)) throw err;
          item = err.code === "not_found" ? { id, outcome: "not_found", result: null, error: null } : { id, outcome: "failed", result: null, error: errorInfo(err) };
        }
      }
      items.set(id, item);
      counts.done++;
      const key = { deleted: "deleted", not_found: "notFound", failed: "failed" }[item.outcome];
      if (key) counts[key]++;
      bar.update({ ...counts, id, outcome: item.outcome });
    });
  } finally {
    await store.close();
  }
}

function report(ctx, result) {
  for (const item of result.results) {
    if (item.outcome === "deleted") {
      const again = item.result.alreadyDeleted ? " (an earlier attempt had already deleted it)" : "";
      ctx.say(`\nWebhook ${item.id} deleted successfully${again}`);
      if (item.result.finalStatistics) ctx.say("\n" + formatFinalStatistics(item.id, item.result.finalStatistics));
      if (item.result.backup) ctx.say(`Backup written to ${ctx.backupFile}`);
    } else if (item.outcome === "not_found") {
      ctx.say(`\nWebhook ${item.id} not found (may already be deleted)`);
    } else if (item.outcome === "skipped") {
      ctx.say(`\nWebhook ${item.id} skipped (interrupted before it was sent)`);
    } else {
      process.stderr.write(`\nFailed to delete webhook ${item.id}: [${item.error.code}] ${item.error.message}\n`);
    }
  }
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : "";
  ctx.say(`\nSummary: ${result.deleted} deleted, ${result.notFound} not found, ${result.failed} failed${skipped} ` +
    `(of ${result.total}, ${result.durationMs} ms)`);
}

// ---------------------------------------------------------------------------------------------

async function main(argv) {
  const args = parseCommandLine(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { flags } = args;
  const apiKey = apiKeyFromEnv(args.provider);
  const sink = flags["audit-file"] ? fileSink(flags["audit-file"]) : null;
  const audit = sink ? new AuditLog({ sink }) : undefined;
  const client = new WebhookClient({
    apiKey, provider: args.provider, baseUrl: flags["base-url"], auth: flags.auth, timeoutMs: args.timeoutMs,
    concurrency: args.concurrency, actor: actorName(), audit,
  });
  const human = args.json ? process.stderr : process.stdout;
  const ctx = {
    ...args, client, concurrency: args.concurrency ?? 8, yes: flags.yes === true, dryRun: flags["dry-run"] === true,
    backupFile: flags["backup-file"] ?? null,
    say: (text) => human.write(`${text}\n`),
    print: (text) => process.stdout.write(`${text}\n`),
  };
  if (args.command !== "list" && !ctx.dryRun && !ctx.yes && process.stdin.isTTY !== true) {
    throw new UsageError("refusing to delete without confirmation: stdin is not a terminal (pass --yes to skip the question)");
  }
  try {
    if (args.command === "list") return (await listCommand(ctx)) ?? 0;
    return args.command === "delete" ? await deleteCommand(ctx) : await pruneCommand(ctx);
  } finally {
    if (audit) {
      const remaining = await audit.flush();
      await sink.close();
      if (remaining > 0) process.stderr.write(`warning: ${remaining} audit entr${remaining === 1 ? "y" : "ies"} could not be written to ${flags["audit-file"]}\n`);
    }
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
