// Deleting the checked webhooks after confirmation, with a backup of each kept in memory, and
// undoing the last deletion from those backups.

import { ui } from "./elements.js";
import { endDeletionRun, pendingBackups, startDeletionRun, state } from "./state.js";
import { bulkSummary, plural } from "./format.js";
import { setStatus } from "./status.js";
import { setBusy } from "./controls.js";
import { confirmDeletion } from "./confirm.js";
import { endRun, renderResults, showProgress, startRun } from "./results.js";
import { renderRestore } from "./restore.js";
import { renderAudit } from "./audit.js";
import { loadWebhooks } from "./listing.js";
import { deleteWebhooks, errorText, restoreBackups } from "./library.js";

/** Confirms, then deletes the checked webhooks (in table order). */
export async function deleteSelected() {
  if (!state.client || state.busy || state.selected.size === 0) return;
  // Table order, and only what is really in the table.
  const chosen = state.webhooks.filter((w) => state.selected.has(w.id));
  if (chosen.length === 0) return;
  if (!(await confirmDeletion(chosen))) {
    setStatus("Cancelled: nothing was deleted.", "info");
    return;
  }
  await runDeletion(chosen.map((w) => w.id));
}

async function runDeletion(ids) {
  state.abort = new AbortController();
  const run = startDeletionRun(ids);
  setBusy(true);
  startRun(ids.length);
  renderRestore();
  setStatus(`Deleting ${plural(ids.length, "webhook")}…`, "info");
  let result;
  try {
    result = await deleteWebhooks(state.client, ids, {
      signal: state.abort.signal,
      onProgress: showProgress,
      onBackup: (backup) => run.backups.set(backup.webhook.id, backup),
    });
  } catch (err) {
    setStatus(`Deletion failed — ${errorText(err)}`, "error");
    endRun();
    setBusy(false);
    renderAudit();
    return;
  }
  endRun();
  state.abort = null;
  endDeletionRun(result);
  renderResults(result);
  renderAudit();
  const kind = result.failed > 0 ? "error" : result.skipped > 0 ? "warn" : "success";
  const retry = result.failed + result.skipped > 0 ? " Webhooks that were not deleted stay selected, to retry." : "";
  setStatus(bulkSummary(result) + retry, kind);
  setBusy(false);
  await loadWebhooks(); // show what the server has now
}

/** Re-creates the last run's deleted webhooks from their backups (new ids and new secrets). */
export async function undo() {
  const backups = pendingBackups();
  if (!state.client || state.busy || backups.length === 0) return;
  const run = state.run;
  setBusy(true);
  setStatus(`Re-creating ${plural(backups.length, "webhook")} from their backups…`, "info");
  let result;
  try {
    result = await restoreBackups(state.client, backups);
  } catch (err) {
    setStatus(`Undo failed — ${errorText(err)}`, "error");
    setBusy(false);
    renderAudit();
    return;
  }
  for (const item of result.results) run.restored.set(item.previousId, item);
  renderRestore();
  renderAudit();
  const all = [...run.restored.values()];
  const count = (outcome) => all.filter((i) => i.outcome === outcome).length;
  const parts = [`${count("restored")} re-created with new ids`, `${count("existing")} already there`, `${count("failed")} failed`];
  const secrets = count("restored") > 0 ? " Their receivers need the new signing secrets (see Undo below)." : "";
  setStatus(`Undo: ${parts.join(" · ")}.${secrets}`, result.failed > 0 ? "error" : "success");
  setBusy(false);
  await loadWebhooks(); // show what the server has now
}

/** Aborts the running deletion: requests in flight fail as aborted, the rest are skipped. */
export function stop() {
  if (state.abort) {
    state.abort.abort();
    ui.stop.disabled = true;
  }
}
