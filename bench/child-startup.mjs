// One start-up sample, run in a fresh `node` process by run.mjs:
//   node bench/child-startup.mjs lib|fetch BASE_URL ID
// "lib": cold import of the package + new WebhookClient + first deleteWebhook.
// "fetch": the same first DELETE over raw fetch, without the package (Node's own fetch start-up).
// Prints one JSON line. performance.now() counts from the process's time origin, so `scriptStartMs`
// is Node's own start-up up to this module's first line. This file has no static imports, so the
// package is loaded (and timed) only by the dynamic import below.

const scriptStartMs = performance.now();
const [mode, baseUrl, id] = process.argv.slice(2);
let importMs = 0;
let status;
let t1 = scriptStartMs;
if (mode === "lib") {
  const { WebhookClient } = await import(new URL("../pkg/node/webhook_delete.js", import.meta.url).href);
  t1 = performance.now();
  importMs = t1 - scriptStartMs;
  const client = new WebhookClient({ apiKey: "test-key", provider: "generic", baseUrl, retry: false });
  const result = await client.deleteWebhook(id);
  status = result.status;
} else {
  const response = await fetch(`${baseUrl}/webhooks/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: { accept: "application/json", authorization: "Bearer test-key" },
  });
  status = (await response.json()).status;
}
const end = performance.now();
process.stdout.write(`${JSON.stringify({ mode, status, scriptStartMs, importMs, firstCallMs: end - t1, sinceScriptMs: end - scriptStartMs, sinceProcessStartMs: end })}\n`);
