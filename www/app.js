// Dashboard of webhook-delete: list and filter webhooks, select, export a plan, confirm, delete
// (keeping a backup of each), undo, audit.
//
// This module wires the page's controls to the flows below; the pieces live in app/:
//   library.js  the calls to webhook-delete      state.js    the page state
//   elements.js the page's elements              dom.js      text-only DOM helpers
//   format.js   words, times and numbers         status.js   the status line
//   controls.js which controls are usable        table.js    the webhook table
//   filters.js  the filter bar                   plan.js     exporting a DeletePlan
//   confirm.js  the confirmation dialog          results.js  the last deletion's results
//   restore.js  the Undo section of the results  audit.js    the audit panel
//   connection.js  base URLs and the demo's API
//
// Every value that comes from the API (ids, urls, events, error messages...) is hostile input: it
// only ever reaches the page through textContent / setAttribute on elements built here, never as
// HTML. The API key lives in the WebhookClient and the password field, nowhere else.

import { ui } from "./app/elements.js";
import {
  currentPlanFilter, endDeletionRun, pendingBackups, resetForConnection, showWebhooks, startDeletionRun, state,
} from "./app/state.js";
import { bulkSummary, plural } from "./app/format.js";
import { setStatus } from "./app/status.js";
import { renderControls, setBusy } from "./app/controls.js";
import { clearFilterFields, describeFilter, filterUi, readFilter, setFailingAllowed } from "./app/filters.js";
import { renderTable, setChecked } from "./app/table.js";
import { confirmDeletion } from "./app/confirm.js";
import { endRun, renderResults, showProgress, startRun } from "./app/results.js";
import { downloadAudit, renderAudit } from "./app/audit.js";
import { downloadPlan } from "./app/plan.js";
import { renderRestore, toggleSecrets } from "./app/restore.js";
import { demoApi, defaultBase, suggestedBase } from "./app/connection.js";
import {
  createClient, deleteWebhooks, errorText, findInactive, listWebhooks, loadLibrary, planDelete, restoreBackups,
  selectWebhooks,
} from "./app/library.js";

// ---------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------

async function connect() {
  if (state.busy) return;
  const provider = ui.provider.value === "exa" ? "exa" : "generic";
  const baseUrl = ui.baseUrl.value.trim();
  let client;
  try {
    client = createClient({ provider, baseUrl, apiKey: ui.apiKey.value });
  } catch (err) {
    setStatus(errorText(err), "error");
    return;
  }
  if (state.client && state.client !== client) state.client.free?.();
  resetForConnection(client, { provider, baseUrl: baseUrl || defaultBase(provider) });
  clearFilterFields();
  setFailingAllowed(provider === "exa");
  ui.resultsPanel.hidden = true;
  renderAudit();
  ui.connectionInfo.textContent = "Connecting…";
  ui.connectionInfo.className = "pill";
  if (await loadWebhooks()) {
    ui.connectionInfo.textContent = `${provider} · ${state.connection.baseUrl}`;
    ui.connectionInfo.className = "pill pill-ok";
    setStatus(`Connected: ${plural(state.webhooks.length, "webhook")} found.`, "success");
  } else {
    ui.connectionInfo.textContent = "Not connected";
  }
}

/**
 * Shows what `filter` selects (every webhook when null) in the table; returns false (and shows
 * why) on failure. A new filter that fails leaves the table as it was; a failed listing empties it.
 */
async function loadWebhooks(filter = state.filter) {
  if (!state.client) return false;
  const newFilter = filter !== state.filter;
  setBusy(true);
  try {
    if (filter === null) showWebhooks(await listWebhooks(state.client, state.connection.provider));
    else showWebhooks([], filter, await selectWebhooks(state.client, filter));
    renderTable();
    return true;
  } catch (err) {
    if (!newFilter) {
      showWebhooks([], null);
      state.selected.clear();
      renderTable();
    }
    setStatus(`Could not ${filter === null ? "list" : "select"} webhooks — ${errorText(err)}`, "error");
    return false;
  } finally {
    setBusy(false);
  }
}

// ---------------------------------------------------------------------------------------------
// Filter
// ---------------------------------------------------------------------------------------------

async function applyFilter() {
  if (!state.client || state.busy) return;
  let filter;
  try {
    filter = readFilter({ failingAllowed: state.connection.provider === "exa" });
  } catch (err) {
    setStatus(errorText(err), "error");
    return;
  }
  if (!(await loadWebhooks(filter))) return;
  setStatus(
    filter === null
      ? `No filter: ${plural(state.webhooks.length, "webhook")}.`
      : `Filter applied (nothing deleted): ${plural(state.webhooks.length, "webhook")} ${state.webhooks.length === 1 ? "matches" : "match"} ${describeFilter(filter)}.`,
    "info",
  );
}

