/** Which API dialect the client speaks. */
export type Provider = "exa" | "generic";
/** Which header carries the API key. */
export type AuthScheme = "x-api-key" | "bearer";

/** Retry settings; every field is optional. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3, so at most 4 attempts). */
  maxRetries?: number;
  /** Backoff before retry n is baseDelayMs * 2^(n-1) (default 1000)... */
  baseDelayMs?: number;
  /** ...capped at this (default 30000). */
  maxDelayMs?: number;
  /** Full jitter (default true). */
  jitter?: boolean;
  /** The longest server-requested wait honoured (default 60000). */
  maxRetryAfterMs?: number;
}

/** Options of `new WebhookClient(...)`. */
export interface ClientOptions {
  /** Required, non-empty, Latin-1, at most 8 KiB. Sent only in the auth header; never logged or put in an error. */
  apiKey: string;
  /** Default "exa". */
  provider?: Provider;
  /** https only, except localhost / 127.0.0.0/8 / [::1]. Required for "generic". */
  baseUrl?: string;
  /** Overrides the provider's auth header. */
  auth?: AuthScheme;
  /** Per-attempt timeout in ms, the answer's body included (default 30000). */
  timeoutMs?: number;
  /** Retry settings, or false for a single attempt. */
  retry?: RetryOptions | false;
  /** Default concurrency of bulk calls (default 8, 1..64). */
  concurrency?: number;
  /** Recorded as deletedBy in the audit log (default "api"). */
  actor?: string;
  /** The audit log to write to (default: a new in-memory one, exposed as client.audit). */
  audit?: AuditLog;
  /** A fetch to use instead of globalThis.fetch; it receives a Request and must resolve to a Response. */
  fetch?: (input: Request) => Promise<Response>;
  /** Client-wide pacing: no more than this many requests in any one second (retries included). */
  maxRequestsPerSecond?: number;
  /** The largest answer body read, in bytes (default 4 MiB); the reading stops there. */
  maxResponseBytes?: number;
}

/** What JSON.stringify(client) shows: the configuration, with the key redacted. */
export interface ClientDescription {
  provider: Provider; baseUrl: string; auth: AuthScheme; timeoutMs: number; concurrency: number;
  actor: string; maxRequestsPerSecond: number | null; maxResponseBytes: number; apiKey: "[redacted]";
}

/** The last argument of every single-webhook method. */
export interface CallOptions {
  /** Aborting rejects the call at once with code "aborted", also during a backoff wait. */
  signal?: AbortSignal;
}
/** Options of listWebhooks. */
export interface ListOptions extends CallOptions { cursor?: string | null; limit?: number }
/** Options of listAllWebhooks. */
export interface ListAllOptions extends CallOptions {
  limit?: number; maxPages?: number;
  /** Exa: read each webhook's newest delivery attempt into lastDeliveryAt (one request each). */
  lastDelivery?: boolean;
  /** With lastDelivery: attempt reads in flight at most (default: the client's concurrency). */
  concurrency?: number;
}
/** Options of listAttempts (Exa). */
export interface ListAttemptsOptions extends CallOptions {
  cursor?: string | null; limit?: number;
  /** Only attempts of this event type. */
  eventType?: string;
  /** Only successful (true) or failed (false) attempts. */
  successful?: boolean;
}
/** Options of selectWebhooks and planDelete. */
export interface SelectOptions extends CallOptions {
  /** Delivery-history reads in flight at most (default: the client's concurrency). */
  concurrency?: number;
}

/** A webhook's delivery statistics at deletion (generic dialect). */
export interface FinalStatistics {
  totalDeliveries: number; totalFailures: number; successRate: number; lastDeliveryAt: string | null;
}
/** Normalised webhook status. */
export type WebhookStatus = "active" | "inactive";
/** A webhook subscription, normalised across dialects. */
export interface Webhook {
  id: string; url: string; events: string[]; status: WebhookStatus;
  createdAt: string | null; updatedAt: string | null;
  /** The generic dialect's field; for Exa, the newest attempt's time once a selection read it. */
  lastDeliveryAt: string | null;
  deliveryCount: number | null; failureCount: number | null; metadata: Record<string, string>;
}
/** One page of a listing. */
export interface WebhookPage { data: Webhook[]; hasMore: boolean; nextCursor: string | null }
/** One delivery attempt of an Exa webhook. */
export interface WebhookAttempt {
  id: string; eventId: string; eventType: string; webhookId: string; url: string;
  successful: boolean; responseStatusCode: number | null; attempt: number; attemptedAt: string;
}
/** One page of a webhook's delivery attempts, newest first. */
export interface AttemptPage { data: WebhookAttempt[]; hasMore: boolean; nextCursor: string | null }

