// The webhook table: one row per webhook, a checkbox each.

import { badge, el } from "./dom.js";
import { ui } from "./elements.js";
import { localTime } from "./format.js";
import { state } from "./state.js";
import { renderControls } from "./controls.js";

export function renderTable() {
  ui.rows.replaceChildren(...state.webhooks.map(webhookRow));
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
    el("td", { class: "mono", "data-testid": "cell-id", text: w.id }),
    el("td", { class: "url", "data-testid": "cell-url", title: w.url, text: w.url }),
    el("td", { "data-testid": "cell-events" }, el("div", { class: "chips" }, (w.events ?? []).map((e) => el("span", { class: "chip", text: e })))),
    el("td", { "data-testid": "cell-status" }, badge(w.status, w.status === "active" ? "ok" : "warn")),
    el("td", { class: "num", "data-testid": "cell-deliveries", text: w.deliveryCount ?? "—" }),
    el("td", { class: "num", "data-testid": "cell-failures", text: w.failureCount ?? "—" }),
    el("td", { "data-testid": "cell-last-delivery", title: w.lastDeliveryAt ?? "", text: localTime(w.lastDeliveryAt) ?? "never" }),
  );
  checkbox.addEventListener("change", () => {
    if (checkbox.checked) state.selected.add(w.id);
    else state.selected.delete(w.id);
    row.classList.toggle("selected", checkbox.checked);
    renderControls();
  });
  return row;
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
