// What the webhook table shows: every webhook, or what the applied filter selects (with the
// library's reasons), and "select inactive", which checks the library's dry-run candidates.

import { ui } from "./elements.js";
import { showWebhooks, state } from "./state.js";
import { plural } from "./format.js";
import { setStatus } from "./status.js";
import { setBusy } from "./controls.js";
import { clearFilterFields, describeFilter, readFilter } from "./filters.js";
import { renderTable, setChecked } from "./table.js";
import { errorText, findInactive, listWebhooks, selectWebhooks } from "./library.js";

/**
 * Shows what `filter` selects (every webhook when null) in the table; returns false (and shows
 * why) on failure. A new filter that fails leaves the table as it was; a failed listing empties it.
 */
export async function loadWebhooks(filter = state.filter) {
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

/** Applies the filter bar's fields (none: every webhook). */
export async function applyFilter() {
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

/** Empties the filter bar and lists every webhook. */
export async function showAll() {
  if (!state.client || state.busy) return;
  clearFilterFields();
  if (await loadWebhooks(null)) setStatus(`No filter: ${plural(state.webhooks.length, "webhook")}.`, "info");
}

/** Re-lists what the table shows. */
export async function refresh() {
  if (await loadWebhooks()) setStatus(`Refreshed: ${plural(state.webhooks.length, "webhook")}.`, "info");
}

/** Checks the rows of the webhooks inactive for the toolbar's number of days. */
export async function selectInactive() {
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
