// The page's state. Only the client holds the API key (and the password field while typed).

export const state = {
  /** The WebhookClient of the current connection, or null. */
  client: null,
  /** { provider, baseUrl } of the current connection, or null. */
  connection: null,
  /** The webhooks shown in the table, in the server's order. */
  webhooks: [],
  /** The WebhookFilter the table shows, or null for every webhook. */
  filter: null,
  /** Why each shown webhook was selected (id -> reasons), when a filter is applied. */
  reasons: new Map(),
  /** Exa: id -> newest delivery attempt's time (null: none), from the last full listing. */
  lastDelivery: new Map(),
  /** Ids of the checked rows. */
  selected: new Set(),
  /** True while a call runs: the controls that start another are disabled. */
  busy: false,
  /** Aborts the running bulk delete. */
  abort: null,
  /**
   * The last deletion, while its results are shown: { ids, backups (id -> WebhookBackup, kept in
   * memory only), undoable (ids Undo re-creates), restored (id -> RestoreItem), showSecrets }.
   */
  run: null,
};

/** Error codes after which a DELETE may have happened even though the call failed. */
const UNKNOWN_OUTCOME = new Set(["timeout", "network", "server_error", "aborted"]);

/** Starts a deletion run of `ids`; its backups arrive while it runs. */
export function startDeletionRun(ids) {
  state.run = { ids, backups: new Map(), undoable: [], restored: new Map(), showSecrets: false };
  return state.run;
}

/** Once the run ended: Undo offers the deleted ids, and those whose DELETE may have happened. */
export function endDeletionRun(result) {
  const run = state.run;
  run.undoable = result.results
    .filter((r) => r.outcome === "deleted" || (r.outcome === "failed" && UNKNOWN_OUTCOME.has(r.error?.code)))
    .map((r) => r.id)
    .filter((id) => run.backups.has(id));
}

/** The backups Undo still has to restore (not yet restored nor found existing), in run order. */
export function pendingBackups() {
  const run = state.run;
  if (!run) return [];
  return run.undoable
    .filter((id) => !["restored", "existing"].includes(run.restored.get(id)?.outcome))
    .map((id) => run.backups.get(id));
}

/** Shows every webhook (`list`, a full listing) or a filter's selections. */
export function showWebhooks(list, filter = null, selections = []) {
  state.filter = filter;
  if (filter === null) {
    state.webhooks = list;
    state.reasons = new Map();
    if (state.connection?.provider === "exa") state.lastDelivery = new Map(list.map((w) => [w.id, w.lastDeliveryAt]));
  } else {
    state.webhooks = selections.map((s) => s.webhook);
    state.reasons = new Map(selections.map((s) => [s.webhook.id, s.reasons]));
    for (const w of state.webhooks) if (w.lastDeliveryAt) state.lastDelivery.set(w.id, w.lastDeliveryAt);
  }
  pruneSelection();
}

/** A fresh connection: no filter, nothing checked, nothing known about deliveries. */
export function resetForConnection(client, connection) {
  state.client = client;
  state.connection = connection;
  state.webhooks = [];
  state.filter = null;
  state.reasons = new Map();
  state.lastDelivery = new Map();
  state.selected.clear();
  state.run = null;
}

/**
 * The filter a plan is made of: the checked ids (within the applied filter, whose reasons the
 * plan keeps), else the applied filter when it shows anything; null when there is nothing to plan.
 */
export function currentPlanFilter() {
  const ids = state.webhooks.filter((w) => state.selected.has(w.id)).map((w) => w.id);
  if (ids.length > 0) return { ...(state.filter ?? {}), ids };
  if (state.filter !== null && state.webhooks.length > 0) return state.filter;
  return null;
}

/** Forgets the checked ids that are no longer in the table. */
export function pruneSelection() {
  const shown = new Set(state.webhooks.map((w) => w.id));
  for (const id of [...state.selected]) if (!shown.has(id)) state.selected.delete(id);
}
