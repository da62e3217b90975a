// Dashboard of webhook-delete: list webhooks, select, confirm, delete, audit.
//
// Every value that comes from the API (ids, urls, events, error messages...) is hostile input: it
// only ever reaches the page through textContent / setAttribute on elements built here, never as
// HTML. The API key lives in the WebhookClient and the password field, nowhere else.

import init, {
  WebhookClient,
  isWebhookError,
  formatFinalStatistics,
} from "/pkg/web/webhook_delete.js";

const CONCURRENCY = 4;

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const ui = {
  form: $("connect-form"),
  provider: $("provider"),
  baseUrl: $("base-url"),
  apiKey: $("api-key"),
  connect: $("connect"),
  connectionInfo: $("connection-info"),
  status: $("status"),
  refresh: $("refresh"),
  count: $("webhook-count"),
  inactiveDays: $("inactive-days"),
  selectInactive: $("select-inactive"),
  clearSelection: $("clear-selection"),
  selectionCount: $("selection-count"),
  deleteSelected: $("delete-selected"),
  selectAll: $("select-all"),
  rows: $("webhook-rows"),
  empty: $("empty"),
  resultsPanel: $("results-panel"),
  stop: $("stop"),
  progress: $("progress"),
  progressText: $("progress-text"),
  summary: $("results-summary"),
  resultRows: $("results-rows"),
  finalStats: $("final-stats"),
  auditCount: $("audit-count"),
  auditRows: $("audit-rows"),
  auditEmpty: $("audit-empty"),
  download: $("download-jsonl"),
  dialog: $("confirm-dialog"),
  dialogTitle: $("confirm-title"),
  dialogList: $("confirm-list"),
  dialogCancel: $("confirm-cancel"),
  dialogConfirm: $("confirm-delete"),
};

const state = {
  client: null,
  connection: null, // { provider, baseUrl }
  webhooks: [],
  selected: new Set(),
  busy: false,
  abort: null,
};

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (text only)
// ---------------------------------------------------------------------------------------------

/** createElement with class/text/attributes; children are nodes or strings (as text). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function badge(text, kind) {
  return el("span", { class: `badge badge-${kind}`, text });
}

const OUTCOME_KIND = {
  deleted: "ok",
  not_found: "muted",
  failed: "bad",
  skipped: "warn",
  conflict: "warn",
  cancelled: "muted",
  aborted: "warn",
};
const OUTCOME_LABEL = { not_found: "not found" };

function outcomeBadge(outcome) {
  return badge(OUTCOME_LABEL[outcome] ?? outcome, OUTCOME_KIND[outcome] ?? "muted");
}

function localTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

function errorText(err) {
  if (isWebhookError(err)) return `${err.code}: ${err.message}`;
  if (err instanceof Error) return err.message;
  return String(err);
}

function setStatus(text, kind = "info") {
  ui.status.hidden = !text;
  ui.status.className = `status status-${kind}`;
  ui.status.textContent = text ?? "";
}

// ---------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------

const DEFAULT_BASE = { exa: "https://api.exa.ai/websets", generic: "" };
const params = new URLSearchParams(location.search);
const demoApi = safeApiParam(params.get("api"));

/** The `api` query parameter: an http(s) origin of the mock API, or null. */
function safeApiParam(value) {
  if (!value) return null;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.href.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

function suggestedBase(provider) {
  if (demoApi) return `${demoApi}/${provider}`;
  return DEFAULT_BASE[provider];
}

ui.provider.addEventListener("change", () => {
  const other = ui.provider.value === "exa" ? "generic" : "exa";
  const current = ui.baseUrl.value.trim();
  if (current === "" || current === suggestedBase(other)) ui.baseUrl.value = suggestedBase(ui.provider.value);
});

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  connect();
});

async function connect() {
  if (state.busy) return;
  const provider = ui.provider.value === "exa" ? "exa" : "generic";
  const baseUrl = ui.baseUrl.value.trim();
  const apiKey = ui.apiKey.value;
  let client;
  try {
    client = new WebhookClient({ provider, baseUrl: baseUrl || undefined, apiKey, actor: "dashboard" });
  } catch (err) {
    setStatus(errorText(err), "error");
    return;
  }
  if (state.client && state.client !== client) state.client.free?.();
  state.client = client;
  state.connection = { provider, baseUrl: baseUrl || DEFAULT_BASE[provider] };
  state.selected.clear();
  ui.resultsPanel.hidden = true;
  renderAudit();
  ui.connectionInfo.textContent = "Connecting…";
  ui.connectionInfo.className = "pill";
  const ok = await loadWebhooks();
  if (ok) {
    ui.connectionInfo.textContent = `${provider} · ${state.connection.baseUrl}`;
    ui.connectionInfo.className = "pill pill-ok";
    setStatus(`Connected: ${plural(state.webhooks.length, "webhook")} found.`, "success");
  } else {
    ui.connectionInfo.textContent = "Not connected";
  }
}

