// Exa's own SDK, exa-js, as the peer a user of the Exa Websets API would otherwise pick. These
// helpers delete webhooks the way its documentation shows: `exa.websets.webhooks.delete(id)`.
//
// What exa-js does per call (read from node_modules/exa-js/dist, 2.23.0):
// - URL: `${baseURL}/websets/v0/webhooks/${id}`; the id is interpolated as given, not
//   percent-encoded. `new Exa(apiKey, baseURL)` takes the base URL (default https://api.exa.ai),
//   so the mock's Exa dialect is `new Exa(key, `${mockUrl}/exa`)`.
// - Headers: x-api-key, content-type: application/json and user-agent: exa-node VERSION, copied
//   from a Headers object into a new plain object on every call. No accept header. No body.
// - fetch: Node's global fetch, chosen once when the module loads (cross-fetch where there is no
//   `global`, which is the case in browsers). There is no option to inject one, no timeout, no
//   AbortSignal and no retry.
// - Answer: the body is read as text and JSON.parse'd; a 2xx resolves to the parsed Webhook as is.
//   Anything else rejects with ExaError { statusCode, message, timestamp, path, requestId }.
//
// exa-js has no bulk delete, so bulk is what a user would write: a p-limit-style pool over
// single deletes, the same pool bench/peers.mjs uses over raw fetch.

import Exa from "exa-js";
import { pLimit } from "./peers.mjs";

/** An exa-js client for an API whose Websets routes live under `${baseURL}/websets`. */
export function exaJsClient(apiKey, baseURL) {
  return new Exa(apiKey, baseURL);
}

/**
 * Deletes one webhook with exa-js; resolves to { id, status, body } and never rejects. status is
 * 200 with the deleted Webhook as body, or the ExaError's statusCode (0 when no answer came) with
 * the error as body.
 */
export async function exaJsDelete(client, id) {
  try {
    const body = await client.websets.webhooks.delete(id);
    return { id, status: 200, body };
  } catch (error) {
    return { id, status: typeof error?.statusCode === "number" ? error.statusCode : 0, body: error };
  }
}

/**
 * Deletes ids one after the other; resolves to the counts only (no per-id results are kept, so
 * a long loop measures the calls and not the bookkeeping). A 200 whose body names another id
 * counts as failed.
 */
export async function exaJsDeleteSequential(client, ids) {
  let deleted = 0;
  let notFound = 0;
  let failed = 0;
  for (const id of ids) {
    const r = await exaJsDelete(client, id);
    if (r.status === 200 && r.body?.id === id) deleted++;
    else if (r.status === 404) notFound++;
    else failed++;
  }
  return { total: ids.length, deleted, notFound, failed };
}

/** Bulk delete with exa-js: a pool of `concurrency` single deletes; counts and every { id, status, body } in input order. */
export async function exaJsDeleteMany(client, ids, concurrency) {
  const limit = pLimit(concurrency);
  const results = await Promise.all(ids.map((id) => limit(() => exaJsDelete(client, id))));
  let deleted = 0;
  let notFound = 0;
  let failed = 0;
  for (const r of results) {
    if (r.status === 200 && r.body?.id === r.id) deleted++;
    else if (r.status === 404) notFound++;
    else failed++;
  }
  return { total: results.length, deleted, notFound, failed, results };
}
