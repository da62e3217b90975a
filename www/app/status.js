// The status line under the header: one message at a time, as text.

import { ui } from "./elements.js";

/** Shows `text` (kind: info, success, warn or error); no text hides the line. */
export function setStatus(text, kind = "info") {
  ui.status.hidden = !text;
  ui.status.className = `status status-${kind}`;
  ui.status.textContent = text ?? "";
}
