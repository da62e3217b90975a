// The confirmation dialog: the exact ids and urls about to be deleted.

import { el } from "./dom.js";
import { ui } from "./elements.js";
import { plural } from "./format.js";

/** Resolves true only when the red button is clicked; Cancel and Escape resolve false. */
export function confirmDeletion(webhooks) {
  const n = webhooks.length;
  ui.dialogTitle.textContent = `Delete ${plural(n, "webhook")}?`;
  ui.dialogConfirm.textContent = `Delete ${plural(n, "webhook")}`;
  ui.dialogList.replaceChildren(
    ...webhooks.map((w) =>
      el(
        "li",
        { "data-testid": "confirm-item", "data-id": w.id },
        el("span", { class: "mono", text: w.id }),
        el("span", { class: "url", text: w.url }),
      ),
    ),
  );
  return new Promise((resolve) => {
    let answer = false;
    const onConfirm = () => {
      answer = true;
      ui.dialog.close("confirm");
    };
    const onCancel = () => ui.dialog.close("cancel");
    const onClose = () => {
      ui.dialogConfirm.removeEventListener("click", onConfirm);
      ui.dialogCancel.removeEventListener("click", onCancel);
      ui.dialog.removeEventListener("close", onClose);
      ui.dialogList.replaceChildren();
      resolve(answer);
    };
    ui.dialogConfirm.addEventListener("click", onConfirm);
    ui.dialogCancel.addEventListener("click", onCancel);
    ui.dialog.addEventListener("close", onClose); // Escape closes too: that is a cancel
    ui.dialog.showModal();
    ui.dialogCancel.focus();
  });
}
