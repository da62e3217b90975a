//! The JavaScript-facing layer: a thin adapter from the core to `fetch`, timers, abort signals
//! and JavaScript values. Every method decodes its arguments (in the core), calls the core and
//! converts the answer; nothing here decides how deletes, retries or bulk runs behave.

mod abort;
mod audit_log;
mod body;
mod callbacks;
mod client;
mod convert;
mod env;
mod fields;
mod free;
mod journal;
mod sources;
mod timers;
mod transport;
mod types;

pub use audit_log::AuditLog;
pub use client::WebhookClient;
pub use free::local_storage_sink;
