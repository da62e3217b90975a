// A tiny app as a user would write it: the package by name, bundled by Vite, explicit init().
// Query: ?api=<generic base URL>&key=<api key>&id=<webhook id>
import init, { WebhookClient, AuditLog, isWebhookError } from "webhook-delete";

const out = document.getElementById("result");
const params = new URLSearchParams(location.search);

try {
  await init();
  const audit = new AuditLog();
  const client = new WebhookClient({
    apiKey: params.get("key"),
    provider: "generic",
    baseUrl: params.get("api"),
    retry: false,
    audit,
  });
  const result = await client.deleteWebhook(params.get("id"));
  const [entry] = audit.history(result.id);
  out.textContent = `${result.status} ${result.id} (audit: ${entry ? entry.outcome : "none"})`;
  out.dataset.state = "done";
} catch (error) {
  out.textContent = `error ${isWebhookError(error) ? error.code : "?"}: ${error && error.message}`;
  out.dataset.state = "error";
}
