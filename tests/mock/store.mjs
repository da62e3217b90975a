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
// Delivery attempts (Exa)
// ---------------------------------------------------------------------------------------------

/**
 * Exa's delivery history: attempts per webhook, newest first by attemptedAt (ties: the one added
 * later first). A cursor names the sort key of the last attempt of a page, so a page is the same
 * whether or not attempts were added or filtered meanwhile.
 */
export class AttemptStore {
  constructor() {
    this.clear();
  }

  clear() {
    this.byWebhook = new Map(); // webhook id -> entries { seq, ms, obj }, sorted newest first
    this.nextSeq = 1;
  }

  add(webhookId, obj) {
    const entry = { seq: this.nextSeq++, ms: Date.parse(obj.attemptedAt), obj };
    let list = this.byWebhook.get(webhookId);
    if (list === undefined) this.byWebhook.set(webhookId, (list = []));
    let i = 0;
    while (i < list.length && !isAfter(entry, list[i])) i++;
    list.splice(i, 0, entry);
  }

  /** Forgets every attempt of a webhook (a deleted webhook keeps no history). */
  drop(webhookId) {
    this.byWebhook.delete(webhookId);
  }

  /** A webhook's attempts, newest first. */
  list(webhookId) {
    return (this.byWebhook.get(webhookId) ?? []).map((e) => e.obj);
  }

  /** All attempts, newest first, across webhooks. */
  all() {
    const entries = [...this.byWebhook.values()].flat();
    entries.sort((a, b) => (isAfter(a, b) ? -1 : 1));
    return entries.map((e) => e.obj);
  }

  /** One page of a webhook's attempts after `after` ({ ms, seq } or null), keeping those `keep` accepts. */
  page(webhookId, after, limit, keep) {
    const items = [];
    let last = null;
    let hasMore = false;
    for (const entry of this.byWebhook.get(webhookId) ?? []) {
      if (after !== null && !isAfter(after, entry)) continue;
      if (!keep(entry.obj)) continue;
      if (items.length === limit) {
        hasMore = true;
        break;
      }
      items.push(entry.obj);
      last = entry;
    }
    return { items, hasMore, nextCursor: hasMore ? encodeAttemptCursor(last) : null };
  }
}

/** True when entry `a` comes before `b` in newest-first order. */
function isAfter(a, b) {
  return a.ms > b.ms || (a.ms === b.ms && a.seq > b.seq);
}

/** Opaque attempt cursor: base64url of "<attemptedAt ms>:<seq>". */
export function encodeAttemptCursor(entry) {
  return Buffer.from(`${entry.ms}:${entry.seq}`, "utf8").toString("base64url");
}

/** Returns the { ms, seq } a cursor points after, or null for a malformed cursor. */
export function decodeAttemptCursor(cursor) {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^(-?\d{1,16}):(\d{1,12})$/.exec(text);
  if (match === null) return null;
  const key = { ms: Number(match[1]), seq: Number(match[2]) };
  return encodeAttemptCursor(key) === cursor ? key : null;
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

/**
 * Exa WebhookAttempt from a partial input, for `webhook`; `n` numbers the ids (att_N, evt_N).
 * Fields in Exa's order. A failed attempt answers 500 unless told otherwise.
 */
export function exaAttempt(input, webhook, n, nowMs) {
  const successful = input.successful ?? true;
  return {
    id: input.id ?? `att_${n}`,
    object: "webhook_attempt",
    eventId: input.eventId ?? `evt_${n}`,
    eventType: input.eventType ?? webhook.events?.[0] ?? "webset.created",
    webhookId: webhook.id,
    url: input.url ?? webhook.url,
    successful,
    responseHeaders: input.responseHeaders ?? { "content-type": "text/plain; charset=utf-8" },
    responseBody: input.responseBody !== undefined ? input.responseBody : successful ? "OK" : "Internal Server Error",
    responseStatusCode: input.responseStatusCode !== undefined ? input.responseStatusCode : successful ? 200 : 500,
    attempt: input.attempt ?? 1,
    attemptedAt: input.attemptedAt ?? iso(nowMs),
  };
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
  ["wh_exa_07", "active", 40, 40, ["webset.item.created"], "https://failing.example.com/exa", {}], // every delivery fails
  ["wh_exa_08", "active", 90, 90, ["webset.idle"], "https://quiet.example.org/exa", {}], // never delivered
  // A duplicate pair: same url and event set (in another order), 09 older than 10.
  ["wh_exa_09", "active", 50, 50, ["webset.item.created", "webset.item.enriched"], "https://hooks.acme.test/exa/items", {}],
  ["wh_exa_10", "active", 5, 5, ["webset.item.enriched", "webset.item.created"], "https://hooks.acme.test/exa/items", {}],
  ["wh_exa_11", "active", 10, 10, ["webset.created"], "https://abc123.ngrok-free.app/hooks/exa", {}], // a dev tunnel
  ["wh_exa_12", "active", 15, 15, ["webset.search.completed"], "https://app.example.com/exa/search", { createdBy: "my-app" }],
];

// [webhook id, [attempted (days ago), successful, eventType index, attempt number]...] — newest first
// is not required; the store sorts. With a 30-day cutoff: 03's newest is 45 days old, 07's newest
// four all failed, 02, 06 and 08 have none.
const EXA_ATTEMPT_SEED = [
  ["wh_exa_01", [[9 + 1 / 288, false, 0, 1], [9, true, 0, 2], [2, true, 1, 1]]],
  ["wh_exa_03", [[60, true, 0, 1], [45, true, 0, 1]]],
  ["wh_exa_04", [[20, true, 1, 1]]],
  ["wh_exa_05", [[1, true, 0, 1]]],
  ["wh_exa_07", [[3, false, 0, 1], [2, false, 0, 1], [1, false, 0, 1], [0.25, false, 0, 1]]],
  ["wh_exa_09", [[1, true, 0, 1]]],
  ["wh_exa_10", [[2, true, 1, 1]]],
  ["wh_exa_11", [[8, true, 0, 1]]],
  ["wh_exa_12", [[3, true, 0, 1]]],
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

/** The default data set: { exa, generic, attempts: [{ id, attempts }], faults: [{ dialect, id, faults }] }. */
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
  const attempts = EXA_ATTEMPT_SEED.map(([id, list]) => {
    const events = EXA_SEED.find((row) => row[0] === id)[4];
    return {
      id,
      attempts: list.map(([daysAgo, successful, event, attempt]) => ({
        successful,
        eventType: events[event],
        attempt,
        attemptedAt: iso(now - Math.round(daysAgo * DAY_MS)),
      })),
    };
  });
  const faults = [
    { dialect: "exa", id: "wh_exa_05", faults: [{ type: "409", retryAfter: 1 }] },
    { dialect: "generic", id: "webhook_1009", faults: [{ type: "409", retryAfter: 1 }] },
  ];
  return { exa, generic, attempts, faults };
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
