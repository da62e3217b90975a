//! Talking to the API: the dialects (URLs and auth), the answer shapes on the wire, the servers'
//! error bodies, the one retry policy and the client-wide gate (pacing and 429 pauses). Imports
//! `text`, `model` and the `env` seam.

pub mod answer;
pub mod dialect;
pub mod gate;
pub mod retry;
pub mod wire;
