// webhook-delete/node: file helpers for Node.js.
//   fileSink(path, { fsync })  an AuditSink that appends each entry as one JSON line to a file
//   readAuditFile(path)        reads such a file back into AuditEntry objects
//   auditLogFromFile(path)     reads it back into an AuditLog (AuditLog.fromJSONL)
//   fileJournal(path)          a BulkJournal in a file: makes a bulk run resumable after a crash
// This is the one implementation; node-sink.mjs re-exports it for ES modules.
//
// Both writers use group commit: calls that arrive while a write is in progress are queued and go
// out together in the next write (one datasync for the lot), in call order, never interleaved.
// Before its first write each writer repairs the file's tail: a last line without its newline
// was torn by a crash mid-append (its write never resolved), so it is cut off, or terminated when
// it is complete JSON. Appends after it then start on a line of their own.

"use strict";

const { open, readFile } = require("node:fs/promises");
const { dirname } = require("node:path");
const { AuditLog } = require("./node/webhook_delete.js");

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

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

/**
 * Calls `onLine(bytes, offset, terminated)` for every line of the open file, reading it a chunk at
 * a time: `bytes` is the line without its newline (valid during the call only), `offset` where it
 * begins, `terminated` false for a last line without a newline. Only one line is held in memory.
 */
async function forEachLine(handle, onLine) {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let position = 0;
  let lineStart = 0;
  let pieces = [];
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
    if (bytesRead === 0) break;
    const data = chunk.subarray(0, bytesRead);
    let from = 0;
    for (let nl = data.indexOf(NEWLINE); nl !== -1; nl = data.indexOf(NEWLINE, from)) {
      const piece = data.subarray(from, nl);
      const line = pieces.length === 0 ? piece : Buffer.concat([...pieces, piece]);
      pieces = [];
      const pending = onLine(line, lineStart, true);
      if (pending) await pending;
      from = nl + 1;
      lineStart = position + from;
    }
    if (from < bytesRead) pieces.push(Buffer.from(data.subarray(from)));
    position += bytesRead;
  }
  if (pieces.length > 0) await onLine(Buffer.concat(pieces), lineStart, false);
}

/** The line starting at `offset` (without its newline), or null at the end of the file. */
async function readLineAt(handle, offset) {
  const pieces = [];
  const chunk = Buffer.allocUnsafe(4096);
  for (let position = offset; ; ) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) break;
    const data = chunk.subarray(0, bytesRead);
    const nl = data.indexOf(NEWLINE);
    pieces.push(Buffer.from(nl === -1 ? data : data.subarray(0, nl)));
    if (nl !== -1) break;
    position += bytesRead;
  }
  return pieces.length === 0 ? null : Buffer.concat(pieces).toString("utf8");
}

/** JSON.parse, or undefined when `text` is not JSON. */
function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Repairs the tail of a file opened for reading and appending: a last line without its newline
 * is cut off when it is not JSON (torn by a crash mid-append) and terminated when it is.
 */
async function repairTail(handle) {
  const { size } = await handle.stat();
  if (size === 0) return;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return;
  // Find where the last line starts, reading backwards.
  const chunk = Buffer.allocUnsafe(CHUNK);
  let lineStart = 0;
  for (let end = size; end > 0; ) {
    const from = Math.max(0, end - CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, end - from, from);
    const nl = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (nl !== -1) {
      lineStart = from + nl + 1;
      break;
    }
    end = from;
  }
  const text = await readLineAt(handle, lineStart);
  if (text !== null && text.trim() !== "" && parseOrUndefined(text) !== undefined) {
    await appendAll(handle, Buffer.from("\n"));
  } else {
    await handle.truncate(lineStart);
  }
}

// ---------------------------------------------------------------------------------------------
// Ids already recorded as deleted
// ---------------------------------------------------------------------------------------------

let hashHi = 0;
let hashLo = 0;

/** A 64-bit hash of `text` (into hashHi, hashLo): two 32-bit lanes mixed into each other. */
function hash64(text) {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  hashHi = h1 >>> 0;
  hashLo = h2 >>> 0;
}

/**
 * The webhook ids a file holds a `deleted` entry for, in 16 bytes a slot: the id's 64-bit hash and
 * the byte offset of its line (open addressing in typed arrays, at most 3/4 full). A hash match
 * is only a candidate: the line is read back at its offset and compared exactly, so a collision
 * never drops a real entry.
 */
