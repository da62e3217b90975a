//! Decoding what callers pass (option objects, filters, plans, backups) into typed settings.
//! Every refusal is an `invalid_input` error that names the field (`options.retry.maxRetries
//! must be an integer from 0 to 100`) and never quotes the API key. Imports `model`, `text` and
//! `http` (the retry policy and dialects it configures).

pub mod calls;
pub mod client;
pub mod decode;
pub mod fields;
pub mod filter;
