//! The audit log: one entry per delete or restore call, kept in memory until the host's sink
//! has taken it. Imports only `model`.

pub mod entry;
pub mod log;

pub use entry::{AuditAction, AuditEntry, AuditOutcome};
pub use log::{AuditLog, Delivery};
