// A strict TypeScript consumer of webhook-delete that touches every public method and type of the
// contract (/work/shared/API.md). It is only type-checked (tsc -p tests/types/tsconfig.json), never
// run. The Equal<> checks pin the contract's literal unions and field lists, so a drift in the
// published .d.ts (a renamed field, a widened union, an `any`) fails the check.
import {
  AuditLog,
  WebhookClient,
  formatFinalStatistics,
  isWebhookError,
  localStorageSink,
  type AttemptPage,
  type AuditAction,
  type AuditEntry,
  type AuditLogOptions,
  type AuditOutcome,
  type AuditSink,
  type AuthScheme,
  type BackupStore,
  type BulkItemResult,
  type BulkOptions,
  type BulkOutcome,
  type BulkProgress,
  type BulkResult,
  type CallOptions,
  type Cancelled,
  type ClientDescription,
  type ClientOptions,
  type ConfirmFn,
  type DeleteInactiveOptions,
  type DeleteInactiveResult,
  type DeletePlan,
  type DeleteResult,
  type DeleteWhereOptions,
  type DeleteWhereResult,
  type ErrorCode,
  type FinalStatistics,
  type ListAllOptions,
  type ListAttemptsOptions,
  type ListOptions,
  type PlanItem,
  type Provider,
  type RestoreBulkResult,
  type RestoreItem,
  type RestoreManyOptions,
  type RestoreOutcome,
  type RestoreResult,
  type RetryOptions,
  type SafeDeleteResult,
  type SelectOptions,
  type Selection,
  type Webhook,
  type WebhookAttempt,
  type WebhookBackup,
  type WebhookError,
  type WebhookErrorInfo,
  type WebhookFilter,
  type WebhookPage,
  type WebhookStatus,
  type BulkJournal,
} from "webhook-delete";
import { auditLogFromFile, fileSink, readAuditFile, type FileSink, type FileSinkOptions } from "webhook-delete/node";

// ---- type-level helpers ---------------------------------------------------------------------
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? false : true;
const assertNever = (value: never): never => {
  throw new Error(`unexpected ${String(value)}`);
};

