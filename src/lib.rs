//! `webhook-delete`: delete webhook subscriptions through HTTP APIs safely — one at a time, in
//! bulk, or by rule — with confirmation, backup, retries that honour the server, and an audit log
//! that never loses an entry.
//!
//! - [`core`]: pure Rust (options, providers, the retry policy, bulk scheduling, the audit log,
//!   errors), tested natively through a fake environment.
//! - `wasm` (wasm32 only): the JavaScript-facing layer — fetch transport, timers and abort
//!   signals, conversions, and the `WebhookClient` / `AuditLog` classes.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
pub use wasm::{local_storage_sink, AuditLog, WebhookClient};
