// Typings of `webhook-delete/node` (node-sink.mjs and node-sink.cjs).
import type { AuditEntry, AuditLog, AuditSink, BulkJournal } from "./node/webhook_delete.js";

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
 *
 * The file keeps at most one `deleted` entry per webhook id: a second one (the replay of an entry
 * written just before a crash) resolves without being written. Other outcomes are all written.
 * Use one sink per file at a time.
 */
export interface FileSink extends AuditSink {
    /** Appends the entry as one line; resolves once written (and synced with `fsync`), rejects on a write error. */
    (entry: AuditEntry): Promise<void>;
    /** Waits for the queued writes; later entries are rejected (and stay pending in the log). */
    close(): Promise<void>;
}

/**
 * Creates a JSON Lines file sink appending to `path` (the file is created when missing). Before
 * its first write it cuts off a torn last line (no newline, not JSON) left by a crash mid-append.
 */
export function fileSink(path: string, options?: FileSinkOptions): FileSink;

/** A last line cut short by a crash mid-append: no newline after it, and not valid JSON. */
export interface TornLine {
    /** Its 1-based line number. */
    line: number;
    /** What the line holds. */
    text: string;
}

/** The entries of an audit file, in file order. */
export interface AuditFileEntries extends Array<AuditEntry> {
    /** The torn last line that was left out, or null (a non-enumerable property). */
    readonly torn: TornLine | null;
}

/**
 * Reads a JSON Lines audit file a line at a time; blank lines are skipped. A malformed line
 * throws an Error naming its line number, except a torn last line, which is left out and
 * reported as `torn`.
 */
export function readAuditFile(path: string): Promise<AuditFileEntries>;

/**
 * Reads a JSON Lines audit file into a new AuditLog without a sink (via AuditLog.fromJSONL). A
 * torn last line is left out; a malformed line elsewhere rejects with `invalid_input`.
 */
export function auditLogFromFile(path: string): Promise<AuditLog>;

/**
 * A BulkJournal in a file. `read()` resolves to the file's text ("" while it does not exist);
 * `append(lines)` resolves once the lines are durable (written and datasynced; on the first
 * append the directory is synced too). Appends queued while a write is in progress share the
 * next write and its datasync, in call order.
 */
export interface FileJournal extends BulkJournal {
    /** The file's text, or "" when it does not exist yet. */
    read(): Promise<string>;
    /** Appends `lines` (ending on a line boundary: a newline is added when missing); resolves once durable. */
    append(lines: string): Promise<void>;
}

/**
 * Creates a journal kept at `path` (created on the first append), for `deleteMany(ids, { journal })`.
 * Before its first append it cuts off a torn last line (no newline, not JSON) left by a crash.
 */
export function fileJournal(path: string): FileJournal;
