//! The JavaScript-facing layer: host bindings, conversions, and the exported classes.

pub(crate) mod audit_log;
pub(crate) mod client;
mod convert;
mod host;
mod input;
pub(crate) mod types;
pub use audit_log::AuditLog;
pub use client::{local_storage_sink_for as local_storage_sink, WebhookClient};
