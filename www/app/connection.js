// Where the page connects: the default base URL of each provider, or the demo's mock API when
// the page was opened with ?api=ORIGIN.

const DEFAULT_BASE = { exa: "https://api.exa.ai/websets", generic: "" };

/** The `api` query parameter: an http(s) origin of the mock API, or null. */
function safeApiParam(value) {
  if (!value) return null;
  try {
    const u = new URL(value);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.href.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

/** The mock API of the demo, or null for a real API. */
export const demoApi = safeApiParam(new URLSearchParams(location.search).get("api"));

/** The base URL to prefill for `provider`. */
export function suggestedBase(provider) {
  if (demoApi) return `${demoApi}/${provider}`;
  return DEFAULT_BASE[provider];
}

/** The base URL the client uses when the field is left empty. */
export function defaultBase(provider) {
  return DEFAULT_BASE[provider];
}
