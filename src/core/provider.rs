//! The two API dialects: where requests go, how the key is sent, and how answers map onto the
//! contract's shapes.

use super::error::{ErrorCode, WebhookError};
use super::id::{encode_query, encode_segment};
use super::json::Json;
use super::model::{DeleteResult, FinalStatistics, Webhook, WebhookPage, WebhookStatus};

/// An API dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    /// Exa Websets: `/v0/webhooks/{id}`, `x-api-key`, cursor-paginated list.
    Exa,
    /// The generic `/webhooks/{id}` API of the second source document, Bearer auth.
    Generic,
}

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
    pub fn max_limit(self) -> f64 {
        match self {
            Provider::Exa => 200.0,
            Provider::Generic => 1000.0,
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

    fn collection(self) -> &'static str {
        match self {
            Provider::Exa => "/v0/webhooks",
            Provider::Generic => "/webhooks",
        }
    }

    /// The URL of one webhook; the id is always one percent-encoded path segment.
    pub fn item_url(self, base: &str, id: &str) -> String {
        format!("{base}{}/{}", self.collection(), encode_segment(id))
    }

    /// The URL of a list page.
    pub fn list_url(self, base: &str, cursor: Option<&str>, limit: Option<u32>) -> String {
        let mut url = format!("{base}{}", self.collection());
        let mut sep = '?';
        if let Some(c) = cursor {
            url.push_str(&format!("{sep}cursor={}", encode_query(c)));
            sep = '&';
        }
        if let Some(l) = limit {
            url.push_str(&format!("{sep}limit={l}"));
        }
        url
    }

    /// Maps a 2xx answer to a DELETE onto a [`DeleteResult`]. A 2xx means the webhook is gone, so an
    /// empty or unexpected body still counts as deleted, with the details it lacks left null.
    pub fn delete_result(self, id: &str, body: &Json, now_iso: String) -> DeleteResult {
        let get_str = |k: &str| body.get(k).and_then(Json::as_str).map(str::to_string);
        let webhook = match self {
            Provider::Exa => parse_webhook(body).ok().map(Box::new),
            Provider::Generic => None,
        };
        DeleteResult {
            id: get_str("id").unwrap_or_else(|| id.to_string()),
            status: "deleted".to_string(),
            deleted_at: get_str("deleted_at").or_else(|| get_str("deletedAt")).unwrap_or(now_iso),
            message: get_str("message"),
            final_statistics: pick(body, "finalStatistics", "final_statistics").and_then(parse_final_statistics),
            webhook,
            attempts: 0,
            already_deleted: false,
            request_id: None,
        }
    }

    /// Maps a list answer onto a [`WebhookPage`] (Exa: `hasMore`/`nextCursor`; generic: `{data}`
    /// with optional `has_more`/`next_cursor` in either spelling).
    pub fn parse_page(self, body: &Json) -> Result<WebhookPage, WebhookError> {
        let obj = body.as_object().map(|_| body).ok_or_else(|| decode("the list answer is not a JSON object"))?;
        let data = pick(obj, "data", "data")
            .and_then(Json::as_array)
            .ok_or_else(|| decode("the list answer has no data array"))?;
        let data = data.iter().map(parse_webhook).collect::<Result<Vec<_>, _>>()?;
        let next_cursor = pick(obj, "nextCursor", "next_cursor").and_then(Json::as_str).map(str::to_string);
        let has_more = pick(obj, "hasMore", "has_more").and_then(Json::as_bool).unwrap_or(false);
        if has_more && next_cursor.is_none() {
            return Err(decode("the list answer has more pages but no next cursor"));
        }
        Ok(WebhookPage { data, has_more, next_cursor: if has_more { next_cursor } else { None } })
    }
}

fn decode(message: &str) -> WebhookError {
    WebhookError::new(ErrorCode::Decode, message)
}

fn pick<'a>(obj: &'a Json, camel: &str, snake: &str) -> Option<&'a Json> {
    obj.get(camel).or_else(|| obj.get(snake)).filter(|v| !v.is_null())
}

fn number(v: Option<&Json>) -> Option<f64> {
    v.and_then(Json::as_f64)
}

fn text(v: Option<&Json>) -> Option<String> {
    v.and_then(Json::as_str).map(str::to_string)
}

/// Normalises a webhook object of either dialect (camelCase or snake_case fields; `active: false`
/// or `status: "inactive"` is inactive).
pub fn parse_webhook(value: &Json) -> Result<Webhook, WebhookError> {
    let obj = value.as_object().map(|_| value).ok_or_else(|| decode("a webhook is not a JSON object"))?;
    let id = text(obj.get("id")).ok_or_else(|| decode("a webhook has no string id"))?;
    let inactive = obj.get("active").and_then(Json::as_bool) == Some(false)
        || obj.get("status").and_then(Json::as_str) == Some("inactive");
    // Metadata values are strings in both dialects; anything else is dropped rather than guessed at.
    let metadata = obj
        .get("metadata")
        .and_then(Json::as_object)
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    Ok(Webhook {
        id,
        url: text(obj.get("url")).unwrap_or_default(),
        events: obj
            .get("events")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
        status: if inactive { WebhookStatus::Inactive } else { WebhookStatus::Active },
        created_at: text(pick(obj, "createdAt", "created_at")),
        updated_at: text(pick(obj, "updatedAt", "updated_at")),
        last_delivery_at: text(pick(obj, "lastDeliveryAt", "last_delivery_at")),
        delivery_count: number(pick(obj, "deliveryCount", "delivery_count")),
        failure_count: number(pick(obj, "failureCount", "failure_count")),
        metadata,
    })
}

