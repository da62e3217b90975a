// webhook-delete/node: audit helpers for Node.js.
//   fileSink(path, { fsync })  an AuditSink that appends each entry as one JSON line to a file
//   readAuditFile(path)        reads such a file back into AuditEntry objects
//   auditLogFromFile(path)     reads it back into an AuditLog (AuditLog.fromJSONL)
// This is the one implementation; node-sink.mjs re-exports it for ES modules.

"use strict";

const { appendFile, open, readFile } = require("node:fs/promises");
const { AuditLog } = require("./node/webhook_delete.js");

/**
 * An audit sink appending `JSON.stringify(entry) + "\n"` to `path` (created when missing).
 * Writes are serialised in call order, so concurrent calls never interleave; a failed write
 * rejects, which keeps the entry pending in the AuditLog until `flush()` redelivers it.
 */
function fileSink(path, options = {}) {
  if (typeof path !== "string" || path === "") throw new TypeError("fileSink: path must be a non-empty string");
  const fsync = options?.fsync === true;
  let tail = Promise.resolve();
  let closed = false;

  async function write(line) {
    if (!fsync) {
      await appendFile(path, line, { encoding: "utf8", flag: "a" });
      return;
    }
    const handle = await open(path, "a");
    try {
      await handle.appendFile(line, "utf8");
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  function sink(entry) {
    if (closed) return Promise.reject(new Error(`fileSink: ${path} is closed`));
    let line;
    try {
      line = JSON.stringify(entry);
    } catch (err) {
      return Promise.reject(err);
    }
    if (typeof line !== "string") return Promise.reject(new TypeError("fileSink: entry is not serialisable as JSON"));
    const done = tail.then(() => write(line + "\n"));
    tail = done.catch(() => {});
    return done;
  }

  /** Waits for the writes already queued; later calls reject. Idempotent. */
  sink.close = function close() {
    closed = true;
    return tail;
  };
  return sink;
}

/** Reads an audit JSONL file; blank lines are skipped, a malformed line throws naming its number. */
async function readAuditFile(path) {
  const text = await readFile(path, "utf8");
  const entries = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === "") continue;
    let value;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}: line ${i + 1} is not valid JSON: ${err.message}`);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${path}: line ${i + 1} is not a JSON object`);
    }
    entries.push(value);
  }
  return entries;
}

/** Reads an audit JSONL file into a new AuditLog (without a sink). */
async function auditLogFromFile(path) {
  return AuditLog.fromJSONL(await readFile(path, "utf8"));
}

module.exports = { fileSink, readAuditFile, auditLogFromFile };
