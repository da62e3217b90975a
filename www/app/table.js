// The webhook table: one row per webhook, a checkbox each.

import { badge, el } from "./dom.js";
import { ui } from "./elements.js";
import { localTime } from "./format.js";
import { state } from "./state.js";
import { renderControls } from "./controls.js";
import { renderFilterSummary } from "./filters.js";

export function renderTable() {
  ui.rows.replaceChildren(...state.webhooks.map(webhookRow));
  const table = ui.rows.closest("table");
  table.classList.toggle("filtered", state.filter !== null);
  table.classList.toggle("exa", state.connection?.provider === "exa"); // Exa reports no delivery counts
  renderFilterSummary(state.filter, state.webhooks.length);
  ui.count.textContent = state.client ? String(state.webhooks.length) : "";
  ui.empty.hidden = state.webhooks.length > 0;
  ui.empty.textContent = state.client ? "No webhooks." : "Connect to list webhooks.";
  renderControls();
}

function webhookRow(w) {
  const checkbox = el("input", { type: "checkbox", "data-testid": "row-checkbox", "aria-label": `Select ${w.id}` });
  checkbox.checked = state.selected.has(w.id);
  checkbox.disabled = state.busy;
  const row = el(
    "tr",
    { "data-testid": "webhook-row", "data-id": w.id, class: checkbox.checked ? "selected" : null },
    el("td", { class: "col-check" }, checkbox),
    el("td", { class: "mono col-id", "data-testid": "cell-id", text: w.id }),
    el("td", { class: "url", "data-testid": "cell-url", title: w.url, text: w.url }),
    el("td", { "data-testid": "cell-events" }, el("div", { class: "chips" }, (w.events ?? []).map((e) => el("span", { class: "chip", text: e })))),
    el("td", { "data-testid": "cell-status" }, badge(w.status, w.status === "active" ? "ok" : "warn")),
    el("td", { class: "num col-counts", "data-testid": "cell-deliveries", text: w.deliveryCount ?? "—" }),
    el("td", { class: "num col-counts", "data-testid": "cell-failures", text: w.failureCount ?? "—" }),
    lastDeliveryCell(w),
    el("td", { class: "col-why", "data-testid": "cell-why" }, reasonList(state.reasons.get(w.id))),
  );
  checkbox.addEventListener("change", () => {
    if (checkbox.checked) state.selected.add(w.id);
    else state.selected.delete(w.id);
    row.classList.toggle("selected", checkbox.checked);
    renderControls();
  });
  return row;
}

/**
 * The newest delivery: the webhook's own field (the generic dialect, or an Exa selection that read
 * the attempts), else what the last full Exa listing read; "—" when no one has read it yet.
 */
function lastDeliveryCell(w) {
  let at = w.lastDeliveryAt;
  let text;
  if (at) text = localTime(at);
  else if (state.connection?.provider !== "exa") text = "never";
  else if (state.lastDelivery.has(w.id)) {
    at = state.lastDelivery.get(w.id);
    text = localTime(at) ?? "never";
  } else text = "—";
  const title = at ?? (text === "—" ? "Delivery attempts not read yet: Refresh with no filter reads them" : "");
  return el("td", { "data-testid": "cell-last-delivery", title, text });
}

function reasonList(reasons) {
  if (!reasons || reasons.length === 0) return null;
  return el("ul", { class: "reasons" }, reasons.map((r) => el("li", { text: r })));
}

/** Checks exactly `ids` (those in the table). */
export function setChecked(ids) {
  state.selected = new Set(ids);
  for (const row of ui.rows.children) {
    const on = state.selected.has(row.getAttribute("data-id"));
    row.querySelector('input[type="checkbox"]').checked = on;
    row.classList.toggle("selected", on);
  }
  renderControls();
}