async function showAll() {
  if (!state.client || state.busy) return;
  clearFilterFields();
  if (await loadWebhooks(null)) setStatus(`No filter: ${plural(state.webhooks.length, "webhook")}.`, "info");
}

// ---------------------------------------------------------------------------------------------
// Selection
// ---------------------------------------------------------------------------------------------

async function selectInactive() {
  if (!state.client || state.busy) return;
  const days = Number(ui.inactiveDays.value);
  if (!Number.isFinite(days) || days < 0) {
    setStatus("Inactive days must be a number ≥ 0.", "error");
    return;
  }
  setBusy(true);
  let ids;
  try {
    ids = await findInactive(state.client, days);
  } catch (err) {
    setStatus(`Could not find inactive webhooks — ${errorText(err)}`, "error");
    return;
  } finally {
    setBusy(false);
  }
  const shown = () => new Set(state.webhooks.map((w) => w.id));
  // Unfiltered, an id missing from the table means the list changed meanwhile.
  if (state.filter === null && ids.some((id) => !shown().has(id))) await loadWebhooks();
  const visible = ids.filter((id) => shown().has(id));
  setChecked(visible);
  const hidden = ids.length - visible.length;
  setStatus(
    ids.length === 0
      ? `No webhook has been inactive for ${plural(days, "day")}.`
      : `Selected ${plural(visible.length, "webhook")} inactive for ${plural(days, "day")} (dry run, nothing deleted).` +
        (hidden > 0 && state.filter !== null ? ` ${hidden} more ${hidden === 1 ? "is" : "are"} hidden by the filter.` : ""),
    "info",
  );
}

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

async function exportPlan() {
  const filter = currentPlanFilter();
  if (!state.client || state.busy || filter === null) return;
  setBusy(true);
  let plan;
  try {
    plan = await planDelete(state.client, filter);
  } catch (err) {
    setStatus(`Could not make a plan — ${errorText(err)}`, "error");
    return;
  } finally {
    setBusy(false);
  }
  const file = downloadPlan(plan);
  const n = plan.items.length;
  const asked = filter.ids?.length;
  const gone = asked !== undefined && n < asked ? ` ${asked - n} of the checked no longer match and were left out.` : "";
  setStatus(
    `Exported a plan of ${plural(n, "webhook")} to ${file} (nothing deleted).${gone} ` +
      "Review it, then apply it with: webhook-delete apply FILE.",
    n === 0 || gone ? "warn" : "success",
  );
}

// ---------------------------------------------------------------------------------------------
// Deletion
// ---------------------------------------------------------------------------------------------

async function deleteSelected() {
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
async function undo() {
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

function stop() {
  if (state.abort) {
    state.abort.abort();
    ui.stop.disabled = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring and start
// ---------------------------------------------------------------------------------------------

ui.provider.addEventListener("change", () => {
  const other = ui.provider.value === "exa" ? "generic" : "exa";
  const current = ui.baseUrl.value.trim();
  if (current === "" || current === suggestedBase(other)) ui.baseUrl.value = suggestedBase(ui.provider.value);
});
ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  connect();
});
ui.refresh.addEventListener("click", async () => {
  if (await loadWebhooks()) setStatus(`Refreshed: ${plural(state.webhooks.length, "webhook")}.`, "info");
});
ui.selectAll.addEventListener("change", () => setChecked(ui.selectAll.checked ? state.webhooks.map((w) => w.id) : []));
ui.clearSelection.addEventListener("click", () => setChecked([]));
ui.selectInactive.addEventListener("click", selectInactive);
filterUi.form.addEventListener("submit", (event) => {
  event.preventDefault();
  applyFilter();
});
filterUi.form.addEventListener("input", renderControls);
filterUi.reset.addEventListener("click", showAll);
ui.deleteSelected.addEventListener("click", deleteSelected);
ui.exportPlan.addEventListener("click", exportPlan);
ui.stop.addEventListener("click", stop);
ui.undo.addEventListener("click", undo);
ui.showSecrets.addEventListener("click", toggleSecrets);
ui.download.addEventListener("click", downloadAudit);

async function start() {
  ui.provider.value = "generic";
  ui.baseUrl.value = suggestedBase("generic");
  if (demoApi) ui.apiKey.value = "test-key"; // the mock API's key; real keys are typed in
  setFailingAllowed(false);
  renderTable();
  renderAudit();
  setBusy(true);
  try {
    await loadLibrary();
  } catch (err) {
    setStatus(`Could not load the WebAssembly module — ${errorText(err)}`, "error");
    return;
  }
  setBusy(false);
  document.documentElement.dataset.ready = "true";
  if (demoApi) await connect();
  else setStatus("Enter the API's base URL and key, then Connect.", "info");
}

start();
