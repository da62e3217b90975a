// Typings of `webhook-delete/node` (node-sink.mjs and node-sink.cjs).
import type { AuditEntry, AuditLog, AuditSink } from "./node/webhook_delete.js";

/** Options of fileSink(). */
export interface FileSinkOptions {
    /** Datasync after each write, so an entry is on disk before the sink resolves (default false). */
    fsync?: boolean;
}

/**
 * An AuditSink that appends one JSON line per entry to a file. Entries that arrive while a write
 * is in progress go out together in the next write (with `fsync`, one datasync per write), in
 * call order, never interleaved. A failed write rejects its entries and those queued behind
 * them, so the AuditLog keeps them for `flush()` and the file stays in call order.
 */
export interface FileSink extends AuditSink {
    /** Appends the entry as one line; resolves once written (and synced with `fsync`), rejects on a write error. */
    (entry: AuditEntry): Promise<void>;
    /** Waits for the queued writes; later entries are rejected (and stay pending in the log). */
    close(): Promise<void>;
}

/** Creates a JSON Lines file sink appending to `path` (the file is created when missing). */
export function fileSink(path: string, options?: FileSinkOptions): FileSink;

/** Reads a JSON Lines audit file; blank lines are skipped, a malformed line throws an Error naming its line number. */
export function readAuditFile(path: string): Promise<AuditEntry[]>;

/** Reads a JSON Lines audit file into a new AuditLog without a sink (via AuditLog.fromJSONL). */
export function auditLogFromFile(path: string): Promise<AuditLog>;
