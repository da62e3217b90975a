// One resumable bulk run, as a process of its own so that a test can kill it at any moment and
// start it again: deletes the mock's generated generic webhooks wh_gen_000001..wh_gen_<COUNT>
// with a file journal and an fsync'd file audit sink, then prints its BulkResult as one JSON line.
//   BASE_URL  the mock's generic base URL     API_KEY  its key
//   JOURNAL   the journal file                AUDIT    the audit file
//   COUNT     how many ids (default 2000)     CONCURRENCY  (default 16)
import { WebhookClient, AuditLog } from "../../../pkg/node/webhook_delete.js";
import { fileSink, fileJournal } from "../../../pkg/node-sink.mjs";

const env = process.env;
const count = Number(env.COUNT ?? 2000);
const ids = Array.from({ length: count }, (_, i) => `wh_gen_${String(i + 1).padStart(6, "0")}`);

const audit = new AuditLog({ sink: fileSink(env.AUDIT, { fsync: true }) });
const client = new WebhookClient({
  apiKey: env.API_KEY, provider: "generic", baseUrl: env.BASE_URL, audit, actor: "resume-run",
  retry: { baseDelayMs: 50, maxDelayMs: 200 },
});
const started = performance.now();
const result = await client.deleteMany(ids, {
  journal: fileJournal(env.JOURNAL), keepResults: false, concurrency: Number(env.CONCURRENCY ?? 16),
});
const pending = await audit.flush();
process.stdout.write(JSON.stringify({ result, pending, ms: Math.round(performance.now() - started) }) + "\n");