/** Lists every webhook into the table; returns false (and shows why) on failure. */
async function loadWebhooks() {
  if (!state.client) return false;
  setBusy(true);
  try {
    const list = await state.client.listAllWebhooks({});
    state.webhooks = list;
    const ids = new Set(list.map((w) => w.id));
    for (const id of [...state.selected]) if (!ids.has(id)) state.selected.delete(id);
    renderTable();
    return true;
  } catch (err) {
    state.webhooks = [];
    state.selected.clear();
    renderTable();
    setStatus(`Could not list webhooks — ${errorText(err)}`, "error");
    return false;
  } finally {
    setBusy(false);
  }
}

ui.refresh.addEventListener("click", async () => {
  if (await loadWebhooks()) setStatus(`Refreshed: ${plural(state.webhooks.length, "webhook")}.`, "info");
});

// ---------------------------------------------------------------------------------------------
// Table and selection
// ---------------------------------------------------------------------------------------------

function renderTable() {
  const rows = state.webhooks.map((w) => {
    const checkbox = el("input", {
      type: "checkbox",
      "data-testid": "row-checkbox",
      "aria-label": `Select ${w.id}`,
    });
    checkbox.checked = state.selected.has(w.id);
    checkbox.addEventListener("change", () => {
      if (checkbox.checked) state.selected.add(w.id);
      else state.selected.delete(w.id);
      row.classList.toggle("selected", checkbox.checked);
      renderSelection();
    });
    const events = el("div", { class: "chips" }, (w.events ?? []).map((e) => el("span", { class: "chip", text: e })));
    const last = localTime(w.lastDeliveryAt);
    const row = el(
      "tr",
      { "data-testid": "webhook-row", "data-id": w.id, class: state.selected.has(w.id) ? "selected" : null },
      el("td", { class: "col-check" }, checkbox),
      el("td", { class: "mono", "data-testid": "cell-id", text: w.id }),
      el("td", { class: "url", "data-testid": "cell-url", title: w.url, text: w.url }),
      el("td", { "data-testid": "cell-events" }, events),
      el("td", { "data-testid": "cell-status" }, badge(w.status, w.status === "active" ? "ok" : "warn")),
      el("td", { class: "num", "data-testid": "cell-deliveries", text: w.deliveryCount ?? "—" }),
      el("td", { class: "num", "data-testid": "cell-failures", text: w.failureCount ?? "—" }),
      el("td", { "data-testid": "cell-last-delivery", title: w.lastDeliveryAt ?? "", text: last ?? "never" }),
    );
    return row;
  });
  ui.rows.replaceChildren(...rows);
  ui.count.textContent = state.client ? String(state.webhooks.length) : "";
  ui.empty.hidden = state.webhooks.length > 0;
  ui.empty.textContent = state.client ? "No webhooks." : "Connect to list webhooks.";
  renderSelection();
}

function renderSelection() {
  const n = state.selected.size;
  const total = state.webhooks.length;
  ui.selectionCount.textContent = `${n} selected`;
  ui.selectAll.checked = total > 0 && n === total;
  ui.selectAll.indeterminate = n > 0 && n < total;
  ui.deleteSelected.disabled = state.busy || n === 0;
  ui.deleteSelected.textContent = n > 0 ? `Delete selected (${n})…` : "Delete selected…";
  ui.clearSelection.disabled = state.busy || n === 0;
  ui.selectAll.disabled = state.busy || total === 0;
}

function setChecked(ids) {
  state.selected = new Set(ids);
  for (const row of ui.rows.children) {
    const on = state.selected.has(row.getAttribute("data-id"));
    row.querySelector('input[type="checkbox"]').checked = on;
    row.classList.toggle("selected", on);
  }
  renderSelection();
}

ui.selectAll.addEventListener("change", () => {
  setChecked(ui.selectAll.checked ? state.webhooks.map((w) => w.id) : []);
});

ui.clearSelection.addEventListener("click", () => setChecked([]));

