// Exporting a DeletePlan: the JSON file a reviewer reads and `webhook-delete apply` deletes.

import { downloadText } from "./dom.js";
import { fileStamp } from "./format.js";

/** Downloads `plan` as pretty JSON; returns the file name. */
export function downloadPlan(plan) {
  const provider = plan.provider === "exa" ? "exa" : "generic"; // the name comes from the page, not the answer
  const filename = `webhook-delete-plan-${provider}-${fileStamp(new Date())}.json`;
  downloadText(`${JSON.stringify(plan, null, 2)}\n`, "application/json", filename);
  return filename;
}
