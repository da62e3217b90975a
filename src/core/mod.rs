//! The pure-Rust core: no wasm types, tested natively through a fake [`env::Env`].

pub mod audit;
pub mod bulk;
pub mod env;
pub mod error;
pub mod id;
pub mod inactive;
pub mod json;
pub mod model;
pub mod ops;
pub mod options;
pub mod provider;
pub mod retry;
pub mod stats;
pub mod time;

#[cfg(test)]
mod fake;
#[cfg(test)]
mod tests;
