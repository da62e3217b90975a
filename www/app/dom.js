// Small DOM helpers. Values only ever become text (textContent) or attribute values
// (setAttribute), never HTML: everything an API answers is hostile input.

/** createElement with class/text/attributes; children are nodes or strings (as text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function badge(text, kind) {
  return el("span", { class: `badge badge-${kind}`, text });
}

const OUTCOME_KIND = {
  deleted: "ok",
  not_found: "muted",
  failed: "bad",
  skipped: "warn",
  conflict: "warn",
  cancelled: "muted",
  aborted: "warn",
  changed: "warn",
  restored: "ok",
  existing: "muted",
};
const OUTCOME_LABEL = { not_found: "not found" };

/** A coloured badge for a bulk or audit outcome. */
export function outcomeBadge(outcome) {
  return badge(OUTCOME_LABEL[outcome] ?? outcome, OUTCOME_KIND[outcome] ?? "muted");
}

/** Saves `text` as a file through a Blob URL and a temporary <a download>. */
export function downloadText(text, type, filename) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}
