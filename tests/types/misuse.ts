// Code that must NOT compile against the published typings. types.test.mjs runs
// `tsc -p tests/types/tsconfig.misuse.json` and requires a non-zero exit with an error on every line
// marked `// error: TSxxxx` (that code, that line) and no error anywhere else.
import { AuditLog, WebhookClient, isWebhookError, type DeleteResult } from "webhook-delete";

const client = new WebhookClient({ apiKey: "k", provider: "generic", baseUrl: "http://127.0.0.1:1/generic" });

export async function misuse(result: DeleteResult, error: unknown): Promise<void> {
  new WebhookClient({ apiKey: "k", timeoutMs: "30s" }); // error: TS2322
  await client.deleteWebhooks(["webhook_1001"]); // error: TS2551
  new WebhookClient({ apiKey: "k", provider: "github" }); // error: TS2322
  new WebhookClient({ apiKey: "k", retry: true }); // error: TS2322
  console.log(result.deleted_at); // error: TS2551
  new WebhookClient({ provider: "exa" }); // error: TS2345
  await client.deleteWebhook(1001); // error: TS2345
  await client.deleteMany(["a"], { concurrency: "8" }); // error: TS2322
  const safe = await client.safeDelete("webhook_1001");
  console.log(safe.result.id); // error: TS2339
  if (isWebhookError(error) && error.code === "not-found") return; // error: TS2367
  console.log(error.code); // error: TS18046
  new AuditLog({ sink: "file.jsonl" }); // error: TS2322
  const status: "active" = result.status; // error: TS2322
  console.log(status);
}
