// Small helpers around the mock API's /__mock control routes, shared by the JS tests.
import { startMockApi } from "../../mock/server.mjs";

export const API_KEY = "test-key";
const DAY_MS = 86_400_000;
export const iso = (ms) => new Date(ms).toISOString().slice(0, 19) + "Z";

/** Starts the mock and returns it with control helpers bound to its URL. */
export async function startMock() {
  const api = await startMockApi({ seed: false });
  const control = async (method, path, body) => {
    const res = await fetch(`${api.url}/__mock/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`mock ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url: api.url,
    generic: `${api.url}/generic`,
    exa: `${api.url}/exa`,
    close: () => api.close(),
    /** Empties the mock (or reseeds it with `{ seed: true }`); other reset options pass through. */
    reset: (options = {}) => control("POST", "reset", { seed: false, ...options }),
    add: (webhooks, dialect = "generic") => control("POST", "webhooks", { dialect, webhooks }),
    fault: (id, faults, dialect = "generic") => control("POST", "faults", { dialect, id, faults }),
    requests: (method) => control("GET", `requests${method ? `?method=${method}` : ""}`),
    clearRequests: () => control("POST", "requests/clear", {}),
    ids: async (dialect = "generic") => (await control("GET", `webhooks?dialect=${dialect}`)).ids,
    webhooks: async (dialect = "generic") => (await control("GET", `webhooks?dialect=${dialect}`)).webhooks,
  };
}

/** A few generic webhooks: two busy ones, one stale for 90 days, one switched off. */
export function sampleWebhooks(now = Date.now()) {
  return [
    { id: "wh_busy", url: "https://a.example.com/hook", events: ["order.created", "order.updated"], created_at: iso(now - 200 * DAY_MS),
      last_delivery_at: iso(now - 300_000), delivery_count: 1250, failure_count: 3 },
    { id: "wh_fresh", url: "https://b.example.com/hook", events: ["invoice.paid"], created_at: iso(now - 20 * DAY_MS),
      last_delivery_at: iso(now - DAY_MS), delivery_count: 340, failure_count: 0 },
    { id: "wh_stale", url: "https://c.example.com/hook", events: ["user.created"], created_at: iso(now - 365 * DAY_MS),
      last_delivery_at: iso(now - 90 * DAY_MS), delivery_count: 2048, failure_count: 256 },
    { id: "wh_off", url: "https://d.example.com/hook", events: ["user.updated"], active: false, created_at: iso(now - 10 * DAY_MS),
      last_delivery_at: iso(now - 2 * DAY_MS), delivery_count: 15, failure_count: 1 },
  ];
}
