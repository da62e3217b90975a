// Watches what Node's promise-based file handles do (write, datasync, sync), so tests can check
// how writers commit: how many appends, how many datasyncs, in what order relative to the
// promises they resolve. Wraps FileHandle.prototype until restore() is called.
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";

/**
 * Starts watching. `onWrite(bytes)` (optional) runs synchronously as each write begins.
 * Returns { events, mark(label), restore() }: events are "write:<bytes>", "datasync", "sync"
 * (a whole-file sync, used on directories) and the labels given to mark(), in order.
 */
export async function spyFileHandles({ onWrite } = {}) {
  const probe = await open(tmpdir(), "r");
  const proto = Object.getPrototypeOf(probe);
  await probe.close();
  const original = { write: proto.write, datasync: proto.datasync, sync: proto.sync };
  const events = [];
  proto.write = function write(buffer, ...rest) {
    const length = typeof rest[1] === "number" ? rest[1] : Buffer.byteLength(buffer);
    events.push(`write:${length}`);
    onWrite?.(length);
    return original.write.call(this, buffer, ...rest);
  };
  proto.datasync = async function datasync() {
    await original.datasync.call(this);
    events.push("datasync");
  };
  proto.sync = async function sync() {
    await original.sync.call(this);
    events.push("sync");
  };
  return {
    events,
    mark: (label) => events.push(label),
    restore() {
      Object.assign(proto, original);
    },
  };
}
