//! The operations, written once over the [`Env`](crate::core::env::Env) seam: single deletes,
//! the one bulk scheduler and what runs on it (deletes by id, by rule, by plan; restores),
//! selection by rule, plans, restores and resumable journals. Imports every other folder; nothing
//! imports it but the host layer.

pub mod bulk;
pub mod ctx;
pub mod ids;
pub mod journal;
pub mod plan;
pub mod pool;
pub mod restore;
pub mod select;
pub mod single;

pub use ctx::Ctx;
