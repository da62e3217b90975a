// Data side of the mock webhook API: the webhook shapes of both dialects (Exa Websets and the
// generic /webhooks API from the seed documents), an ordered store with stable cursors, and the
// deterministic default seed. No HTTP in here; see server.mjs.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** ISO 8601 without milliseconds, as in the seed documents ("2024-01-15T10:30:00Z"). */
export function iso(ms) {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/** Small seeded PRNG (mulberry32) so random faults are reproducible. Returns () => [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Ordered store
// ---------------------------------------------------------------------------------------------

/**
 * Webhooks in stable insertion order. Each entry gets a sequence number; a cursor names the
 * sequence number of the last item of a page, so paging keeps working while items are deleted
 * (a client that lists a page and deletes it still gets the next page, nothing is skipped).
 * Deleted entries stay in `order` as tombstones until enough pile up to compact.
 */
export class WebhookStore {
  constructor() {
    this.clear();
  }

  clear() {
    this.byId = new Map(); // id -> entry { seq, id, obj, deleted }
    this.order = []; // entries sorted by seq, may contain tombstones
    this.tombstones = 0;
    this.nextSeq = 1;
  }

  get size() {
    return this.byId.size;
  }

  get(id) {
    const entry = this.byId.get(id);
    return entry === undefined ? undefined : entry.obj;
  }

  /** Adds a webhook at the end, or replaces an existing one in place. */
  put(obj) {
    const current = this.byId.get(obj.id);
    if (current !== undefined) {
      current.obj = obj;
      return;
    }
    const entry = { seq: this.nextSeq++, id: obj.id, obj, deleted: false };
    this.byId.set(obj.id, entry);
    this.order.push(entry);
  }

  /** Removes a webhook; returns the removed object or undefined when there was none. */
  delete(id) {
    const entry = this.byId.get(id);
    if (entry === undefined) return undefined;
    this.byId.delete(id);
    entry.deleted = true;
    this.tombstones++;
    if (this.tombstones > 1024 && this.tombstones * 2 > this.order.length) {
      this.order = this.order.filter((e) => !e.deleted);
      this.tombstones = 0;
    }
    return entry.obj;
  }

  /** All live webhooks in order. */
  values() {
    const out = new Array(this.byId.size);
    let i = 0;
    for (const entry of this.byId.values()) out[i++] = entry.obj;
    return out;
  }

  /** One page after sequence number `afterSeq` (0 = from the start). */
  page(afterSeq, limit) {
    const order = this.order;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order[mid].seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    const items = [];
    let last = null;
    let i = lo;
    for (; i < order.length && items.length < limit; i++) {
      if (!order[i].deleted) {
        last = order[i];
        items.push(last.obj);
      }
    }
    let hasMore = false;
    for (; i < order.length; i++) {
      if (!order[i].deleted) {
        hasMore = true;
        break;
      }
    }
    return { items, hasMore, last };
  }
}

/** Opaque cursor: base64url of "<seq>:<id>" of the last item on the page. */
export function encodeCursor(entry) {
  return Buffer.from(`${entry.seq}:${entry.id}`, "utf8").toString("base64url");
}

/** Returns the sequence number a cursor points after, or null for an unknown cursor. */
export function decodeCursor(store, cursor) {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 1) return null;
  const seq = Number(text.slice(0, colon));
  if (!Number.isSafeInteger(seq) || seq < 1 || seq >= store.nextSeq) return null;
  // Buffer's base64 decoder is lenient; insist on the exact encoding we handed out.
  if (encodeCursor({ seq, id: text.slice(colon + 1) }) !== cursor) return null;
  return seq;
}

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

function defaultUrl(id) {
  return `https://example.com/hooks/${encodeURIComponent(id)}`;
}

/** Copies keys of `input` that the canonical object does not have (lets tests add odd fields). */
function copyExtras(target, input, skip) {
  for (const key of Object.keys(input)) {
    if (!(key in target) && !skip.has(key)) target[key] = input[key];
  }
  return target;
}

const EXA_SKIP = new Set(["active"]);