ui.selectInactive.addEventListener("click", async () => {
  if (!state.client || state.busy) return;
  const days = Number(ui.inactiveDays.value);
  if (!Number.isFinite(days) || days < 0) {
    setStatus("Inactive days must be a number ≥ 0.", "error");
    return;
  }
  setBusy(true);
  let candidates;
  try {
    ({ candidates } = await state.client.deleteInactive({ inactiveDays: days, dryRun: true }));
  } catch (err) {
    setStatus(`Could not find inactive webhooks — ${errorText(err)}`, "error");
    return;
  } finally {
    setBusy(false);
  }
  const ids = candidates.map((w) => w.id);
  const shown = new Set(state.webhooks.map((w) => w.id));
  if (ids.some((id) => !shown.has(id))) await loadWebhooks(); // the list changed meanwhile
  setChecked(ids.filter((id) => state.webhooks.some((w) => w.id === id)));
  setStatus(
    ids.length === 0
      ? `No webhook has been inactive for ${plural(days, "day")}.`
      : `Selected ${plural(ids.length, "webhook")} inactive for ${plural(days, "day")} (dry run, nothing deleted).`,
    "info",
  );
});

function setBusy(busy) {
  state.busy = busy;
  document.documentElement.dataset.busy = String(busy);
  ui.connect.disabled = busy;
  ui.refresh.disabled = busy || !state.client;
  ui.selectInactive.disabled = busy || !state.client;
  for (const box of ui.rows.querySelectorAll('input[type="checkbox"]')) box.disabled = busy;
  renderSelection();
}

// ---------------------------------------------------------------------------------------------
// Confirmation
// ---------------------------------------------------------------------------------------------

/** Shows the exact ids and urls; resolves true only when the red button is clicked. */
function confirmDeletion(webhooks) {
  const n = webhooks.length;
  ui.dialogTitle.textContent = `Delete ${plural(n, "webhook")}?`;
  ui.dialogConfirm.textContent = `Delete ${plural(n, "webhook")}`;
  ui.dialogList.replaceChildren(
    ...webhooks.map((w) =>
      el(
        "li",
        { "data-testid": "confirm-item", "data-id": w.id },
        el("span", { class: "mono", text: w.id }),
        el("span", { class: "url", text: w.url }),
      ),
    ),
  );
  return new Promise((resolve) => {
    let answer = false;
    const onConfirm = () => {
      answer = true;
      ui.dialog.close("confirm");
    };
    const onCancel = () => ui.dialog.close("cancel");
    const onClose = () => {
      ui.dialogConfirm.removeEventListener("click", onConfirm);
      ui.dialogCancel.removeEventListener("click", onCancel);
      ui.dialog.removeEventListener("close", onClose);
      ui.dialogList.replaceChildren();
      resolve(answer);
    };
    ui.dialogConfirm.addEventListener("click", onConfirm);
    ui.dialogCancel.addEventListener("click", onCancel);
    ui.dialog.addEventListener("close", onClose); // Escape closes too: that is a cancel
    ui.dialog.showModal();
    ui.dialogCancel.focus();
  });
}

ui.deleteSelected.addEventListener("click", async () => {
  if (!state.client || state.busy || state.selected.size === 0) return;
  // Table order, and only what is really in the table.
  const chosen = state.webhooks.filter((w) => state.selected.has(w.id));
  if (chosen.length === 0) return;
  const confirmed = await confirmDeletion(chosen);
  if (!confirmed) {
    setStatus("Cancelled: nothing was deleted.", "info");
    return;
  }
  await runDeletion(chosen.map((w) => w.id));
});

// ---------------------------------------------------------------------------------------------
// Deletion, results, statistics
// ---------------------------------------------------------------------------------------------

async function runDeletion(ids) {
  const client = state.client;
  const total = ids.length;
  state.abort = new AbortController();
  setBusy(true);
  ui.resultsPanel.hidden = false;
  ui.resultRows.replaceChildren();
  ui.finalStats.replaceChildren();
  ui.summary.textContent = "";
  ui.progress.max = total;
  ui.progress.value = 0;
  ui.progressText.textContent = `0 / ${total}`;
  ui.stop.hidden = false;
  ui.stop.disabled = false;
  setStatus(`Deleting ${plural(total, "webhook")}…`, "info");
  let result;
  try {
    result = await client.deleteMany(ids, {
      concurrency: CONCURRENCY,
      signal: state.abort.signal,
      onProgress(p) {
        ui.progress.max = p.total;
        ui.progress.value = p.done;
        ui.progressText.textContent =
          `${p.done} / ${p.total} · ${p.deleted} deleted · ${p.notFound} not found · ${p.failed} failed`;
      },
    });
  } catch (err) {
    setStatus(`Deletion failed — ${errorText(err)}`, "error");
    ui.stop.hidden = true;
    setBusy(false);
    renderAudit();
    return;
  }
  ui.stop.hidden = true;
  state.abort = null;
  renderResults(result);
  renderAudit();
  const kind = result.failed > 0 ? "error" : result.skipped > 0 ? "warn" : "success";
  const retry = result.failed + result.skipped > 0 ? " Webhooks that were not deleted stay selected, to retry." : "";
  setStatus(summaryText(result) + retry, kind);
  setBusy(false);
  await loadWebhooks(); // show what the server has now
}

