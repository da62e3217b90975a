// The filter bar: its fields as a WebhookFilter for selectWebhooks, and that filter in words.
// The library checks the values (and says which field is wrong); only what the inputs cannot
// express as a number is refused here.

import { $ } from "./elements.js";
import { plural } from "./format.js";

export const filterUi = {
  form: $("filter-form"),
  url: $("filter-url"),
  status: $("filter-status"),
  inactiveDays: $("filter-inactive-days"),
  failing: $("filter-failing"),
  apply: $("filter-apply"),
  reset: $("filter-reset"),
  summary: $("filter-summary"),
};

/** The filter the fields describe, or null when every field is empty (show everything). */
export function readFilter({ failingAllowed }) {
  const filter = {};
  const url = filterUi.url.value.trim();
  if (url !== "") filter.url = url;
  if (filterUi.status.value === "active" || filterUi.status.value === "inactive") filter.status = filterUi.status.value;
  const days = readNumber(filterUi.inactiveDays, "Inactive days");
  if (days !== null) filter.inactiveDays = days;
  const failing = failingAllowed ? readNumber(filterUi.failing, "Failing attempts") : null;
  if (failing !== null) filter.failingAttempts = failing;
  return Object.keys(filter).length === 0 ? null : filter;
}

function readNumber(input, name) {
  if (input.validity.badInput) throw new Error(`${name} must be a number.`);
  return input.value.trim() === "" ? null : Number(input.value);
}

/** True when any field holds something. */
export function filterFieldsUsed() {
  return [filterUi.url, filterUi.status, filterUi.inactiveDays, filterUi.failing].some(
    (input) => input.value.trim() !== "" || input.validity?.badInput,
  );
}

export function clearFilterFields() {
  filterUi.url.value = "";
  filterUi.status.value = "";
  filterUi.inactiveDays.value = "";
  filterUi.failing.value = "";
}

/** Shows the failing field only where the provider has delivery attempts (Exa). */
export function setFailingAllowed(allowed) {
  filterUi.failing.disabled = !allowed;
  filterUi.failing.placeholder = allowed ? "" : "Exa only";
  filterUi.failing.title = allowed ? "" : "Needs delivery attempts, which only the Exa dialect reports";
  if (!allowed) filterUi.failing.value = "";
}

/** The filter in words: `url matches *.x/*, inactive for 30 days`. */
export function describeFilter(filter) {
  const parts = [];
  if (filter.url !== undefined) parts.push(`url matches ${filter.url}`);
  if (filter.status !== undefined) parts.push(`status ${filter.status}`);
  if (filter.inactiveDays !== undefined) parts.push(`inactive for ${plural(filter.inactiveDays, "day")}`);
  if (filter.failingAttempts !== undefined) parts.push(`newest ${plural(filter.failingAttempts, "attempt")} failed`);
  return parts.join(", ");
}

/** The line under the filter bar: what the table shows. */
export function renderFilterSummary(filter, count) {
  filterUi.summary.hidden = filter === null;
  filterUi.summary.textContent =
    filter === null ? "" : `${plural(count, "webhook")} ${count === 1 ? "matches" : "match"}: ${describeFilter(filter)}.`;
}
