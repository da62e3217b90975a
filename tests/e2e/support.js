// Helpers shared by the end-to-end scenario groups: the mock API's control routes, clients of
// both dialects, and assertions. `configure` is called by tests/e2e.rs before each scenario.

export const KEY = "test-key";
export let api = "";
export let Client = null;
export let lib = {};

// The mock's URL, the WebhookClient class, and a localStorage sink (key "webhook-delete:test").
export function configure(mockUrl, clientClass, functions) {
  api = mockUrl;
  Client = clientClass;
  lib = functions;
}

export function fail(message) {
  throw new Error(message);
}
export function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}
export function ok(condition, what) {
  if (!condition) fail(what);
}

export async function mock(path, body) {
  const init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  const res = await fetch(`${api}/__mock${path}`, init);
  if (!res.ok) fail(`mock ${path} answered ${res.status}`);
  return res.json();
}
export const reset = (extra = {}) => mock("/reset", { seed: false, ...extra });
export const add = (dialect, webhooks) => mock("/webhooks", { dialect, webhooks });
export const faults = (dialect, id, list) => mock("/faults", { dialect, id, faults: list });
export async function sent(method) {
  const { requests } = await mock(`/requests${method ? `?method=${method}` : ""}`);
  return requests.filter((r) => r.method !== "OPTIONS");
}
export async function stored(dialect) {
  const body = await mock(`/webhooks?dialect=${dialect}`);
  return (body.webhooks || body.data || []).map((w) => w.id);
}

export const fast = { baseDelayMs: 5, maxDelayMs: 20, jitter: false };
export const generic = (extra = {}) => new Client({ apiKey: KEY, provider: "generic", baseUrl: `${api}/generic`, retry: fast, ...extra });
export const exa = (extra = {}) => new Client({ apiKey: KEY, baseUrl: `${api}/exa`, retry: fast, ...extra });

export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  fail("expected a rejection");
}
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  fail("expected a throw");
}
export function isWebhookError(e, code) {
  ok(e instanceof Error, `not an Error: ${e}`);
  eq(e.name, "WebhookError", "error name");
  eq(e.code, code, `error code (${e.message})`);
}
export const hooks = (...ids) => ids.map((id) => ({ id }));

