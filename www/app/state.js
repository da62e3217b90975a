// The page's state. Only the client holds the API key (and the password field while typed).

export const state = {
  /** The WebhookClient of the current connection, or null. */
  client: null,
  /** { provider, baseUrl } of the current connection, or null. */
  connection: null,
  /** The webhooks shown in the table, in the server's order. */
  webhooks: [],
  /** Ids of the checked rows. */
  selected: new Set(),
  /** True while a call runs: the controls that start another are disabled. */
  busy: false,
  /** Aborts the running bulk delete. */
  abort: null,
};

/** Forgets the checked ids that are no longer in the table. */
export function pruneSelection() {
  const shown = new Set(state.webhooks.map((w) => w.id));
  for (const id of [...state.selected]) if (!shown.has(id)) state.selected.delete(id);
}
