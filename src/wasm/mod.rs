//! The JavaScript-facing layer: host bindings, conversions, and the exported classes.

mod audit_log;
mod client;
mod convert;
mod host;
mod input;
mod types;
