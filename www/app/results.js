// The results panel of the last deletion: progress, one row per id, final statistics.

import { el, outcomeBadge } from "./dom.js";
import { ui } from "./elements.js";
import { bulkSummary } from "./format.js";
import { statisticsText } from "./library.js";

/** Shows the panel empty, with the progress at 0 of `total` and Stop available. */
export function startRun(total) {
  ui.resultsPanel.hidden = false;
  ui.resultRows.replaceChildren();
  ui.finalStats.replaceChildren();
  ui.summary.textContent = "";
  ui.progress.max = total;
  ui.progress.value = 0;
  ui.progressText.textContent = `0 / ${total}`;
  ui.stop.hidden = false;
  ui.stop.disabled = false;
}

/** onProgress of the bulk call. */
export function showProgress(p) {
  ui.progress.max = p.total;
  ui.progress.value = p.done;
  ui.progressText.textContent = `${p.done} / ${p.total} · ${p.deleted} deleted · ${p.notFound} not found · ${p.failed} failed`;
}

export function endRun() {
  ui.stop.hidden = true;
}

export function renderResults(r) {
  ui.progress.max = Math.max(r.total, 1);
  ui.progress.value = r.total - r.skipped;
  ui.summary.textContent = bulkSummary(r);
  ui.resultRows.replaceChildren(
    ...r.results.map((item) =>
      el(
        "tr",
        { "data-testid": "result-row", "data-id": item.id, "data-outcome": item.outcome },
        el("td", { class: "mono", text: item.id }),
        el("td", { "data-testid": "result-outcome" }, outcomeBadge(item.outcome)),
        el("td", { class: "num", text: item.result?.attempts ?? "—" }),
        el("td", { class: "detail", "data-testid": "result-detail", text: resultDetail(item) }),
      ),
    ),
  );
  const stats = r.results
    .filter((item) => item.outcome === "deleted" && item.result)
    .map((item) =>
      el("pre", { "data-testid": "final-stat", "data-id": item.id, text: statisticsText(item.id, item.result.finalStatistics) }),
    );
  if (stats.length === 0) stats.push(el("p", { class: "muted", text: "Nothing was deleted." }));
  ui.finalStats.replaceChildren(...stats);
}

function resultDetail(item) {
  if (item.outcome === "deleted") {
    const res = item.result;
    return res?.alreadyDeleted ? "deleted by an earlier attempt" : (res?.message ?? "deleted");
  }
  if (item.error) {
    const status = item.error.status ? ` (HTTP ${item.error.status})` : "";
    return `${item.error.code}${status}: ${item.error.message}`;
  }
  if (item.outcome === "not_found") return "did not exist (already deleted?)";
  if (item.outcome === "skipped") return "not sent (stopped)";
  return "";
}
