// The audit panel: the client's audit log (deletes and restores), newest first, and its JSON
// Lines download. Audit entries never hold a signing secret.

import { downloadText, el, outcomeBadge } from "./dom.js";
import { ui } from "./elements.js";
import { fileStamp, localTime, plural } from "./format.js";
import { state } from "./state.js";

export function renderAudit() {
  const entries = state.client ? state.client.audit.history() : [];
  ui.auditCount.textContent = plural(entries.length, "entry", "entries");
  ui.download.disabled = entries.length === 0;
  ui.auditEmpty.hidden = entries.length > 0;
  ui.auditRows.replaceChildren(...entries.slice().reverse().map(auditRow));
}

function auditRow(e) {
  return el(
    "tr",
    {
      "data-testid": "audit-row",
      "data-id": e.webhookId,
      "data-action": e.action,
      "data-outcome": e.outcome,
      "data-restored-as": e.restoredAs ?? null,
    },
    el("td", { class: "nowrap", title: e.deletedAt, text: localTime(e.deletedAt) ?? "" }),
    el("td", { "data-testid": "audit-action", text: e.action }),
    el("td", { class: "mono id", text: e.webhookId }),
    el("td", {}, outcomeBadge(e.outcome)),
    el("td", { class: "num", text: e.attempts }),
    el("td", { class: "num", text: `${Math.round(e.durationMs)} ms` }),
    el("td", { class: "mono muted", text: e.requestId ?? "—" }),
    el("td", { class: "detail", "data-testid": "audit-detail", text: auditDetail(e) }),
  );
}

function auditDetail(e) {
  if (e.error) return `${e.error.code}: ${e.error.message}`;
  if (e.action === "restore" && e.restoredAs) {
    return e.outcome === "existing" ? `already there as ${e.restoredAs}` : `restored as ${e.restoredAs}`;
  }
  return "";
}

/** Downloads the audit log as JSON Lines. */
export function downloadAudit() {
  if (!state.client) return;
  downloadText(state.client.audit.toJSONL(), "application/x-ndjson", `webhook-delete-audit-${fileStamp()}.jsonl`);
}
