//! The pure-Rust core: no wasm types, tested natively through a fake [`env::Env`]. Its folders,
//! each depending only on those listed before it:
//!
//! - [`text`]: ids, dates, URL globs, key redaction;
//! - [`model`]: the contract's shapes, with their serde forms;
//! - [`audit`]: audit entries and the log's memory;
//! - [`fields`] and [`env`]: the seam to the host (objects read field by field; one HTTP
//!   attempt, timers, the audit log);
//! - [`http`]: dialects, wire shapes, error bodies, the retry policy and the client-wide gate;
//! - [`options`]: decoding options, filters, plans and backups into typed settings;
//! - [`ops`]: the operations, from one delete to resumable bulk runs and restores.

pub mod audit;
pub mod env;
pub mod fields;
pub mod http;
pub mod model;
pub mod ops;
pub mod options;
pub mod text;

#[cfg(test)]
mod testing;