// ---- the contract's unions and field lists ----------------------------------------------------
export type Contract = [
  Expect<Equal<Provider, "exa" | "generic">>,
  Expect<Equal<AuthScheme, "x-api-key" | "bearer">>,
  Expect<Equal<WebhookStatus, "active" | "inactive">>,
  Expect<Equal<BulkOutcome, "deleted" | "not_found" | "failed" | "skipped" | "changed">>,
  Expect<Equal<AuditOutcome,
    "deleted" | "not_found" | "conflict" | "failed" | "cancelled" | "aborted" | "changed" | "restored" | "existing">>,
  Expect<Equal<AuditAction, "delete" | "restore">>,
  Expect<Equal<RestoreOutcome, "restored" | "existing" | "failed">>,
  Expect<Equal<ErrorCode,
    | "invalid_input" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited"
    | "server_error" | "http_error" | "network" | "timeout" | "aborted" | "decode" | "backup_failed" | "unsupported">>,
  Expect<Equal<keyof ClientOptions,
    | "apiKey" | "provider" | "baseUrl" | "auth" | "timeoutMs" | "retry" | "concurrency" | "actor" | "audit" | "fetch"
    | "maxRequestsPerSecond" | "maxResponseBytes">>,
  Expect<Equal<ClientOptions["retry"], RetryOptions | false | undefined>>,
  Expect<Equal<ClientOptions["fetch"], ((input: Request) => Promise<Response>) | undefined>>,
  Expect<Equal<keyof RetryOptions, "maxRetries" | "baseDelayMs" | "maxDelayMs" | "jitter" | "maxRetryAfterMs">>,
  Expect<Equal<keyof DeleteResult,
    "id" | "status" | "deletedAt" | "message" | "finalStatistics" | "webhook" | "attempts" | "alreadyDeleted" | "requestId">>,
  Expect<Equal<DeleteResult["status"], "deleted">>,
  Expect<Equal<DeleteResult["finalStatistics"], FinalStatistics | null>>,
  Expect<Equal<DeleteResult["webhook"], Webhook | null>>,
  Expect<Equal<keyof FinalStatistics, "totalDeliveries" | "totalFailures" | "successRate" | "lastDeliveryAt">>,
  Expect<Equal<keyof Webhook,
    | "id" | "url" | "events" | "status" | "createdAt" | "updatedAt" | "lastDeliveryAt"
    | "deliveryCount" | "failureCount" | "metadata">>,
  Expect<Equal<Webhook["metadata"], Record<string, string>>>,
  Expect<Equal<keyof WebhookPage, "data" | "hasMore" | "nextCursor">>,
  Expect<Equal<WebhookPage["nextCursor"], string | null>>,
  Expect<Equal<keyof BulkOptions, "concurrency" | "stopOnError" | "signal" | "onProgress" | "backup" | "keepResults" | "journal">>,
  Expect<Equal<BulkOptions["journal"], BulkJournal | undefined>>,
  Expect<Equal<keyof BulkJournal, "read" | "append">>,
  Expect<Equal<keyof BulkProgress, "done" | "total" | "deleted" | "notFound" | "failed" | "id" | "outcome">>,
  Expect<Equal<keyof BulkResult, "total" | "deleted" | "notFound" | "failed" | "skipped" | "changed" | "durationMs" | "results">>,
  Expect<Equal<BulkResult["results"][number], BulkItemResult>>,
  Expect<Equal<keyof BulkItemResult, "id" | "outcome" | "result" | "error">>,
  Expect<Equal<BulkItemResult["error"], WebhookErrorInfo | null>>,
  Expect<Equal<keyof DeleteInactiveResult, "candidates" | "result">>,
  Expect<Equal<DeleteInactiveResult["result"], BulkResult | null>>,
  Expect<Equal<keyof WebhookBackup, "webhook" | "backedUpAt" | "deletedBy">>,
  Expect<Equal<keyof WebhookErrorInfo, "code" | "message" | "status">>,
  Expect<Equal<keyof AuditEntry,
    | "webhookId" | "action" | "outcome" | "restoredAs" | "success" | "deletedAt" | "deletedBy" | "attempts"
    | "durationMs" | "finalStatistics" | "requestId" | "error">>,
  Expect<Equal<AuditEntry["action"], AuditAction>>,
  Expect<Equal<keyof WebhookAttempt,
    | "id" | "eventId" | "eventType" | "webhookId" | "url" | "successful" | "responseStatusCode" | "attempt" | "attemptedAt">>,
  Expect<Equal<keyof AttemptPage, "data" | "hasMore" | "nextCursor">>,
  Expect<Equal<keyof WebhookFilter,
    | "all" | "ids" | "status" | "inactiveDays" | "failingAttempts" | "url" | "event" | "createdBefore" | "createdAfter"
    | "metadata" | "duplicates" | "now">>,
  Expect<Equal<WebhookFilter["all"], true | undefined>>,
  Expect<Equal<keyof Selection, "webhook" | "reasons">>,
  Expect<Equal<keyof DeletePlan, "kind" | "version" | "provider" | "baseUrl" | "createdAt" | "filter" | "items">>,
  Expect<Equal<DeletePlan["kind"], "webhook-delete/plan">>,
  Expect<Equal<keyof PlanItem, "id" | "url" | "events" | "status" | "updatedAt" | "reasons">>,
  Expect<Equal<keyof RestoreResult, "previousId" | "webhook" | "created" | "secret">>,
  Expect<Equal<keyof RestoreBulkResult, "total" | "restored" | "existing" | "failed" | "results">>,
  Expect<Equal<keyof RestoreItem, "previousId" | "outcome" | "result" | "error">>,
  Expect<Equal<keyof DeleteWhereResult, "candidates" | "result">>,
  Expect<Equal<DeleteWhereResult["candidates"], Selection[]>>,
  Expect<Equal<SafeDeleteResult["outcome"], "deleted" | "not_found" | "conflict">>,
  Expect<Equal<WebhookError["name"], "WebhookError">>,
  Expect<Equal<WebhookError["code"], ErrorCode>>,
  Expect<Equal<WebhookError["body"], unknown>>,
  Expect<Equal<WebhookError["serverCode"], string | null>>,
  Expect<NotAny<WebhookError["body"]>>,
  Expect<Equal<ReturnType<WebhookClient["deleteWebhook"]>, Promise<DeleteResult>>>,
  Expect<Equal<ReturnType<WebhookClient["safeDelete"]>, Promise<SafeDeleteResult>>>,
  Expect<Equal<ReturnType<WebhookClient["getWebhook"]>, Promise<Webhook>>>,
  Expect<Equal<ReturnType<WebhookClient["listWebhooks"]>, Promise<WebhookPage>>>,
  Expect<Equal<ReturnType<WebhookClient["listAllWebhooks"]>, Promise<Webhook[]>>>,
  Expect<Equal<ReturnType<WebhookClient["deleteMany"]>, Promise<BulkResult>>>,
  Expect<Equal<ReturnType<WebhookClient["deleteInactive"]>, Promise<DeleteInactiveResult>>>,
  Expect<Equal<ReturnType<WebhookClient["listAttempts"]>, Promise<AttemptPage>>>,
  Expect<Equal<ReturnType<WebhookClient["selectWebhooks"]>, Promise<Selection[]>>>,
  Expect<Equal<ReturnType<WebhookClient["deleteWhere"]>, Promise<DeleteWhereResult>>>,
  Expect<Equal<ReturnType<WebhookClient["planDelete"]>, Promise<DeletePlan>>>,
  Expect<Equal<ReturnType<WebhookClient["applyPlan"]>, Promise<BulkResult>>>,
  Expect<Equal<ReturnType<WebhookClient["restoreWebhook"]>, Promise<RestoreResult>>>,
  Expect<Equal<ReturnType<WebhookClient["restoreMany"]>, Promise<RestoreBulkResult>>>,
  Expect<Equal<ReturnType<WebhookClient["deleteWithConfirmation"]>, Promise<DeleteResult | Cancelled>>>,
  Expect<Equal<Awaited<ReturnType<WebhookClient["deleteWithBackup"]>>["backup"], WebhookBackup>>,
  Expect<Equal<ReturnType<AuditLog["flush"]>, Promise<number>>>,
  Expect<Equal<ReturnType<typeof AuditLog.fromJSONL>, AuditLog>>,
  Expect<Equal<WebhookClient["audit"], AuditLog>>,
];

