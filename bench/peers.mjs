// Plain-JavaScript peers that the benchmarks measure webhook-delete against. They send exactly the
// requests the library sends for the generic dialect (DELETE {baseUrl}/webhooks/{id} with
// `accept: application/json` and `authorization: Bearer KEY`) and read the JSON body, but have no
// retries, no timeouts, no validation and no audit log: the least work a caller could get away with.

/** The headers webhook-delete sends for provider "generic" (see src/wasm/transport.rs). */
export function genericHeaders(apiKey) {
  return { accept: "application/json", authorization: `Bearer ${apiKey}` };
}

/** One DELETE over raw fetch; resolves to { id, status, body } and never rejects. */
export async function rawDelete(baseUrl, headers, id, fetchFn = globalThis.fetch) {
  try {
    const response = await fetchFn(`${baseUrl}/webhooks/${encodeURIComponent(id)}`, { method: "DELETE", headers });
    const text = await response.text();
    let body = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { id, status: response.status, body };
  } catch (error) {
    return { id, status: 0, body: String(error?.message ?? error) };
  }
}

/** A p-limit-style limiter: limit(fn) runs fn when fewer than `concurrency` are running. */
export function pLimit(concurrency) {
  const queue = [];
  let active = 0;
  const next = () => {
    if (active >= concurrency || queue.length === 0) return;
    active++;
    const { fn, resolve, reject } = queue.shift();
    Promise.resolve()
      .then(fn)
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  return (fn) =>
    new Promise((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      next();
    });
}

/** The peer of deleteMany: a pool of `concurrency` over raw fetch; resolves to counts and every { id, status, body }. */
export async function peerDeleteMany(baseUrl, apiKey, ids, concurrency) {
  const headers = genericHeaders(apiKey);
  const limit = pLimit(concurrency);
  const results = await Promise.all(ids.map((id) => limit(() => rawDelete(baseUrl, headers, id))));
  return summarise(results);
}

/**
 * The seed document's bulk loop (`for (const webhookId of webhookIds) { await deleteWebhook(...) }`),
 * with fetch in place of axios and the same headers as above.
 */
export async function seedSequential(baseUrl, apiKey, ids) {
  const headers = genericHeaders(apiKey);
  const results = [];
  for (const id of ids) results.push(await rawDelete(baseUrl, headers, id));
  return summarise(results);
}

function summarise(results) {
  let deleted = 0;
  let notFound = 0;
  let failed = 0;
  for (const r of results) {
    if (r.status === 200) deleted++;
    else if (r.status === 404) notFound++;
    else failed++;
  }
  return { total: results.length, deleted, notFound, failed, results };
}
