// webhook-delete/node: file helpers for Node.js.
//   fileSink(path, { fsync })  an AuditSink that appends each entry as one JSON line to a file
//   readAuditFile(path)        reads such a file back into AuditEntry objects
//   auditLogFromFile(path)     reads it back into an AuditLog (AuditLog.fromJSONL)
// This is the one implementation; node-sink.mjs re-exports it for ES modules.
//
// The sink uses group commit: calls that arrive while a write is in progress are queued and go
// out together in the next write (one datasync for the lot), in call order, never interleaved.

"use strict";

const { open, readFile } = require("node:fs/promises");
const { dirname } = require("node:path");
const { AuditLog } = require("./node/webhook_delete.js");

// ---------------------------------------------------------------------------------------------
// Group commit
// ---------------------------------------------------------------------------------------------

/**
 * A queue that hands what was queued to `round(take)` one round at a time. `take()` returns every
 * item queued so far (the round calls it once its file is open, so the items queued meanwhile
 * join). A round that throws rejects its items and every item queued behind them, so that a
 * caller who delivers them again (as AuditLog.flush() does) keeps the file in call order.
 */
function groupCommit(round) {
  let queue = [];
  let running = null;

  const take = () => {
    const items = queue;
    queue = [];
    return items;
  };

  async function run() {
    while (queue.length > 0) {
      let taken = [];
      try {
        await round(() => (taken = take()));
        for (const item of taken) item.resolve();
      } catch (err) {
        for (const item of taken.concat(take())) item.reject(err);
      }
    }
    running = null;
  }

  return {
    /** Queues `payload`; resolves once a round has written it. */
    push(payload) {
      return new Promise((resolve, reject) => {
        queue.push({ payload, resolve, reject });
        running ??= run();
      });
    },
    /** Resolves once everything queued so far has been handled. */
    idle: () => running ?? Promise.resolve(),
  };
}

// ---------------------------------------------------------------------------------------------
// File primitives
// ---------------------------------------------------------------------------------------------

/** Appends all of `buffer` at the end of the file (the handle is opened in append mode). */
async function appendAll(handle, buffer) {
  let done = 0;
  while (done < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, done, buffer.length - done, null);
    done += bytesWritten;
  }
}

/** Makes the directory entry of `path` durable (where the platform can sync a directory). */
async function syncDirectory(path) {
  if (process.platform === "win32") return;
  let dir;
  try {
    dir = await open(dirname(path), "r");
    await dir.sync();
  } catch (err) {
    if (!["EISDIR", "EINVAL", "ENOTSUP", "EPERM", "EACCES"].includes(err?.code)) throw err;
  } finally {
    await dir?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// fileSink
// ---------------------------------------------------------------------------------------------

/**
 * An audit sink appending `JSON.stringify(entry) + "\n"` to `path` (created when missing).
 *
 * Group commit: entries that arrive while a write is in progress go out together in the next
 * write (with `fsync`, one datasync per write), in call order. A failed write rejects every
 * entry of that write and those queued behind it; the AuditLog keeps them pending for `flush()`.
 */
function fileSink(path, options = {}) {
  if (typeof path !== "string" || path === "") throw new TypeError("fileSink: path must be a non-empty string");
  const fsync = options?.fsync === true;
  let closed = false;
  let directorySynced = false;

  const writer = groupCommit(async (take) => {
    const handle = await open(path, "a");
    try {
      const batch = take();
      const { size } = await handle.stat();
      try {
        await appendAll(handle, Buffer.from(batch.map((item) => item.payload).join("")));
        if (fsync) await handle.datasync();
      } catch (err) {
        // Leave no part of a failed write behind: it is redelivered whole.
        await handle.truncate(size).catch(() => {});
        throw err;
      }
      if (fsync && !directorySynced) {
        await syncDirectory(path);
        directorySynced = true;
      }
    } finally {
      await handle.close();
    }
  });

  function sink(entry) {
    if (closed) return Promise.reject(new Error(`fileSink: ${path} is closed`));
    let line;
    try {
      line = JSON.stringify(entry);
    } catch (err) {
      return Promise.reject(err);
    }
    if (typeof line !== "string") return Promise.reject(new TypeError("fileSink: entry is not serialisable as JSON"));
    return writer.push(line + "\n");
  }

  /** Waits for the writes already queued; later calls reject. Idempotent. */
  sink.close = function close() {
    closed = true;
    return writer.idle();
  };
  return sink;
}

// ---------------------------------------------------------------------------------------------
// Reading audit files
// ---------------------------------------------------------------------------------------------

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