/** A successful delete. */
export interface DeleteResult {
  /** The id asked for (never an id taken from the server's answer). */
  id: string; status: "deleted";
  /** ISO 8601; the server's deleted_at when given. */
  deletedAt: string;
  message: string | null; finalStatistics: FinalStatistics | null;
  /** The deleted webhook, when the server returns it (Exa does). */
  webhook: Webhook | null;
  attempts: number;
  /** True when an earlier attempt (or an earlier run) with an unknown outcome had already deleted it. */
  alreadyDeleted: boolean;
  requestId: string | null;
}

/** How safeDelete ended. */
export type SafeDeleteResult =
  | { outcome: "deleted"; result: DeleteResult }
  | { outcome: "not_found"; id: string }
  | { outcome: "conflict"; id: string; error: WebhookError };

/** How one id of a bulk call ended. */
export type BulkOutcome = "deleted" | "not_found" | "failed" | "skipped" | "changed";
/** What onProgress receives after each id. */
export interface BulkProgress {
  done: number;
  /** Distinct ids in the call (for a stream of ids: distinct ids read so far). */
  total: number;
  deleted: number; notFound: number; failed: number; id: string; outcome: BulkOutcome;
}
/** A journal that makes a bulk run resumable after a crash (see fileJournal in webhook-delete/node). */
export interface BulkJournal {
  /** Everything appended so far. */
  read(): Promise<string>;
  /** Appends lines; resolves once they are durable. */
  append(lines: string): Promise<void>;
}
/** Stores a backup before its webhook is deleted; throwing or rejecting keeps the webhook. */
export type BackupStore = (backup: WebhookBackup) => void | Promise<void>;
/** Options of the bulk methods. */
export interface BulkOptions extends CallOptions {
  /** Requests in flight at most (default: the client's, 8). */
  concurrency?: number;
  /** After the first failure, send nothing more. */
  stopOnError?: boolean;
  /** Called once per id, with done rising by one. */
  onProgress?: (progress: BulkProgress) => void;
  /** Awaited with each webhook's backup before its DELETE; a throw marks it failed (backup_failed). */
  backup?: BackupStore;
  /** Default true; false: results holds only the failed ids (counts stay exact), for streams of millions. */
  keepResults?: boolean;
  /** Makes the run resumable after a crash. */
  journal?: BulkJournal;
}
/** One id's line in a BulkResult. */
export interface BulkItemResult {
  id: string; outcome: BulkOutcome; result: DeleteResult | null; error: WebhookErrorInfo | null;
}
/** The answer of a bulk call; results keep the input order. */
export interface BulkResult {
  total: number; deleted: number; notFound: number; failed: number; skipped: number; changed: number; durationMs: number;
  results: BulkItemResult[];
}
/** Options of deleteWhere. */
export interface DeleteWhereOptions extends BulkOptions {
  /** Select only; send no DELETE. */
  dryRun?: boolean;
}
/** Options of deleteInactive. */
export interface DeleteInactiveOptions extends BulkOptions {
  /** Default 30. */
  inactiveDays?: number;
  /** The moment to measure from (default: now). */
  now?: Date | string | number;
  /** List the candidates, delete nothing. */
  dryRun?: boolean;
}
/** The answer of deleteInactive; result is null on a dry run. */
export interface DeleteInactiveResult { candidates: Webhook[]; result: BulkResult | null }

