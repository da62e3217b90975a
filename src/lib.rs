//! `webhook-delete`: delete webhook subscriptions through HTTP APIs safely — one at a time, in
//! bulk, or by rule — with confirmation, backup, retries that honour the server, and an audit log
//! that never loses an entry.
//!
//! - [`core`]: pure Rust (options, providers, the retry policy, bulk scheduling, the audit log,
//!   errors), tested natively through a fake environment.
//! - `wasm` (wasm32 only): the JavaScript-facing layer — fetch transport, timers and abort
//!   signals, conversions, and the `WebhookClient` / `AuditLog` classes.

#![warn(missing_docs)]
// Errors carry the server's whole answer (status, request id, body) for the caller; they are built
// once per failed call, never on a hot path, so they are returned by value rather than boxed.
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
pub use wasm::{local_storage_sink, AuditLog, WebhookClient};