ui.stop.addEventListener("click", () => {
  if (state.abort) {
    state.abort.abort();
    ui.stop.disabled = true;
  }
});

function summaryText(r) {
  const parts = [`${r.deleted} deleted`, `${r.notFound} not found`, `${r.failed} failed`];
  if (r.skipped > 0) parts.push(`${r.skipped} skipped`);
  return `Done: ${parts.join(" · ")} of ${r.total} in ${(r.durationMs / 1000).toFixed(1)} s.`;
}

function renderResults(r) {
  ui.progress.max = Math.max(r.total, 1);
  ui.progress.value = r.total - r.skipped;
  ui.summary.textContent = summaryText(r);
  ui.resultRows.replaceChildren(
    ...r.results.map((item) => {
      let detail;
      if (item.outcome === "deleted") {
        const res = item.result;
        detail = res?.alreadyDeleted ? "deleted by an earlier attempt" : (res?.message ?? "deleted");
      } else if (item.error) {
        const status = item.error.status ? ` (HTTP ${item.error.status})` : "";
        detail = `${item.error.code}${status}: ${item.error.message}`;
      } else if (item.outcome === "not_found") {
        detail = "did not exist (already deleted?)";
      } else if (item.outcome === "skipped") {
        detail = "not sent (stopped)";
      } else {
        detail = "";
      }
      return el(
        "tr",
        { "data-testid": "result-row", "data-id": item.id, "data-outcome": item.outcome },
        el("td", { class: "mono", text: item.id }),
        el("td", { "data-testid": "result-outcome" }, outcomeBadge(item.outcome)),
        el("td", { class: "num", text: item.result?.attempts ?? "—" }),
        el("td", { class: "detail", "data-testid": "result-detail", text: detail }),
      );
    }),
  );
  const stats = [];
  for (const item of r.results) {
    if (item.outcome !== "deleted" || !item.result) continue;
    const fs = item.result.finalStatistics;
    let text;
    if (fs) {
      try {
        text = formatFinalStatistics(item.id, fs);
      } catch (err) {
        text = `${item.id}: ${errorText(err)}`;
      }
    } else {
      text = `=== ${item.id} ===\nThe API returned no final statistics for this webhook.`;
    }
    stats.push(el("pre", { "data-testid": "final-stat", "data-id": item.id, text }));
  }
  if (stats.length === 0) stats.push(el("p", { class: "muted", text: "Nothing was deleted." }));
  ui.finalStats.replaceChildren(...stats);
}

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

function renderAudit() {
  const entries = state.client ? state.client.audit.history() : [];
  ui.auditCount.textContent = plural(entries.length, "entry", "entries");
  ui.download.disabled = entries.length === 0;
  ui.auditEmpty.hidden = entries.length > 0;
  ui.auditRows.replaceChildren(
    ...entries
      .slice()
      .reverse()
      .map((e) =>
        el(
          "tr",
          { "data-testid": "audit-row", "data-id": e.webhookId, "data-outcome": e.outcome },
          el("td", { title: e.deletedAt, text: localTime(e.deletedAt) ?? "" }),
          el("td", { class: "mono", text: e.webhookId }),
          el("td", {}, outcomeBadge(e.outcome)),
          el("td", { class: "num", text: e.attempts }),
          el("td", { class: "num", text: `${Math.round(e.durationMs)} ms` }),
          el("td", { class: "mono muted", text: e.requestId ?? "—" }),
          el("td", { class: "detail", text: e.error ? `${e.error.code}: ${e.error.message}` : "" }),
        ),
      ),
  );
}

ui.download.addEventListener("click", () => {
  if (!state.client) return;
  const text = state.client.audit.toJSONL();
  const blob = new Blob([text], { type: "application/x-ndjson" });
  const href = URL.createObjectURL(blob);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const a = el("a", { href, download: `webhook-delete-audit-${stamp}.jsonl`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
});

// ---------------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------------

async function start() {
  ui.provider.value = "generic";
  ui.baseUrl.value = suggestedBase("generic");
  if (demoApi) ui.apiKey.value = "test-key"; // the mock API's key; real keys are typed in
  renderTable();
  renderAudit();
  setBusy(true);
  try {
    await init();
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