/** Which webhooks to select. Every given field must hold (AND); {} selects nothing. */
export interface WebhookFilter {
  /** Every webhook: must be said explicitly. */
  all?: true;
  ids?: string[];
  status?: WebhookStatus;
  /** Inactive: status inactive, last delivery older than now - N days, or never delivered and created before. */
  inactiveDays?: number;
  /** At least N attempts, the newest N all failed (Exa's delivery history). */
  failingAttempts?: number;
  /** A glob on the whole URL: * any run, ? one character. */
  url?: string;
  /** Subscribed to this event type. */
  event?: string;
  /** ISO 8601. */
  createdBefore?: string;
  /** ISO 8601. */
  createdAfter?: string;
  /** Every pair present. */
  metadata?: Record<string, string>;
  /** Same url and event set as a newer webhook (latest createdAt; on a tie, the first listed). */
  duplicates?: boolean;
  /** The clock for inactiveDays (ISO 8601); default the current time. */
  now?: string;
}
/** One selected webhook and why, in words. */
export interface Selection { webhook: Webhook; reasons: string[] }
/** The answer of deleteWhere; result is null on a dry run. */
export interface DeleteWhereResult { candidates: Selection[]; result: BulkResult | null }
/** One planned webhook, with the fields applyPlan checks before deleting it. */
export interface PlanItem {
  id: string; url: string; events: string[]; status: WebhookStatus; updatedAt: string | null; reasons: string[];
}
/** A reviewed list of webhooks to delete; plain JSON. */
export interface DeletePlan {
  kind: "webhook-delete/plan"; version: number; provider: Provider; baseUrl: string;
  createdAt: string; filter: WebhookFilter; items: PlanItem[];
}

/** What deleteWithConfirmation resolves to when confirm did not return true. */
export interface Cancelled { cancelled: true; id: string }
/** Decides whether to delete; only `true` deletes. */
export type ConfirmFn = (webhook: Webhook) => boolean | Promise<boolean>;
/** A webhook as it was just before it was deleted. */
export interface WebhookBackup { webhook: Webhook; backedUpAt: string; deletedBy: string }
/** What deleteWithBackup resolves to: the delete result and the backup that was stored first. */
export interface DeleteWithBackupResult extends DeleteResult { backup: WebhookBackup }

/** A webhook re-created from a backup (or found already there). */
export interface RestoreResult {
  /** The id it had before it was deleted. */
  previousId: string;
  /** The webhook now on the server (a new id). */
  webhook: Webhook;
  /** False when a webhook with the same url and event set already existed. */
  created: boolean;
  /** The new signing secret, returned once; the receiver needs it. Never in the audit log. */
  secret: string | null;
}
/** How one backup of restoreMany ended. */
export type RestoreOutcome = "restored" | "existing" | "failed";
/** One backup's line in a RestoreBulkResult. */
export interface RestoreItem {
  previousId: string; outcome: RestoreOutcome; result: RestoreResult | null; error: WebhookErrorInfo | null;
}
/** The answer of restoreMany; results keep the input order. */
export interface RestoreBulkResult { total: number; restored: number; existing: number; failed: number; results: RestoreItem[] }
/** Options of restoreMany. */
export interface RestoreManyOptions extends CallOptions {
  concurrency?: number;
  stopOnError?: boolean;
  /** Called as each backup ends, its new secret included, so it can be stored at once. */
  onItem?: (item: RestoreItem) => void;
}

/** What went wrong. */
export type ErrorCode =
  | "invalid_input" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited"
  | "server_error" | "http_error" | "network" | "timeout" | "aborted" | "decode" | "backup_failed"
  | "unsupported";
/** The short form of an error, kept in bulk results and audit entries. */
export interface WebhookErrorInfo { code: ErrorCode; message: string; status: number | null }
/** Every rejection of this library: a real Error with name "WebhookError". */
export interface WebhookError extends Error {
  name: "WebhookError";
  code: ErrorCode;
  status: number | null;
  webhookId: string | null;
  requestId: string | null;
  /** The server's own code: Exa's tag, a nested error.code or type, a numeric code as text. */
  serverCode: string | null;
  retryAfterMs: number | null;
  attempts: number;
  /** The start of the last answer's body (at most 64 KiB): parsed JSON, or the text when it was not JSON. */
  body: unknown;
}

/** What the call did. */
export type AuditAction = "delete" | "restore";
/** How a call ended, as audited. */
export type AuditOutcome =
  | "deleted" | "not_found" | "conflict" | "failed" | "cancelled" | "aborted" | "changed" | "restored" | "existing";
/** One audit record. */
export interface AuditEntry {
  webhookId: string; action: AuditAction; outcome: AuditOutcome;
  /** Restore entries: the id of the webhook now on the server. */
  restoredAs?: string | null;
  success: boolean; deletedAt: string; deletedBy: string; attempts: number; durationMs: number;
  finalStatistics: FinalStatistics | null; requestId: string | null; error: WebhookErrorInfo | null;
}
/** Receives each audit entry; throwing or rejecting keeps the entry pending for flush(). */
export type AuditSink = (entry: AuditEntry) => void | Promise<void>;
/** Options of new AuditLog(...). */
export interface AuditLogOptions { sink?: AuditSink; maxEntries?: number }
