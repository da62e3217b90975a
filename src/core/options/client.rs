//! `ClientOptions`: decoding and validation into a [`ClientConfig`].

use super::fields::{Fields, Reader, Value};
use crate::core::http::dialect::AuthScheme;
use crate::core::http::retry::RetryPolicy;
use crate::core::model::{Provider, WebhookError};
use std::fmt;
use std::rc::Rc;

/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// Default number of requests a bulk call keeps in flight.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Largest accepted `concurrency`.
pub const MAX_CONCURRENCY: usize = 64;
/// Largest timer delay JavaScript honours (`setTimeout` wraps above 2^31 - 1 ms).
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;
/// Default `maxResponseBytes`: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u32 = 4 * 1024 * 1024;
/// The longest key accepted (a header value longer than this is refused by servers anyway).
pub const MAX_KEY_BYTES: usize = 8 * 1024;

/// A validated client configuration. Its `Debug` output hides the API key.
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    /// The API key, sent only in the auth header.
    pub api_key: String,
    /// Which API dialect to speak.
    pub provider: Provider,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Which header carries the key.
    pub auth: AuthScheme,
    /// The auth header's name and value, built once.
    pub auth_header: (&'static str, Rc<str>),
    /// Per-attempt timeout.
    pub timeout_ms: u32,
    /// The one retry policy.
    pub retry: RetryPolicy,
    /// Default concurrency of bulk calls.
    pub concurrency: usize,
    /// Recorded as `deletedBy` in the audit log (shared by every entry).
    pub actor: Rc<str>,
    /// Client-wide pacing of every request.
    pub max_requests_per_second: Option<f64>,
    /// The most of a body read.
    pub max_response_bytes: u32,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("api_key", &"[redacted]")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("timeout_ms", &self.timeout_ms)
            .field("retry", &self.retry)
            .field("concurrency", &self.concurrency)
            .field("actor", &self.actor)
            .field("max_requests_per_second", &self.max_requests_per_second)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// The keys of `ClientOptions` (`fetch` and `audit` are host values the host reads itself).
pub const CLIENT_OPTIONS: &[&str] = &[
    "apiKey",
    "provider",
    "baseUrl",
    "auth",
    "timeoutMs",
    "retry",
    "concurrency",
    "actor",
    "audit",
    "fetch",
    "maxRequestsPerSecond",
    "maxResponseBytes",
];
/// The keys of `RetryOptions`.
pub const RETRY_OPTIONS: &[&str] = &[
    "maxRetries",
    "baseDelayMs",
    "maxDelayMs",
    "jitter",
    "maxRetryAfterMs",
];

/// The `concurrency` field (1..=64).
pub fn concurrency(r: &Reader<'_>) -> Result<Option<usize>, WebhookError> {
    Ok(r.number("concurrency", 1.0, MAX_CONCURRENCY as f64, true)?
        .map(|n| n as usize))
}

fn check_api_key(key: Option<String>) -> Result<String, WebhookError> {
    let bad = |why: &str| Err(WebhookError::invalid(format!("options.apiKey {why}")));
    let Some(key) = key else {
        return bad("is required");
    };
    if key.trim().is_empty() {
        return bad("must not be empty");
    }
    if key.chars().any(char::is_control) {
        return bad("must not contain control characters");
    }
    // fetch sends header values as Latin-1: a key it cannot send would fail every call as a
    // network error, after every retry.
    if key.chars().any(|c| c as u32 > 0xFF) {
        return bad("must contain only characters a header can carry (Latin-1)");
    }
    if key.len() > MAX_KEY_BYTES {
        return bad("must be at most 8 KiB");
    }
    Ok(key)
}

fn retry_policy(r: &Reader<'_>) -> Result<RetryPolicy, WebhookError> {
    let o = match r.value("retry") {
        Value::Absent | Value::Bool(true) => return Ok(RetryPolicy::default()),
        Value::Bool(false) => return Ok(RetryPolicy::none()),
        Value::Object(o) => o,
        _ => {
            return Err(WebhookError::invalid(
                "options.retry must be an object or false",
            ))
        }
    };
    let path = r.path_of("retry");
    let o = Reader::new(&*o, &path);
    o.known(RETRY_OPTIONS)?;
    let d = RetryPolicy::default();
    let ms = |name: &str| o.number(name, 0.0, MAX_TIMER_MS, false);
    Ok(RetryPolicy {
        max_retries: o
            .number("maxRetries", 0.0, 100.0, true)?
            .map_or(d.max_retries, |n| n as u32),
        base_delay_ms: ms("baseDelayMs")?.unwrap_or(d.base_delay_ms),
        max_delay_ms: ms("maxDelayMs")?.unwrap_or(d.max_delay_ms),
        jitter: o.boolean("jitter")?.unwrap_or(d.jitter),
        max_retry_after_ms: ms("maxRetryAfterMs")?.unwrap_or(d.max_retry_after_ms),
    })
}

/// Reads and validates `ClientOptions` into a [`ClientConfig`]. The host values (`fetch`,
/// `audit`) are only checked to be known keys here; the host reads them.
pub fn parse_client_options(options: &dyn Fields) -> Result<ClientConfig, WebhookError> {
    let r = Reader::new(options, "options");
    r.known(CLIENT_OPTIONS)?;
    let api_key = check_api_key(r.string("apiKey")?)?;
    let provider = match r.choice("provider", &["exa", "generic"])? {
        None | Some("exa") => Provider::Exa,
        Some(_) => Provider::Generic,
    };
    let base_url = match r.string("baseUrl")? {
        Some(url) => validate_base_url(&url)?,
        None => match provider.default_base_url() {
            Some(url) => url.to_string(),
            None => {
                return Err(WebhookError::invalid(
                    "options.baseUrl is required for provider \"generic\"",
                ))
            }
        },
    };
    let auth = match r.choice("auth", &["x-api-key", "bearer"])? {
        None => provider.default_auth(),
        Some("x-api-key") => AuthScheme::ApiKeyHeader,
        Some(_) => AuthScheme::Bearer,
    };
    let timeout_ms = r
        .number("timeoutMs", 1.0, MAX_TIMER_MS, false)?
        .map_or(DEFAULT_TIMEOUT_MS, |n| n.ceil() as u32);
    let retry = retry_policy(&r)?;
    let concurrency = concurrency(&r)?.unwrap_or(DEFAULT_CONCURRENCY);
    let actor = match r.string("actor")? {
        None => Rc::from("api"),
        Some(a)
            if a.trim().is_empty()
                || a.chars().count() > 200
                || a.chars().any(char::is_control) =>
        {
            return Err(WebhookError::invalid(
                "options.actor must be 1 to 200 characters without control characters",
            ))
        }
        Some(a) => Rc::from(a),
    };
    let max_requests_per_second = match r.value("maxRequestsPerSecond") {
        Value::Absent => None,
        Value::Number(n) if n.is_finite() && n > 0.0 && n <= 10_000.0 => Some(n),
        _ => {
            return Err(WebhookError::invalid(
                "options.maxRequestsPerSecond must be a number greater than 0, at most 10000",
            ))
        }
    };
    let max_response_bytes = r
        .number("maxResponseBytes", 1024.0, 1_073_741_824.0, true)?
        .map_or(DEFAULT_MAX_RESPONSE_BYTES, |n| n as u32);
    let (name, value) = auth.header(&api_key);
    Ok(ClientConfig {
        auth_header: (name, Rc::from(value)),
        api_key,
        provider,
        base_url,
        auth,
        timeout_ms,
        retry,
        concurrency,
        actor,
        max_requests_per_second,
        max_response_bytes,
    })
}

/// Checks a base URL: `https://`, or `http://` only for loopback hosts; no credentials, query or
/// fragment. Returns it without a trailing slash.
pub fn validate_base_url(url: &str) -> Result<String, WebhookError> {
    let bad = |why: &str| Err(WebhookError::invalid(format!("options.baseUrl {why}")));
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return bad("must not contain spaces or control characters");
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(r) = lower.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        (false, r)
    } else {
        return bad("must start with https:// (or http:// for localhost)");
    };
    if rest.contains(['?', '#']) {
        return bad("must not have a query or fragment");
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return bad("must not contain credentials; pass the key as apiKey");
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => return bad("has an unterminated IPv6 host"),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return bad("has no host");
    }
    if let Some(p) = port {
        if p.is_empty()
            || !p.bytes().all(|b| b.is_ascii_digit())
            || p.parse::<u32>().map_or(true, |n| n > 65535)
        {
            return bad("has an invalid port");
        }
    }
    if !secure && !is_loopback(host) {
        return bad("must use https:// unless the host is localhost, 127.0.0.0/8 or [::1]");
    }
    Ok(url.trim_end_matches('/').to_string())
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "::1" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::ErrorCode;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Result<ClientConfig, WebhookError> {
        parse_client_options(&v)
    }

    fn err(v: serde_json::Value) -> String {
        let e = parse(v).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        e.message
    }

    #[test]
    fn defaults_for_exa() {
        let c = parse(json!({"apiKey": "k"})).unwrap();
        assert_eq!(c.provider, Provider::Exa);
        assert_eq!(c.base_url, "https://api.exa.ai/websets");
        assert_eq!(c.auth, AuthScheme::ApiKeyHeader);
        assert_eq!((c.timeout_ms, c.concurrency, &*c.actor), (30_000, 8, "api"));
        assert_eq!(c.retry, RetryPolicy::default());
        assert_eq!(
            (c.max_requests_per_second, c.max_response_bytes),
            (None, 4 * 1024 * 1024)
        );
        assert_eq!((c.auth_header.0, &*c.auth_header.1), ("x-api-key", "k"));
    }

    #[test]
    fn generic_needs_base_url_and_defaults_to_bearer() {
        assert!(err(json!({"apiKey": "k", "provider": "generic"})).contains("options.baseUrl"));
        let c =
            parse(json!({"apiKey": "k", "provider": "generic", "baseUrl": "https://x.test/api/"}))
                .unwrap();
        assert_eq!(c.auth, AuthScheme::Bearer);
        assert_eq!(c.base_url, "https://x.test/api");
        assert_eq!(&*c.auth_header.1, "Bearer k");
    }

    #[test]
    fn host_values_are_known_keys() {
        assert!(parse(json!({"apiKey": "k", "fetch": {}, "audit": 1})).is_ok());
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (json!({}), "options.apiKey is required"),
            (json!({"apiKey": ""}), "options.apiKey must not be empty"),
            (json!({"apiKey": 5}), "options.apiKey must be a string"),
            (
                json!({"apiKey": "k\n"}),
                "options.apiKey must not contain control characters",
            ),
            (json!({"apiKey": "kö✓"}), "options.apiKey must contain only"),
            (
                json!({"apiKey": "k".repeat(8193)}),
                "options.apiKey must be at most 8 KiB",
            ),
            (
                json!({"apiKey": "k", "provider": "stripe"}),
                "options.provider must be \"exa\" or \"generic\"",
            ),
            (
                json!({"apiKey": "k", "auth": "basic"}),
                "options.auth must be",
            ),
            (
                json!({"apiKey": "k", "timeoutMs": 0}),
                "options.timeoutMs must be a number from 1",
            ),
            (
                json!({"apiKey": "k", "timeoutMs": "5"}),
                "options.timeoutMs must be a number from 1",
            ),
            (
                json!({"apiKey": "k", "concurrency": 65}),
                "options.concurrency must be an integer from 1 to 64",
            ),
            (
                json!({"apiKey": "k", "concurrency": 1.5}),
                "options.concurrency",
            ),
            (
                json!({"apiKey": "k", "retry": 3}),
                "options.retry must be an object or false",
            ),
            (
                json!({"apiKey": "k", "retry": {"maxRetries": -1}}),
                "options.retry.maxRetries must be an integer from 0 to 100",
            ),
            (
                json!({"apiKey": "k", "retry": {"tries": 2}}),
                "options.retry.tries is not a known option",
            ),
            (
                json!({"apiKey": "k", "retry": {"jitter": "yes"}}),
                "options.retry.jitter must be a boolean",
            ),
            (json!({"apiKey": "k", "actor": " "}), "options.actor"),
            (
                json!({"apiKey": "k", "timeout": 5}),
                "options.timeout is not a known option",
            ),
            (
                json!({"apiKey": "k", "baseUrl": "http://api.example.com"}),
                "options.baseUrl",
            ),
            (
                json!({"apiKey": "k", "maxRequestsPerSecond": 0}),
                "options.maxRequestsPerSecond",
            ),
            (
                json!({"apiKey": "k", "maxResponseBytes": 10}),
                "options.maxResponseBytes",
            ),
        ];
        for (input, expected) in cases {
            let msg = err(input.clone());
            assert!(msg.starts_with(expected), "{input} -> {msg}");
        }
    }

    #[test]
    fn api_key_never_in_messages_or_debug() {
        let msg = err(json!({"apiKey": "sk_secret_1", "baseUrl": "ftp://sk_secret_1"}));
        assert!(!msg.contains("sk_secret_1"));
        let c = parse(json!({"apiKey": "sk_secret_1"})).unwrap();
        assert!(!format!("{c:?}").contains("sk_secret_1"));
    }

    #[test]
    fn base_url_rules() {
        for ok in [
            "https://api.example.com",
            "http://localhost:8080/x",
            "http://127.3.0.1:1",
            "http://[::1]:9/",
        ] {
            assert!(validate_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://10.0.0.1",
            "http://127.0.0.1.evil.com",
            "https://user:pw@x.com",
            "https://x.com?a=1",
            "https://",
            "https://x.com:99999",
            "x.com",
            "https://x .com",
        ] {
            assert!(validate_base_url(bad).is_err(), "{bad}");
        }
    }
}