// ---- options ------------------------------------------------------------------------------------
const retry: RetryOptions = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000, jitter: true, maxRetryAfterMs: 60_000 };
const sinkSeen: AuditEntry[] = [];
const memorySink: AuditSink = (entry) => {
  sinkSeen.push(entry);
};
const asyncSink: AuditSink = async (entry) => {
  await Promise.resolve(entry.webhookId);
};
const auditOptions: AuditLogOptions = { sink: memorySink, maxEntries: 10_000 };
const audit = new AuditLog(auditOptions);
const otherAudit = new AuditLog({ sink: asyncSink });
const bareAudit = new AuditLog();

const myFetch = (input: Request): Promise<Response> => fetch(input);
const options: ClientOptions = {
  apiKey: "test-key",
  provider: "generic",
  baseUrl: "http://127.0.0.1:8080/generic",
  auth: "bearer",
  timeoutMs: 30_000,
  retry,
  concurrency: 8,
  actor: "ops@example.com",
  audit,
  fetch: myFetch,
  maxRequestsPerSecond: 10,
  maxResponseBytes: 4 * 1024 * 1024,
};
const client = new WebhookClient(options);
const exa = new WebhookClient({ apiKey: "k", retry: false, fetch: globalThis.fetch });
const minimal = new WebhookClient({ apiKey: "k", provider: "exa", auth: "x-api-key" });

const description: ClientDescription = client.toJSON();
const redacted: "[redacted]" = description.apiKey;
const providerName: Provider = description.provider;
const authName: AuthScheme = description.auth;

