//! `webhook-delete`: delete webhook subscriptions through HTTP APIs safely — one at a time, in
//! bulk, by rule or by reviewed plan — with confirmation, backup and restore, retries that honour
//! the server, resumable runs, and an audit log that never loses an entry.
//!
//! - [`core`]: pure Rust (options, dialects, the retry policy, the bulk scheduler, selection,
//!   plans, restores, journals, the audit log, errors), tested natively through a fake host.
//! - `wasm` (wasm32 only): the JavaScript-facing layer — the fetch transport on web-sys and
//!   gloo-net, timers and abort signals, serde-wasm-bindgen conversions, and the exported classes.

#![warn(missing_docs)]
// Errors carry the server's whole answer (status, request id, body) for the caller; they are built
// once per failed call, never on a hot path, so they are returned by value rather than boxed.
#![allow(clippy::result_large_err, clippy::large_enum_variant)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(target_arch = "wasm32")]
pub use wasm::{local_storage_sink, AuditLog, WebhookClient};