/** Exa Webhook object from a partial input; missing fields get defaults. */
export function exaWebhook(input, nowMs, n) {
  const id = input.id ?? `wh_exa_added_${n}`;
  const status = input.status ?? (input.active === false ? "inactive" : "active");
  const createdAt = input.createdAt ?? iso(nowMs);
  const webhook = {
    id,
    object: "webhook",
    status,
    events: input.events ?? ["webset.created"],
    url: input.url ?? defaultUrl(id),
    secret: input.secret ?? null,
    metadata: input.metadata ?? {},
    createdAt,
    updatedAt: input.updatedAt ?? createdAt,
  };
  return copyExtras(webhook, input, EXA_SKIP);
}

const GENERIC_CAMEL = {
  created_at: "createdAt",
  updated_at: "updatedAt",
  last_delivery_at: "lastDeliveryAt",
  delivery_count: "deliveryCount",
  failure_count: "failureCount",
};
const GENERIC_SKIP = new Set(Object.values(GENERIC_CAMEL));

/** Generic (snake_case) webhook from a partial input, snake_case or camelCase. */
export function genericWebhook(input, nowMs, n) {
  const pick = (snake) => (input[snake] !== undefined ? input[snake] : input[GENERIC_CAMEL[snake]]);
  const id = input.id ?? `webhook_added_${n}`;
  const active = typeof input.active === "boolean" ? input.active : input.status === undefined || input.status === "active";
  const createdAt = pick("created_at") ?? iso(nowMs);
  const webhook = {
    id,
    url: input.url ?? defaultUrl(id),
    events: input.events ?? ["webhook.test"],
    active,
    status: input.status ?? (active ? "active" : "inactive"),
    created_at: createdAt,
    updated_at: pick("updated_at") ?? createdAt,
    last_delivery_at: pick("last_delivery_at") ?? null,
    delivery_count: pick("delivery_count") ?? 0,
    failure_count: pick("failure_count") ?? 0,
    metadata: input.metadata ?? {},
  };
  return copyExtras(webhook, input, GENERIC_SKIP);
}

