// Exporting a DeletePlan: the JSON file a reviewer reads and `webhook-delete apply` deletes.

import { currentPlanFilter, state } from "./state.js";
import { downloadText } from "./dom.js";
import { fileStamp, plural } from "./format.js";
import { setStatus } from "./status.js";
import { setBusy } from "./controls.js";
import { errorText, planDelete } from "./library.js";

/** Makes the plan of the checked ids (or of the filter) and downloads it. */
export async function exportPlan() {
  const filter = currentPlanFilter();
  if (!state.client || state.busy || filter === null) return;
  setBusy(true);
  let plan;
  try {
    plan = await planDelete(state.client, filter);
  } catch (err) {
    setStatus(`Could not make a plan — ${errorText(err)}`, "error");
    return;
  } finally {
    setBusy(false);
  }
  const file = downloadPlan(plan);
  const n = plan.items.length;
  const asked = filter.ids?.length;
  const gone = asked !== undefined && n < asked ? ` ${asked - n} of the checked no longer match and were left out.` : "";
  setStatus(
    `Exported a plan of ${plural(n, "webhook")} to ${file} (nothing deleted).${gone} ` +
      "Review it, then apply it with: webhook-delete apply FILE.",
    n === 0 || gone ? "warn" : "success",
  );
}

/** Downloads `plan` as pretty JSON; returns the file name. */
function downloadPlan(plan) {
  const provider = plan.provider === "exa" ? "exa" : "generic"; // only a known name goes into the file name
  const filename = `webhook-delete-plan-${provider}-${fileStamp(new Date())}.json`;
  downloadText(`${JSON.stringify(plan, null, 2)}\n`, "application/json", filename);
  return filename;
}