// ---- errors ---------------------------------------------------------------------------------------
function describeError(error: unknown): string {
  if (!isWebhookError(error)) return error instanceof Error ? error.message : String(error);
  const e: WebhookError = error;
  const info: WebhookErrorInfo = { code: e.code, message: e.message, status: e.status };
  const parts: Array<string | number | null> = [e.name, e.webhookId, e.requestId, e.serverCode, e.retryAfterMs, e.attempts, info.status];
  const stack: string | undefined = e.stack;
  switch (e.code) {
    case "invalid_input":
    case "unauthorized":
    case "forbidden":
    case "not_found":
    case "conflict":
    case "rate_limited":
    case "server_error":
    case "http_error":
    case "network":
    case "timeout":
    case "aborted":
    case "decode":
    case "backup_failed":
    case "unsupported":
      break;
    default:
      return assertNever(e.code);
  }
  const body = e.body;
  const bodyText = typeof body === "string" ? body : JSON.stringify(body);
  return `${info.code}: ${info.message} ${parts.join(" ")} ${bodyText} ${stack ?? ""}`;
}

function describeStats(id: string, stats: FinalStatistics | null): string {
  if (stats === null) return `${id}: no statistics`;
  const total: number = stats.totalDeliveries + stats.totalFailures + stats.successRate;
  const last: string = stats.lastDeliveryAt ?? "never";
  return `${formatFinalStatistics(id, stats)} (${total}, ${last})`;
}

function describeWebhook(w: Webhook): string {
  const status: WebhookStatus = w.status;
  const events: string[] = w.events;
  const counts: Array<number | null> = [w.deliveryCount, w.failureCount];
  const dates: Array<string | null> = [w.createdAt, w.updatedAt, w.lastDeliveryAt];
  const team: string | undefined = w.metadata["team"];
  return [w.id, w.url, status, events.join(","), counts.join("/"), dates.join(" "), team ?? "-"].join(" ");
}

function describeResult(r: DeleteResult): string {
  const status: "deleted" = r.status;
  const when: string = r.deletedAt;
  const message: string | null = r.message;
  const attempts: number = r.attempts;
  const already: boolean = r.alreadyDeleted;
  const requestId: string | null = r.requestId;
  const webhook = r.webhook === null ? "-" : describeWebhook(r.webhook);
  return [r.id, status, when, message, attempts, already, requestId, webhook, describeStats(r.id, r.finalStatistics)].join(" ");
}

function describeBulk(b: BulkResult): string {
  const lines = b.results.map((item: BulkItemResult) => {
    const outcome: BulkOutcome = item.outcome;
    switch (outcome) {
      case "deleted":
        return item.result === null ? `${item.id} ?` : describeResult(item.result);
      case "not_found":
      case "skipped":
        return `${item.id} ${outcome}`;
      case "changed":
      case "failed":
        return `${item.id} ${item.error?.code ?? "?"} ${item.error?.message ?? ""} ${item.error?.status ?? ""}`;
      default:
        return assertNever(outcome);
    }
  });
  return `${b.total} ${b.deleted} ${b.notFound} ${b.failed} ${b.skipped} ${b.changed} ${b.durationMs}\n${lines.join("\n")}`;
}

function describeEntry(entry: AuditEntry): string {
  const outcome: AuditOutcome = entry.outcome;
  const action: AuditAction = entry.action;
  const restoredAs: string | null | undefined = entry.restoredAs;
  const error: WebhookErrorInfo | null = entry.error;
  return [
    entry.webhookId, action, outcome, entry.success, entry.deletedAt, entry.deletedBy, entry.attempts, entry.durationMs,
    entry.requestId, error?.code ?? "-", restoredAs ?? "-", describeStats(entry.webhookId, entry.finalStatistics),
  ].join(" ");
}