/** The generic API's DELETE 200 body, with final statistics as in the seed document. */
export function genericDeleteResult(webhook, nowMs) {
  const deliveries = Number(webhook.delivery_count) || 0;
  const failures = Number(webhook.failure_count) || 0;
  const successRate = deliveries > 0 ? Math.round(((deliveries - failures) / deliveries) * 10000) / 100 : 100;
  return {
    id: webhook.id,
    status: "deleted",
    message: "Webhook deleted successfully",
    deleted_at: iso(nowMs),
    final_statistics: {
      total_deliveries: deliveries,
      total_failures: failures,
      success_rate: successRate,
      last_delivery_at: webhook.last_delivery_at ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Default seed (relative to `now`, so "inactive for 30+ days" rules give stable answers)
// ---------------------------------------------------------------------------------------------

// [id, status, created days ago, updated days ago, events, url, metadata]
const EXA_SEED = [
  ["wh_exa_01", "active", 120, 30, ["webset.created", "webset.idle"], "https://hooks.acme.test/exa/websets", { team: "growth" }],
  ["wh_exa_02", "inactive", 96, 96, ["webset.item.created", "webset.item.enriched"], "https://crm.example.com/exa/items", {}],
  ["wh_exa_03", "active", 72, 10, ["monitor.run.completed"], "https://monitor.example.org/webhooks/exa", { env: "prod" }],
  ["wh_exa_04", "inactive", 48, 20, ["webset.export.created", "webset.export.completed"], "https://exports.example.net/hook", {}],
  ["wh_exa_05", "active", 24, 24, ["webset.search.completed", "webset.search.updated"], "https://search.example.com/notify", { owner: "alice" }],
  ["wh_exa_06", "active", 3, 1, ["import.created", "import.completed"], "https://imports.example.com/exa?source=mock", {}],
];

// [id, active, created days ago, last delivery ms ago (null = never), deliveries, failures, url, events]
const GENERIC_SEED = [
  // The seed document's example: busy, 1250 deliveries, 3 failures, last delivery 5 minutes ago.
  ["webhook_1001", true, 200, 5 * MINUTE_MS, 1250, 3, "https://api.example.com/hooks/orders", ["order.created", "order.updated"]],
  ["webhook_1002", true, 150, 2 * DAY_MS, 340, 0, "https://billing.example.com/webhooks", ["invoice.paid"]],
  ["webhook_1003", false, 180, 75 * DAY_MS, 512, 40, "https://legacy.example.org/hook", ["user.created", "user.deleted"]],
  ["webhook_1004", true, 140, 45 * DAY_MS, 97, 5, "https://stale.example.net/events", ["order.created"]],
  ["webhook_1005", true, 60, null, 0, 0, "https://never.example.com/hook", ["webhook.test"]], // never delivered
  ["webhook_1006", true, 90, HOUR_MS, 88, 12, "https://flaky.example.com/receive", ["payment.failed", "payment.succeeded"]],
  ["webhook_1007", false, 30, 10 * DAY_MS, 15, 1, "https://paused.example.com/hook", ["user.updated"]],
  ["webhook_1008", true, 365, 90 * DAY_MS, 2048, 256, "https://old.example.com/webhooks/in", ["order.shipped"]],
  ["webhook_1009", true, 45, DAY_MS, 420, 2, "https://queue.example.com/hook", ["order.created", "order.cancelled"]], // 409 once
  ["webhook_1010", true, 3, null, 0, 0, "https://new.example.com/hook", ["webhook.test"]], // new, never delivered
];

/** The default data set: { exa, generic, faults: [{ dialect, id, faults }] }. */
export function defaultSeed(now) {
  const exa = EXA_SEED.map(([id, status, created, updated, events, url, metadata]) => ({
    id,
    object: "webhook",
    status,
    events,
    url,
    secret: null,
    metadata,
    createdAt: iso(now - created * DAY_MS),
    updatedAt: iso(now - updated * DAY_MS),
  }));
  const generic = GENERIC_SEED.map(([id, active, created, lastAgo, deliveries, failures, url, events]) => {
    const lastDelivery = lastAgo === null ? null : iso(now - lastAgo);
    return {
      id,
      url,
      events,
      active,
      status: active ? "active" : "inactive",
      created_at: iso(now - created * DAY_MS),
      updated_at: lastDelivery ?? iso(now - created * DAY_MS),
      last_delivery_at: lastDelivery,
      delivery_count: deliveries,
      failure_count: failures,
      metadata: {},
    };
  });
  const faults = [
    { dialect: "exa", id: "wh_exa_05", faults: [{ type: "409", retryAfter: 1 }] },
    { dialect: "generic", id: "webhook_1009", faults: [{ type: "409", retryAfter: 1 }] },
  ];
  return { exa, generic, faults };
}

const GEN_EVENTS = [["webhook.test"], ["order.created"], ["invoice.paid", "invoice.failed"]].map(Object.freeze);
const GEN_METADATA = Object.freeze({});

/**
 * Adds `n` generic webhooks wh_gen_000001... for benchmarks. Cheap: dates come from a 240-entry
 * cache, arrays/metadata are shared frozen objects. About 1 in 10 is inactive, 1 in 5 never
 * delivered, and last deliveries spread over the last 120 days.
 */
export function generateGeneric(store, n, now) {
  const dayIso = [];
  for (let d = 0; d < 240; d++) dayIso.push(iso(now - d * DAY_MS));
  for (let i = 1; i <= n; i++) {
    const id = "wh_gen_" + String(i).padStart(6, "0");
    const age = i % 120;
    const delivered = i % 5 !== 0;
    const active = i % 10 !== 0;
    store.put({
      id,
      url: "https://bench.example.com/hooks/" + id,
      events: GEN_EVENTS[i % 3],
      active,
      status: active ? "active" : "inactive",
      created_at: dayIso[age + 120],
      updated_at: dayIso[age],
      last_delivery_at: delivered ? dayIso[age] : null,
      delivery_count: delivered ? 10 + ((i * 37) % 1000) : 0,
      failure_count: delivered ? i % 7 : 0,
      metadata: GEN_METADATA,
    });
  }
}