/// Maps the generic dialect's `final_statistics` (either spelling).
pub fn parse_final_statistics(value: &Json) -> Option<FinalStatistics> {
    let obj = value.as_object().map(|_| value)?;
    Some(FinalStatistics {
        total_deliveries: number(pick(obj, "totalDeliveries", "total_deliveries")).unwrap_or(0.0),
        total_failures: number(pick(obj, "totalFailures", "total_failures")).unwrap_or(0.0),
        success_rate: number(pick(obj, "successRate", "success_rate")).unwrap_or(0.0),
        last_delivery_at: text(pick(obj, "lastDeliveryAt", "last_delivery_at")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: serde_json::Value) -> Json {
        Json::parse(&v.to_string()).unwrap()
    }

    #[test]
    fn urls_per_dialect() {
        let exa = Provider::Exa.default_base_url().unwrap();
        assert_eq!(Provider::Exa.item_url(exa, "wh/1"), "https://api.exa.ai/websets/v0/webhooks/wh%2F1");
        assert_eq!(Provider::Generic.item_url("http://localhost:1", "w 1"), "http://localhost:1/webhooks/w%201");
        assert_eq!(Provider::Exa.list_url("b", Some("c&d"), Some(50)), "b/v0/webhooks?cursor=c%26d&limit=50");
        assert_eq!(Provider::Generic.list_url("b", None, None), "b/webhooks");
    }

    #[test]
    fn auth_headers() {
        assert_eq!(AuthScheme::ApiKeyHeader.header("k"), ("x-api-key", "k".to_string()));
        assert_eq!(AuthScheme::Bearer.header("k"), ("authorization", "Bearer k".to_string()));
    }

    #[test]
    fn generic_delete_maps_final_statistics() {
        let body = json(serde_json::json!({"id": "webhook_1", "status": "deleted", "message": "Webhook deleted successfully",
            "deleted_at": "2024-01-15T10:30:00Z", "final_statistics": {"total_deliveries": 1250,
            "total_failures": 3, "success_rate": 99.76, "last_delivery_at": "2024-01-15T10:25:00Z"}}));
        let r = Provider::Generic.delete_result("webhook_1", &body, "now".into());
        assert_eq!(r.deleted_at, "2024-01-15T10:30:00Z");
        assert_eq!(r.message.as_deref(), Some("Webhook deleted successfully"));
        let s = r.final_statistics.unwrap();
        assert_eq!((s.total_deliveries, s.total_failures, s.success_rate), (1250.0, 3.0, 99.76));
        assert!(r.webhook.is_none());
    }

    #[test]
    fn exa_delete_returns_the_webhook() {
        let body = json(serde_json::json!({"id": "wh_1", "object": "webhook", "status": "inactive", "events": ["webset.created"],
            "url": "https://x.test/h", "secret": null, "metadata": {"team": "a"}, "createdAt": "2023-11-07T05:31:56Z",
            "updatedAt": "2023-11-07T05:31:56Z"}));
        let r = Provider::Exa.delete_result("wh_1", &body, "2026-01-01T00:00:00.000Z".into());
        assert_eq!(r.deleted_at, "2026-01-01T00:00:00.000Z");
        let w = r.webhook.unwrap();
        assert_eq!((w.status, w.events.len(), w.metadata[0].1.as_str()), (WebhookStatus::Inactive, 1, "a"));
        assert_eq!(w.created_at.as_deref(), Some("2023-11-07T05:31:56Z"));
    }

    #[test]
    fn snake_case_webhook_and_active_false() {
        let w = parse_webhook(&json(serde_json::json!({"id": "w", "url": "u", "events": ["a"], "active": false,
            "last_delivery_at": "2024-01-01T00:00:00Z", "delivery_count": 10, "failure_count": 1,
            "created_at": "2023-01-01T00:00:00Z"})))
        .unwrap();
        assert_eq!(w.status, WebhookStatus::Inactive);
        assert_eq!((w.delivery_count, w.failure_count), (Some(10.0), Some(1.0)));
        assert_eq!(w.last_delivery_at.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert!(parse_webhook(&json(serde_json::json!({"url": "no id"}))).is_err());
    }

    #[test]
    fn pages_in_both_spellings() {
        let p = Provider::Exa.parse_page(&json(serde_json::json!({"data": [{"id": "a"}], "hasMore": true, "nextCursor": "c"}))).unwrap();
        assert_eq!((p.data.len(), p.has_more, p.next_cursor.as_deref()), (1, true, Some("c")));
        let g = Provider::Generic.parse_page(&json(serde_json::json!({"data": [], "has_more": true, "next_cursor": "n"}))).unwrap();
        assert_eq!(g.next_cursor.as_deref(), Some("n"));
        let plain = Provider::Generic.parse_page(&json(serde_json::json!({"data": []}))).unwrap();
        assert!(!plain.has_more && plain.next_cursor.is_none());
        assert!(Provider::Exa.parse_page(&json(serde_json::json!({"items": []}))).is_err());
        assert!(Provider::Exa.parse_page(&json(serde_json::json!({"data": [], "hasMore": true}))).is_err());
    }
}
