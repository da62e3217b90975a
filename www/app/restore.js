// The Undo section of the results panel: each previous id and the webhook now on the server.
// New signing secrets are held in memory and put on the page only after an explicit click;
// they never reach the audit panel or the status line.

import { el, outcomeBadge } from "./dom.js";
import { ui } from "./elements.js";
import { state } from "./state.js";

export function renderRestore() {
  const run = state.run;
  const items = run ? run.undoable.map((id) => run.restored.get(id)).filter(Boolean) : [];
  ui.restorePanel.hidden = items.length === 0;
  const count = (outcome) => items.filter((i) => i.outcome === outcome).length;
  ui.restoreSummary.textContent =
    `${count("restored")} re-created · ${count("existing")} already there · ${count("failed")} failed`;
  const withSecret = items.some((i) => i.result?.secret);
  const show = Boolean(run?.showSecrets && withSecret);
  ui.restorePanel.classList.toggle("show-secrets", show);
  ui.showSecrets.hidden = !withSecret;
  ui.showSecrets.textContent = show ? "Hide signing secrets" : "Show new signing secrets";
  ui.restoreRows.replaceChildren(...items.map((item) => restoreRow(item, show)));
}

function restoreRow(item, show) {
  const newId = item.result?.webhook?.id ?? null;
  return el(
    "tr",
    { "data-testid": "restore-row", "data-previous-id": item.previousId, "data-new-id": newId, "data-outcome": item.outcome },
    el("td", { class: "mono", "data-testid": "restore-previous", text: item.previousId }),
    el("td", { class: "mono", "data-testid": "restore-new", text: newId ? `→ ${newId}` : "—" }),
    el("td", { "data-testid": "restore-outcome" }, outcomeBadge(item.outcome)),
    el("td", { class: "detail", "data-testid": "restore-detail", text: restoreDetail(item) }),
    el("td", { class: "mono col-secret", "data-testid": "restore-secret", text: show ? (item.result?.secret ?? "—") : "" }),
  );
}

function restoreDetail(item) {
  if (item.outcome === "restored") return "re-created with a new id and a new signing secret";
  if (item.outcome === "existing") return "already there (same url and events): nothing created, its secret is unchanged";
  if (!item.error) return "";
  const status = item.error.status ? ` (HTTP ${item.error.status})` : "";
  return `${item.error.code}${status}: ${item.error.message}`;
}

/** Shows or hides the new signing secrets. */
export function toggleSecrets() {
  if (!state.run) return;
  state.run.showSecrets = !state.run.showSecrets;
  renderRestore();
}