class DeletedIndex {
  constructor() {
    this.count = 0;
    this.allocate(1024);
  }

  allocate(capacity) {
    this.mask = capacity - 1;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.offset = new Float64Array(capacity).fill(-1);
  }

  /** Notes that the line at `offset` is a `deleted` entry of `id`. */
  add(id, offset) {
    hash64(id);
    this.insert(hashHi, hashLo, offset);
  }

  insert(hi, lo, offset) {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    let slot = lo & this.mask;
    while (this.offset[slot] !== -1) slot = (slot + 1) & this.mask;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.offset[slot] = offset;
    this.count++;
  }

  grow() {
    const { hi, lo, offset } = this;
    this.allocate((this.mask + 1) * 2);
    this.count = 0;
    for (let i = 0; i < offset.length; i++) if (offset[i] !== -1) this.insert(hi[i], lo[i], offset[i]);
  }

  /** Offsets of the lines whose id has the same hash as `id`. */
  candidates(id) {
    hash64(id);
    const found = [];
    for (let slot = hashLo & this.mask; this.offset[slot] !== -1; slot = (slot + 1) & this.mask) {
      if (this.hi[slot] === hashHi && this.lo[slot] === hashLo) found.push(this.offset[slot]);
    }
    return found;
  }

  /** Whether the file open as `handle` holds a `deleted` entry of `id`, confirmed on disk. */
  async has(handle, id) {
    for (const offset of this.candidates(id)) {
      const line = await readLineAt(handle, offset);
      const entry = line === null ? undefined : parseOrUndefined(line);
      if (isDeletedEntry(entry) && entry.webhookId === id) return true;
    }
    return false;
  }

  /** Reads the `deleted` entries a file already holds (streamed, a line at a time). */
  static async load(handle) {
    const index = new DeletedIndex();
    const marker = Buffer.from('"deleted"');
    await forEachLine(handle, (bytes, offset, terminated) => {
      if (!terminated || !bytes.includes(marker)) return;
      const entry = parseOrUndefined(bytes.toString("utf8"));
      if (isDeletedEntry(entry)) index.add(entry.webhookId, offset);
    });
    return index;
  }
}

/** Whether `value` is an audit entry that records a deleted webhook. */
function isDeletedEntry(value) {
  return value !== null && typeof value === "object" && value.outcome === "deleted" && typeof value.webhookId === "string";
}

// ---------------------------------------------------------------------------------------------
// fileSink
// ---------------------------------------------------------------------------------------------

/**
 * Appends `bytes` to a file whose size was `size`, datasynced when `sync`. A write that fails
 * leaves no part of itself behind (the file is cut back to `size`), so it can be redelivered whole.
 */
async function appendWhole(handle, size, bytes, sync) {
  try {
    await appendAll(handle, bytes);
    if (sync) await handle.datasync();
  } catch (err) {
    await handle.truncate(size).catch(() => {});
    throw err;
  }
}

/**
 * An audit sink appending `JSON.stringify(entry) + "\n"` to `path` (created when missing).
 *
 * Group commit: entries that arrive while a write is in progress go out together in the next
 * write (with `fsync`, one datasync per write), in call order. A failed write rejects every
 * entry of that write and those queued behind it; the AuditLog keeps them pending for `flush()`.
 *
 * At most one `deleted` entry per webhook id: a deleted webhook cannot be deleted again, so a
 * second one is the replay of an entry written just before a crash, and the sink resolves
 * without writing it. The ids come from the file itself (streamed once, before the first
 * `deleted` entry is written) and from this sink's own writes. Other outcomes are all written.
 * One sink per file at a time: entries another live process appends are not seen.
 */
