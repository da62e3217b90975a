//! Text the library reads and writes by its own rules: webhook ids, dates, URL globs and the
//! redaction of the API key. Imports nothing else of the core.

pub mod glob;
pub mod id;
pub mod redact;
pub mod time;
