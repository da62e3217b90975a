//! The TypeScript shapes of the public contract, emitted into the package's `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
  /** Required, non-empty. Sent only in the auth header; never logged or put in an error. */
  apiKey: string;
  /** Default "exa". */
  provider?: Provider;
  /** https only, except localhost / 127.0.0.0/8 / [::1]. Required for "generic". */
  baseUrl?: string;
  /** Overrides the provider's auth header. */
  auth?: AuthScheme;
  /** Per-attempt timeout in ms (default 30000). */
  timeoutMs?: number;
  /** Retry settings, or false for a single attempt. */
  retry?: RetryOptions | false;
  /** Default concurrency of bulk calls (default 8, 1..64). */
  concurrency?: number;
  /** Recorded as deletedBy in the audit log (default "api"). */
  actor?: string;
  /** The audit log to write to (default: a new in-memory one, exposed as client.audit). */
  audit?: AuditLog;
  /** A fetch to use instead of globalThis.fetch. */
  fetch?: (input: Request) => Promise<Response>;
}

/** What JSON.stringify(client) shows: the configuration, with the key redacted. */
export interface ClientDescription {
  provider: Provider; baseUrl: string; auth: AuthScheme; timeoutMs: number; concurrency: number;
  actor: string; apiKey: "[redacted]";
}

/** The last argument of every single-webhook method. */
export interface CallOptions {
  /** Aborting rejects the call at once with code "aborted", also during a backoff wait. */
  signal?: AbortSignal;
}
/** Options of listWebhooks. */
export interface ListOptions extends CallOptions { cursor?: string | null; limit?: number }
/** Options of listAllWebhooks. */
export interface ListAllOptions extends CallOptions { limit?: number; maxPages?: number }

/** A webhook's delivery statistics at deletion (generic dialect). */
export interface FinalStatistics {
  totalDeliveries: number; totalFailures: number; successRate: number; lastDeliveryAt: string | null;
}
/** Normalised webhook status. */
export type WebhookStatus = "active" | "inactive";
/** A webhook subscription, normalised across dialects. */
export interface Webhook {
  id: string; url: string; events: string[]; status: WebhookStatus;
  createdAt: string | null; updatedAt: string | null; lastDeliveryAt: string | null;
  deliveryCount: number | null; failureCount: number | null; metadata: Record<string, string>;
}
/** One page of a listing. */
export interface WebhookPage { data: Webhook[]; hasMore: boolean; nextCursor: string | null }

/** A successful delete. */
export interface DeleteResult {
  id: string; status: "deleted";
  /** ISO 8601; the server's deleted_at when given. */
  deletedAt: string;
  message: string | null; finalStatistics: FinalStatistics | null;
  /** The deleted webhook, when the server returns it (Exa does). */
  webhook: Webhook | null;
  attempts: number;
  /** True when an earlier attempt with an unknown outcome had already deleted it. */
  alreadyDeleted: boolean;
  requestId: string | null;
}

/** How safeDelete ended. */
export type SafeDeleteResult =
  | { outcome: "deleted"; result: DeleteResult }
  | { outcome: "not_found"; id: string }
  | { outcome: "conflict"; id: string; error: WebhookError };

/** How one id of a bulk call ended. */
export type BulkOutcome = "deleted" | "not_found" | "failed" | "skipped";
/** What onProgress receives after each id. */
export interface BulkProgress {
  done: number; total: number; deleted: number; notFound: number; failed: number; id: string; outcome: BulkOutcome;
}
/** Options of deleteMany (and deleteInactive). */
export interface BulkOptions extends CallOptions {
  /** Requests in flight at most (default: the client's, 8). */
  concurrency?: number;
  /** After the first failure, send nothing more. */
  stopOnError?: boolean;
  /** Called once per id, with done rising by one. */
  onProgress?: (progress: BulkProgress) => void;
}
/** One id's line in a BulkResult. */
export interface BulkItemResult {
  id: string; outcome: BulkOutcome; result: DeleteResult | null; error: WebhookErrorInfo | null;
}
/** The answer of a bulk call; results keep the input order. */
export interface BulkResult {
  total: number; deleted: number; notFound: number; failed: number; skipped: number; durationMs: number;
  results: BulkItemResult[];
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

/** What deleteWithConfirmation resolves to when confirm did not return true. */
export interface Cancelled { cancelled: true; id: string }
/** Decides whether to delete; only `true` deletes. */
export type ConfirmFn = (webhook: Webhook) => boolean | Promise<boolean>;
/** The record deleteWithBackup stores before deleting. */
export interface WebhookBackup { webhook: Webhook; backedUpAt: string; deletedBy: string }
/** What deleteWithBackup resolves to: the delete result and the backup that was stored first. */
export interface DeleteWithBackupResult extends DeleteResult { backup: WebhookBackup }
/** Stores a backup; throwing or rejecting stops the delete. */
export type BackupStore = (backup: WebhookBackup) => void | Promise<void>;

/** What went wrong. */
export type ErrorCode =
  | "invalid_input" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "rate_limited"
  | "server_error" | "http_error" | "network" | "timeout" | "aborted" | "decode" | "backup_failed";
/** The short form of an error, kept in bulk results and audit entries. */
export interface WebhookErrorInfo { code: ErrorCode; message: string; status: number | null }
/** Every rejection of this library: a real Error with name "WebhookError". */
export interface WebhookError extends Error {
  name: "WebhookError";
  code: ErrorCode;
  status: number | null;
  webhookId: string | null;
  requestId: string | null;
  retryAfterMs: number | null;
  attempts: number;
  /** The last answer's body: parsed JSON, or the text when it was not JSON. */
  body: unknown;
}

/** How a delete call ended, as audited. */
export type AuditOutcome = "deleted" | "not_found" | "conflict" | "failed" | "cancelled" | "aborted";
/** One audit record. */
export interface AuditEntry {
  webhookId: string; action: "delete"; outcome: AuditOutcome; success: boolean;
  deletedAt: string; deletedBy: string; attempts: number; durationMs: number;
  finalStatistics: FinalStatistics | null; requestId: string | null; error: WebhookErrorInfo | null;
}
/** Receives each audit entry; throwing or rejecting keeps the entry pending for flush(). */
export type AuditSink = (entry: AuditEntry) => void | Promise<void>;
/** Options of new AuditLog(...). */
export interface AuditLogOptions { sink?: AuditSink; maxEntries?: number }
"#;

#[wasm_bindgen]
extern "C" {
    /// `CallOptions`, as an optional last argument.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptionsArg;
    /// `ListOptions`, as an optional argument.
    #[wasm_bindgen(typescript_type = "ListOptions")]
    pub type ListOptionsArg;
    /// `ListAllOptions`, as an optional argument.
    #[wasm_bindgen(typescript_type = "ListAllOptions")]
    pub type ListAllOptionsArg;
    /// `BulkOptions`, as an optional argument.
    #[wasm_bindgen(typescript_type = "BulkOptions")]
    pub type BulkOptionsArg;
    /// `DeleteInactiveOptions`, as an optional argument.
    #[wasm_bindgen(typescript_type = "DeleteInactiveOptions")]
    pub type DeleteInactiveOptionsArg;
    /// `AuditLogOptions`, as an optional argument.
    #[wasm_bindgen(typescript_type = "AuditLogOptions")]
    pub type AuditLogOptionsArg;
}
