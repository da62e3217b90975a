//! The names of the two API dialects (their behaviour is in `http::dialect`).

use serde::{Deserialize, Serialize};

/// An API dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Exa Websets: `/v0/webhooks/{id}`, `x-api-key`, cursor-paginated list, delivery attempts.
    Exa,
    /// The generic `/webhooks/{id}` API of the second source document, Bearer auth.
    Generic,
}

impl Provider {
    /// `"exa"` or `"generic"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Exa => "exa",
            Provider::Generic => "generic",
        }
    }
}
