// Which controls are usable, from the state: busy, connected, how many rows are checked.

import { ui } from "./elements.js";
import { currentPlanFilter, pendingBackups, state } from "./state.js";
import { filterFieldsUsed, filterUi } from "./filters.js";

/** Marks the page busy (or not) and updates every control. */
export function setBusy(busy) {
  state.busy = busy;
  document.documentElement.dataset.busy = String(busy);
  renderControls();
}

export function renderControls() {
  const { busy, client } = state;
  const n = state.selected.size;
  const total = state.webhooks.length;
  ui.connect.disabled = busy;
  ui.refresh.disabled = busy || !client;
  ui.selectInactive.disabled = busy || !client;
  filterUi.apply.disabled = busy || !client;
  filterUi.reset.disabled = busy || !client || (state.filter === null && !filterFieldsUsed());
  for (const box of ui.rows.querySelectorAll('input[type="checkbox"]')) box.disabled = busy;
  ui.selectionCount.textContent = `${n} selected`;
  ui.selectAll.checked = total > 0 && n === total;
  ui.selectAll.indeterminate = n > 0 && n < total;
  ui.selectAll.disabled = busy || total === 0;
  ui.deleteSelected.disabled = busy || n === 0;
  ui.deleteSelected.textContent = n > 0 ? `Delete selected (${n})…` : "Delete selected…";
  ui.clearSelection.disabled = busy || n === 0;
  renderUndo();
  const planFilter = currentPlanFilter();
  ui.exportPlan.disabled = busy || !client || planFilter === null;
  ui.exportPlan.textContent = n > 0 ? `Export plan (${n})` : "Export plan";
  ui.exportPlan.title =
    planFilter === null ? "Apply a filter or check webhooks to export a plan" :
    n > 0 ? "Download a reviewed plan of the checked webhooks (nothing is deleted)" :
    "Download a reviewed plan of what the filter selects (nothing is deleted)";
}

/** Undo: shown once a run deleted something, until every backup is back. */
function renderUndo() {
  const run = state.run;
  const pending = pendingBackups().length;
  ui.undo.hidden = !run || run.undoable.length === 0;
  ui.undo.disabled = state.busy || pending === 0;
  if (!run) return;
  ui.undo.textContent =
    pending === 0 ? "Undone" : run.restored.size > 0 ? `Retry undo (${pending})` : `Undo (re-create ${pending})`;
}
