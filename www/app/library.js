// Everything the page asks of webhook-delete, in one place: loading the WebAssembly module,
// making a client, and the calls the dashboard makes with the options it always passes.

import init, {
  WebhookClient,
  isWebhookError,
  formatFinalStatistics,
} from "/pkg/web/webhook_delete.js";

/** Requests in flight at most during a bulk call. */
export const CONCURRENCY = 4;

/** Who the audit log names as having deleted. */
export const ACTOR = "dashboard";

/** Loads and instantiates the WebAssembly module (once, before any client is made). */
export function loadLibrary() {
  return init();
}

/** A client for one API; throws a WebhookError (invalid_input) for a bad option. */
export function createClient({ provider, baseUrl, apiKey }) {
  return new WebhookClient({ provider, baseUrl: baseUrl || undefined, apiKey, actor: ACTOR });
}

/** Every webhook, following cursors; for Exa, each with its newest delivery attempt's time. */
export function listWebhooks(client, provider) {
  return client.listAllWebhooks({ lastDelivery: provider === "exa" });
}

/** The webhooks `filter` selects, each with the reasons in words (`Selection[]`). */
export function selectWebhooks(client, filter) {
  return client.selectWebhooks(filter);
}

/** The ids of the webhooks inactive for `days` days (a dry run: nothing is deleted). */
export async function findInactive(client, days) {
  const { candidates } = await client.deleteInactive({ inactiveDays: days, dryRun: true });
  return candidates.map((w) => w.id);
}

/** The DeletePlan of what `filter` selects now (plain JSON to review; sends no DELETE). */
export function planDelete(client, filter) {
  return client.planDelete(filter);
}

/**
 * Deletes `ids`; `onProgress` sees each id end, and `onBackup` gets each webhook's backup before its
 * DELETE is sent. Resolves to the BulkResult.
 */
export function deleteWebhooks(client, ids, { signal, onProgress, onBackup }) {
  return client.deleteMany(ids, { concurrency: CONCURRENCY, signal, onProgress, backup: onBackup });
}

/** Re-creates webhooks from their backups (new ids, new secrets). Resolves to the RestoreBulkResult. */
export function restoreBackups(client, backups) {
  return client.restoreMany(backups, { concurrency: CONCURRENCY });
}

/** The source documents' final-statistics text for one deleted webhook. */
export function statisticsText(id, stats) {
  if (!stats) return `=== ${id} ===\nThe API returned no final statistics for this webhook.`;
  try {
    return formatFinalStatistics(id, stats);
  } catch (err) {
    return `${id}: ${errorText(err)}`;
  }
}

/** One line for any error: the library's code and message, or the error's message. */
export function errorText(err) {
  if (isWebhookError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}
