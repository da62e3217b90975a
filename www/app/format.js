// Words and numbers as the page shows them.

/** An ISO time in the reader's locale; null for none; the raw text when it is not a date. */
export function localTime(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** A timestamp that fits in a file name. */
export function fileStamp(date = new Date()) {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** One line for a BulkResult. */
export function bulkSummary(r) {
  const parts = [`${r.deleted} deleted`, `${r.notFound} not found`, `${r.failed} failed`];
  if (r.skipped > 0) parts.push(`${r.skipped} skipped`);
  return `Done: ${parts.join(" · ")} of ${r.total} in ${(r.durationMs / 1000).toFixed(1)} s.`;
}