// ---- every method -------------------------------------------------------------------------------
export async function main(): Promise<string[]> {
  const out: string[] = [];
  const controller = new AbortController();
  const call: CallOptions = { signal: controller.signal };

  try {
    const deleted: DeleteResult = await client.deleteWebhook("webhook_1001", call);
    out.push(describeResult(deleted));
    out.push(describeResult(await exa.deleteWebhook("wh_exa_01")));
  } catch (error) {
    out.push(describeError(error));
  }

  const safe: SafeDeleteResult = await client.safeDelete("webhook_1002", { signal: controller.signal });
  switch (safe.outcome) {
    case "deleted":
      out.push(describeResult(safe.result));
      break;
    case "not_found":
      out.push(`${safe.id} was already gone`);
      break;
    case "conflict":
      out.push(`${safe.id}: ${describeError(safe.error)} ${safe.error.retryAfterMs ?? 0}`);
      break;
    default:
      assertNever(safe);
  }

  const one: Webhook = await client.getWebhook("webhook_1003");
  out.push(describeWebhook(one));

  const listOptions: ListOptions = { limit: 50, signal: controller.signal };
  let page: WebhookPage = await client.listWebhooks(listOptions);
  while (page.hasMore && page.nextCursor !== null) {
    out.push(...page.data.map(describeWebhook));
    page = await client.listWebhooks({ cursor: page.nextCursor, limit: 50 });
  }
  const listAllOptions: ListAllOptions = { limit: 200, maxPages: 10, signal: controller.signal };
  const everything: Webhook[] = await minimal.listAllWebhooks(listAllOptions);
  out.push(`${everything.length} webhooks`);
  await client.listWebhooks();
  await client.listAllWebhooks();

  const progress: BulkProgress[] = [];
  const bulkOptions: BulkOptions = {
    concurrency: 4,
    stopOnError: false,
    signal: controller.signal,
    onProgress: (p: BulkProgress) => {
      progress.push(p);
      const ratio: number = p.done / p.total;
      const counts: number = p.deleted + p.notFound + p.failed;
      const outcome: BulkOutcome = p.outcome;
      out.push(`${p.id} ${outcome} ${ratio} ${counts}`);
    },
  };
  const ids: string[] = ["webhook_1004", "webhook_1005"];
  out.push(describeBulk(await client.deleteMany(ids, bulkOptions)));
  out.push(describeBulk(await client.deleteMany(ids)));

  const inactiveOptions: DeleteInactiveOptions = { inactiveDays: 30, now: new Date(), dryRun: true, concurrency: 2 };
  const inactive: DeleteInactiveResult = await client.deleteInactive(inactiveOptions);
  out.push(...inactive.candidates.map(describeWebhook));
  if (inactive.result !== null) out.push(describeBulk(inactive.result));
  await client.deleteInactive({ now: "2026-01-01T00:00:00Z" });
  await client.deleteInactive({ now: Date.now(), onProgress: (p) => out.push(p.id) });
  await client.deleteInactive();

  const confirm: ConfirmFn = (w: Webhook) => w.status === "inactive";
  const asyncConfirm: ConfirmFn = async (w: Webhook) => w.events.length > 0;
  const confirmed: DeleteResult | Cancelled = await client.deleteWithConfirmation("webhook_1007", confirm, call);
  if ("cancelled" in confirmed) {
    const cancelled: true = confirmed.cancelled;
    out.push(`${confirmed.id} kept (${cancelled})`);
  } else {
    out.push(describeResult(confirmed));
  }
  await client.deleteWithConfirmation("webhook_1008", asyncConfirm);

  const backups: WebhookBackup[] = [];
  const store: BackupStore = (backup: WebhookBackup) => {
    backups.push(backup);
  };
  const asyncStore: BackupStore = async (backup) => {
    await Promise.resolve(backup.backedUpAt + backup.deletedBy + describeWebhook(backup.webhook));
  };
  const withBackup = await client.deleteWithBackup("webhook_1009", store, call);
  const backup: WebhookBackup = withBackup.backup;
  const asResult: DeleteResult = withBackup;
  out.push(describeResult(asResult), backup.backedUpAt);
  await client.deleteWithBackup("webhook_1010", asyncStore);

  // ---- delivery history, selection, plans, restore -------------------------------------------
  const attemptOptions: ListAttemptsOptions = { limit: 1, successful: false, eventType: "webset.created", cursor: null, signal: controller.signal };
  const attempts: AttemptPage = await exa.listAttempts("wh_exa_01", attemptOptions);
  out.push(...attempts.data.map((a: WebhookAttempt) => `${a.id} ${a.successful} ${a.responseStatusCode ?? "-"} ${a.attemptedAt}`));
  await exa.listAllWebhooks({ lastDelivery: true, concurrency: 4 });

  const filter: WebhookFilter = { inactiveDays: 30, url: "https://*.ngrok-free.app/*", metadata: { createdBy: "my-app" }, now: "2026-01-01T00:00:00Z" };
  const selectOptions: SelectOptions = { concurrency: 4, signal: controller.signal };
  const selected: Selection[] = await exa.selectWebhooks(filter, selectOptions);
  out.push(...selected.map((s) => `${describeWebhook(s.webhook)} ${s.reasons.join("; ")}`));
  const whereOptions: DeleteWhereOptions = { dryRun: true, concurrency: 2, keepResults: false };
  const where: DeleteWhereResult = await exa.deleteWhere({ all: true }, whereOptions);
  if (where.result !== null) out.push(describeBulk(where.result));
  const plan: DeletePlan = await exa.planDelete({ status: "inactive", duplicates: true }, selectOptions);
  const items: PlanItem[] = plan.items;
  out.push(...items.map((i) => `${i.id} ${i.status} ${i.updatedAt ?? "-"} ${i.reasons.join(",")}`));
  const journal: BulkJournal = { read: async () => "", append: async (lines: string) => void lines };
  out.push(describeBulk(await exa.applyPlan(JSON.parse(JSON.stringify(plan)) as DeletePlan, { backup: store, journal, keepResults: true })));
  out.push(describeBulk(await exa.deleteMany(new Set(["a", "b"]), { journal })));
  async function* streamed(): AsyncIterable<string> {
    yield "wh_exa_02";
  }
  out.push(describeBulk(await exa.deleteMany(streamed(), { keepResults: false })));

  const restoredOne: RestoreResult = await exa.restoreWebhook(backup, call);
  out.push(`${restoredOne.previousId} -> ${restoredOne.webhook.id} ${restoredOne.created} ${restoredOne.secret ?? "(no new secret)"}`);
  const restoreOptions: RestoreManyOptions = { concurrency: 2, stopOnError: false, signal: controller.signal };
  const restoredAll: RestoreBulkResult = await exa.restoreMany(backups, restoreOptions);
  out.push(...restoredAll.results.map((r: RestoreItem) => `${r.previousId} ${r.outcome} ${r.result?.webhook.id ?? r.error?.code ?? "?"}`));

  // ---- the audit log --------------------------------------------------------------------------
  const log: AuditLog = client.audit;
  const all: AuditEntry[] = log.history();
  const some: AuditEntry[] = log.history("webhook_1001");
  out.push(...all.map(describeEntry), ...some.map(describeEntry));
  const size: number = log.length;
  const pending: number = log.pending;
  const jsonl: string = log.toJSONL();
  const copy: AuditLog = AuditLog.fromJSONL(jsonl);
  const left: number = await otherAudit.flush();
  copy.clear();
  bareAudit.free();
  out.push(`${size} ${pending} ${left} ${copy.length} ${sinkSeen.length}`);

  const browserSink: AuditSink = localStorageSink();
  const namedSink: AuditSink = localStorageSink("my-app:audit");
  new AuditLog({ sink: browserSink });
  new AuditLog({ sink: namedSink, maxEntries: 100 });

  // ---- webhook-delete/node ----------------------------------------------------------------------
  const fileOptions: FileSinkOptions = { fsync: true };
  const file: FileSink = fileSink("audit.jsonl", fileOptions);
  const plainFile: AuditSink = fileSink("audit2.jsonl");
  const fileAudit = new AuditLog({ sink: file });
  new AuditLog({ sink: plainFile });
  new WebhookClient({ apiKey: "k", audit: fileAudit });
  await file.close();
  const fromFile: AuditEntry[] = await readAuditFile("audit.jsonl");
  const restored: AuditLog = await auditLogFromFile("audit.jsonl");
  out.push(...fromFile.map(describeEntry), String(restored.length));

  controller.abort();
  out.push(String(redacted), providerName, authName);
  return out;
}