function fileSink(path, options = {}) {
  if (typeof path !== "string" || path === "") throw new TypeError("fileSink: path must be a non-empty string");
  const fsync = options?.fsync === true;
  let closed = false;
  let tailRepaired = false;
  let directorySynced = false;
  /** @type {DeletedIndex | null} */
  let deleted = null;

  const writer = groupCommit(async (take) => {
    const handle = await open(path, "a+");
    try {
      if (!tailRepaired) {
        await repairTail(handle);
        tailRepaired = true;
      }
      const batch = take();
      // The file is read for its deleted ids once, before the first `deleted` entry is written.
      if (deleted === null && batch.some(({ payload }) => payload.deletedId !== null)) {
        deleted = await DeletedIndex.load(handle);
      }
      const { size } = await handle.stat();
      const lines = [];
      const added = [];
      const inBatch = new Set();
      let offset = size;
      for (const { payload } of batch) {
        const id = payload.deletedId;
        if (id !== null) {
          if (inBatch.has(id) || (await deleted.has(handle, id))) continue;
          inBatch.add(id);
          added.push([id, offset]);
        }
        lines.push(payload.line);
        offset += Buffer.byteLength(payload.line);
      }
      if (lines.length === 0) return;
      await appendWhole(handle, size, Buffer.from(lines.join("")), fsync);
      if (fsync && !directorySynced) {
        await syncDirectory(path);
        directorySynced = true;
      }
      for (const [id, at] of added) deleted.add(id, at);
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
    const deletedId = isDeletedEntry(entry) ? entry.webhookId : null;
    return writer.push({ line: line + "\n", deletedId });
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

/**
 * Reads an audit JSONL file a line at a time. Blank lines are skipped; a malformed line throws
 * naming its number, except a last line without its newline that is not JSON: that one was torn
 * by a crash mid-append, and is reported as `torn` (a non-enumerable property of the array,
 * `{ line, text }` or null) instead of failing the whole file.
 */
async function readAuditFile(path) {
  const entries = [];
  let torn = null;
  const handle = await open(path, "r");
  try {
    let lineNo = 0;
    await forEachLine(handle, (bytes, _offset, terminated) => {
      lineNo++;
      let line = bytes.toString("utf8");
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (line.trim() === "") return;
      let value;
      try {
        value = JSON.parse(line);
      } catch (err) {
        if (!terminated) {
          torn = { line: lineNo, text: line };
          return;
        }
        throw new Error(`${path}: line ${lineNo} is not valid JSON: ${err.message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Error(`${path}: line ${lineNo} is not a JSON object`);
      }
      entries.push(value);
    });
  } finally {
    await handle.close();
  }
  Object.defineProperty(entries, "torn", { value: torn, enumerable: false, writable: false, configurable: false });
  return entries;
}

/** `text` without a torn last line (no newline after it, not JSON). */
function withoutTornLine(text) {
  if (text === "" || text.endsWith("\n")) return text;
  const start = text.lastIndexOf("\n") + 1;
  const last = text.slice(start);
  if (last.trim() === "" || parseOrUndefined(last) !== undefined) return text;
  return text.slice(0, start);
}

/** Reads an audit JSONL file into a new AuditLog (without a sink); a torn last line is left out. */
async function auditLogFromFile(path) {
  return AuditLog.fromJSONL(withoutTornLine(await readFile(path, "utf8")));
}

// ---------------------------------------------------------------------------------------------
// fileJournal
// ---------------------------------------------------------------------------------------------

/**
 * A BulkJournal kept in the file at `path`. `read()` resolves to the file's text ("" while it
 * does not exist). `append(lines)` resolves once the lines are durable: written and datasynced,
 * and on the first append the directory synced too (so a file just created survives power
 * loss). Appends are serialised in call order and committed in groups: those queued while a
 * write is in progress share the next write and its datasync. Each append ends on a line
 * boundary (a newline is added when `lines` does not end with one).
 */
function fileJournal(path) {
  if (typeof path !== "string" || path === "") throw new TypeError("fileJournal: path must be a non-empty string");
  let tailRepaired = false;
  let directorySynced = false;

  const writer = groupCommit(async (take) => {
    const handle = await open(path, "a+");
    try {
      if (!tailRepaired) {
        await repairTail(handle);
        tailRepaired = true;
      }
      const batch = take();
      const { size } = await handle.stat();
      await appendWhole(handle, size, Buffer.from(batch.map((item) => item.payload).join("")), true);
      if (!directorySynced) {
        await syncDirectory(path);
        directorySynced = true;
      }
    } finally {
      await handle.close();
    }
  });

  return {
    async read() {
      try {
        return await readFile(path, "utf8");
      } catch (err) {
        if (err?.code === "ENOENT") return "";
        throw err;
      }
    },
    append(lines) {
      if (typeof lines !== "string") return Promise.reject(new TypeError("fileJournal: append(lines) takes a string"));
      if (lines === "") return writer.idle();
      return writer.push(lines.endsWith("\n") ? lines : lines + "\n");
    },
  };
}

module.exports = { fileSink, readAuditFile, auditLogFromFile, fileJournal };
