// Dashboard of webhook-delete: list and filter webhooks, select, export a plan, confirm, delete
// (keeping a backup of each), undo, audit.
//
// This module connects and wires the page's controls to the flows; the pieces live in app/:
//   listing.js  what the table shows (filter, select inactive)
//   deletion.js deleting with backups, and Undo  plan.js     exporting a DeletePlan
//   library.js  the calls to webhook-delete      state.js    the page state
//   elements.js the page's elements              dom.js      text-only DOM helpers
//   format.js   words, times and numbers         status.js   the status line
//   controls.js which controls are usable        table.js    the webhook table
//   filters.js  the filter bar                   confirm.js  the confirmation dialog
//   results.js  the last deletion's results      restore.js  the Undo section of the results
//   audit.js    the audit panel                  connection.js  base URLs and the demo's API
//
// Every value that comes from the API (ids, urls, events, error messages...) is hostile input: it
// only ever reaches the page through textContent / setAttribute on elements built here, never as
// HTML. The API key lives in the WebhookClient and the password field, nowhere else.

import { ui } from "./app/elements.js";
import { resetForConnection, state } from "./app/state.js";
import { plural } from "./app/format.js";
import { setStatus } from "./app/status.js";
import { renderControls, setBusy } from "./app/controls.js";
import { clearFilterFields, filterUi, setFailingAllowed } from "./app/filters.js";
import { renderTable, setChecked } from "./app/table.js";
import { applyFilter, loadWebhooks, refresh, selectInactive, showAll } from "./app/listing.js";
import { deleteSelected, stop, undo } from "./app/deletion.js";
import { exportPlan } from "./app/plan.js";
import { toggleSecrets } from "./app/restore.js";
import { downloadAudit, renderAudit } from "./app/audit.js";
import { demoApi, defaultBase, suggestedBase } from "./app/connection.js";
import { createClient, errorText, loadLibrary } from "./app/library.js";

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
ui.refresh.addEventListener("click", refresh);
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
