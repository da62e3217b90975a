//! The two API dialects: where requests go and how the key is sent.

use crate::core::model::Provider;
use crate::core::text::id::encode_segment;
use std::fmt::Write;

/// Which header carries the API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `x-api-key: KEY`
    ApiKeyHeader,
    /// `Authorization: Bearer KEY`
    Bearer,
}

impl AuthScheme {
    /// The header name and value for `key`.
    pub fn header(self, key: &str) -> (&'static str, String) {
        match self {
            AuthScheme::ApiKeyHeader => ("x-api-key", key.to_string()),
            AuthScheme::Bearer => ("authorization", format!("Bearer {key}")),
        }
    }

    /// `"x-api-key"` or `"bearer"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::ApiKeyHeader => "x-api-key",
            AuthScheme::Bearer => "bearer",
        }
    }
}

/// The query of an attempts listing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AttemptQuery {
    /// The page's cursor.
    pub cursor: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// Only attempts of this event type.
    pub event_type: Option<String>,
    /// Only successful (or only failed) attempts.
    pub successful: Option<bool>,
}

impl Provider {
    /// The base URL used when none is given.
    pub fn default_base_url(self) -> Option<&'static str> {
        match self {
            Provider::Exa => Some("https://api.exa.ai/websets"),
            Provider::Generic => None,
        }
    }

    /// The auth header used when `auth` is not given.
    pub fn default_auth(self) -> AuthScheme {
        match self {
            Provider::Exa => AuthScheme::ApiKeyHeader,
            Provider::Generic => AuthScheme::Bearer,
        }
    }

    /// Largest page size the dialect accepts.
    pub fn max_limit(self) -> u32 {
        match self {
            Provider::Exa => 200,
            Provider::Generic => 1000,
        }
    }

    /// The page size used when following every page and the caller set none: Exa's largest
    /// (its own default is 25), the generic API's own default otherwise.
    pub fn bulk_page_size(self) -> Option<u32> {
        match self {
            Provider::Exa => Some(200),
            Provider::Generic => None,
        }
    }

    /// Whether the dialect reports delivery attempts (Exa) rather than delivery fields.
    pub fn has_attempts(self) -> bool {
        self == Provider::Exa
    }

    /// The collection's URL (list, create).
    pub fn collection_url(self, base: &str) -> String {
        match self {
            Provider::Exa => format!("{base}/v0/webhooks"),
            Provider::Generic => format!("{base}/webhooks"),
        }
    }

    /// The URL of one webhook; the id is always one percent-encoded path segment.
    pub fn item_url(self, base: &str, id: &str) -> String {
        format!("{}/{}", self.collection_url(base), encode_segment(id))
    }

    /// The URL of a list page.
    pub fn list_url(self, base: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
        let mut url = self.collection_url(base);
        let mut query = Query::default();
        query.text("cursor", cursor);
        query.number("limit", limit);
        query.append_to(&mut url);
        url
    }

    /// The URL of a page of one webhook's delivery attempts (Exa).
    pub fn attempts_url(self, base: &str, id: &str, q: &AttemptQuery) -> String {
        let mut url = format!("{}/attempts", self.item_url(base, id));
        let mut query = Query::default();
        query.text("cursor", q.cursor.as_deref());
        query.number("limit", q.limit);
        query.text("eventType", q.event_type.as_deref());
        query.text(
            "successful",
            q.successful.map(|b| if b { "true" } else { "false" }),
        );
        query.append_to(&mut url);
        url
    }
}

/// A query string of present parameters, each value percent-encoded.
#[derive(Default)]
struct Query(String);

impl Query {
    fn text(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            let sep = if self.0.is_empty() { '?' } else { '&' };
            let _ = write!(self.0, "{sep}{name}={}", encode_segment(v));
        }
    }

    fn number(&mut self, name: &str, value: Option<u32>) {
        if let Some(n) = value {
            let sep = if self.0.is_empty() { '?' } else { '&' };
            let _ = write!(self.0, "{sep}{name}={n}");
        }
    }

    fn append_to(self, url: &mut String) {
        url.push_str(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_per_dialect() {
        let exa = Provider::Exa.default_base_url().unwrap();
        assert_eq!(
            Provider::Exa.item_url(exa, "wh/1"),
            "https://api.exa.ai/websets/v0/webhooks/wh%2F1"
        );
        assert_eq!(
            Provider::Generic.item_url("http://localhost:1", "w 1"),
            "http://localhost:1/webhooks/w%201"
        );
        assert_eq!(
            Provider::Exa.list_url("b", Some("c&d"), Some(50)),
            "b/v0/webhooks?cursor=c%26d&limit=50"
        );
        assert_eq!(Provider::Generic.list_url("b", None, None), "b/webhooks");
        let q = AttemptQuery {
            limit: Some(1),
            successful: Some(false),
            event_type: Some("webset.created".into()),
            cursor: None,
        };
        assert_eq!(
            Provider::Exa.attempts_url("b", "w", &q),
            "b/v0/webhooks/w/attempts?limit=1&eventType=webset.created&successful=false"
        );
    }

    #[test]
    fn auth_headers() {
        assert_eq!(
            AuthScheme::ApiKeyHeader.header("k"),
            ("x-api-key", "k".to_string())
        );
        assert_eq!(
            AuthScheme::Bearer.header("k"),
            ("authorization", "Bearer k".to_string())
        );
    }
}
