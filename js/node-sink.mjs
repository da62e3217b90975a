// webhook-delete/node for ES modules: the same functions as node-sink.cjs, the one implementation.
//   fileSink(path, { fsync })  an AuditSink that appends each entry as one JSON line to a file
//   readAuditFile(path)        reads such a file back into AuditEntry objects
//   auditLogFromFile(path)     reads it back into an AuditLog (AuditLog.fromJSONL)
//   fileJournal(path)          a BulkJournal in a file: makes a bulk run resumable after a crash
import sink from "./node-sink.cjs";

export const { fileSink, readAuditFile, auditLogFromFile, fileJournal } = sink;
