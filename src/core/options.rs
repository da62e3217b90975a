//! `ClientOptions`: decoding and validation into a [`ClientConfig`]. Every refusal is an
//! `invalid_input` error that names the field and never quotes the API key.

use super::error::WebhookError;
use super::provider::{AuthScheme, Provider};
use super::json::Json;
use super::retry::RetryPolicy;
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
    /// Per-attempt timeout.
    pub timeout_ms: u32,
    /// The one retry policy.
    pub retry: RetryPolicy,
    /// Default concurrency of bulk calls.
    pub concurrency: usize,
    /// Recorded as `deletedBy` in the audit log (shared by every entry).
    pub actor: Rc<str>,
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
            .finish()
    }
}

/// The option names `parse_client_options` understands (plus `fetch` and `audit`, which the
/// JavaScript layer takes out before handing the rest over).
pub const CLIENT_OPTION_NAMES: [&str; 10] =
    ["apiKey", "provider", "baseUrl", "auth", "timeoutMs", "retry", "concurrency", "actor", "fetch", "audit"];

/// Reads an optional field, treating `null` like a missing field.
pub fn field<'a>(map: &'a Json, name: &str) -> Option<&'a Json> {
    map.get(name).filter(|v| !v.is_null())
}

/// Reads an optional string field.
pub fn opt_str<'a>(map: &'a Json, name: &str, path: &str) -> Result<Option<&'a str>, WebhookError> {
    match field(map, name) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s)),
        Some(_) => Err(WebhookError::invalid(format!("{path} must be a string"))),
    }
}

/// Reads an optional boolean field.
pub fn opt_bool(map: &Json, name: &str, path: &str) -> Result<Option<bool>, WebhookError> {
    match field(map, name) {
        None => Ok(None),
        Some(Json::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(WebhookError::invalid(format!("{path} must be a boolean"))),
    }
}

/// Reads an optional number field that must lie in `min..=max` (and be whole when `integer`).
pub fn opt_number(
    map: &Json,
    name: &str,
    path: &str,
    min: f64,
    max: f64,
    integer: bool,
) -> Result<Option<f64>, WebhookError> {
    let Some(v) = field(map, name) else { return Ok(None) };
    let n = v.as_f64().filter(|n| n.is_finite());
    match n {
        Some(n) if n >= min && n <= max && (!integer || n.fract() == 0.0) => Ok(Some(n)),
        _ => {
            let kind = if integer { "an integer" } else { "a number" };
            Err(WebhookError::invalid(format!("{path} must be {kind} from {} to {}", min as i64, max as i64)))
        }
    }
}

/// Refuses keys not in `known`, so a typo such as `timeout` for `timeoutMs` is caught.
pub fn refuse_unknown(map: &Json, known: &[&str], path: &str) -> Result<(), WebhookError> {
    let keys = map.as_object().unwrap_or_default().iter().map(|(k, _)| k);
    match keys.into_iter().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(WebhookError::invalid(format!("{path}.{k} is not a known option"))),
        None => Ok(()),
    }
}

/// Validates `ClientOptions` (as JSON, without `fetch`/`audit`) into a [`ClientConfig`].
pub fn parse_client_options(options: &Json) -> Result<ClientConfig, WebhookError> {
    let map = options;
    if map.as_object().is_none() {
        return Err(WebhookError::invalid("options must be an object with at least apiKey"));
    }
    refuse_unknown(map, &CLIENT_OPTION_NAMES, "options")?;

    let api_key = match field(map, "apiKey") {
        None => return Err(WebhookError::invalid("options.apiKey is required")),
        Some(Json::String(k)) if k.trim().is_empty() => {
            return Err(WebhookError::invalid("options.apiKey must not be empty"))
        }
        Some(Json::String(k)) if k.chars().any(char::is_control) => {
            return Err(WebhookError::invalid("options.apiKey must not contain control characters"))
        }
        Some(Json::String(k)) => k.clone(),
        Some(_) => return Err(WebhookError::invalid("options.apiKey must be a string")),
    };

    let provider = match opt_str(map, "provider", "options.provider")? {
        None | Some("exa") => Provider::Exa,
        Some("generic") => Provider::Generic,
        Some(_) => return Err(WebhookError::invalid("options.provider must be \"exa\" or \"generic\"")),
    };

    let base_url = match opt_str(map, "baseUrl", "options.baseUrl")? {
        Some(url) => validate_base_url(url)?,
        None => match provider.default_base_url() {
            Some(url) => url.to_string(),
            None => return Err(WebhookError::invalid("options.baseUrl is required for provider \"generic\"")),
        },
    };

    let auth = match opt_str(map, "auth", "options.auth")? {
        None => provider.default_auth(),
        Some("x-api-key") => AuthScheme::ApiKeyHeader,
        Some("bearer") => AuthScheme::Bearer,
        Some(_) => return Err(WebhookError::invalid("options.auth must be \"x-api-key\" or \"bearer\"")),
    };

    let timeout_ms = opt_number(map, "timeoutMs", "options.timeoutMs", 1.0, MAX_TIMER_MS, false)?
        .map_or(DEFAULT_TIMEOUT_MS, |n| n.ceil() as u32);

    let retry = match field(map, "retry") {
        None | Some(Json::Bool(true)) => RetryPolicy::default(),
        Some(Json::Bool(false)) => RetryPolicy::none(),
        Some(r @ Json::Object(_)) => RetryPolicy::from_options(r)?,
        Some(_) => return Err(WebhookError::invalid("options.retry must be an object or false")),
    };

    let concurrency = parse_concurrency(map, "options.concurrency")?.unwrap_or(DEFAULT_CONCURRENCY);

    let actor = match opt_str(map, "actor", "options.actor")? {
        None => Rc::from("api"),
        Some(a) if a.trim().is_empty() || a.chars().count() > 200 || a.chars().any(char::is_control) => {
            return Err(WebhookError::invalid(
                "options.actor must be 1 to 200 characters without control characters",
            ))
        }
        Some(a) => Rc::from(a),
    };

    Ok(ClientConfig { api_key, provider, base_url, auth, timeout_ms, retry, concurrency, actor })
}

/// Reads a `concurrency` field (1..=64).
pub fn parse_concurrency(map: &Json, path: &str) -> Result<Option<usize>, WebhookError> {
    Ok(opt_number(map, "concurrency", path, 1.0, MAX_CONCURRENCY as f64, true)?.map(|n| n as usize))
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
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n > 65535) {
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
        && octets.iter().all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;
    use serde_json::json;

    fn parse(v: &serde_json::Value) -> Result<ClientConfig, WebhookError> {
        parse_client_options(&Json::parse(&v.to_string()).unwrap())
    }

    fn err(v: serde_json::Value) -> String {
        let e = parse(&v).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        e.message
    }

    #[test]
    fn defaults_for_exa() {
        let c = parse(&json!({"apiKey": "k"})).unwrap();
        assert_eq!(c.provider, Provider::Exa);
        assert_eq!(c.base_url, "https://api.exa.ai/websets");
        assert_eq!(c.auth, AuthScheme::ApiKeyHeader);
        assert_eq!((c.timeout_ms, c.concurrency, &*c.actor), (30_000, 8, "api"));
        assert_eq!(c.retry, RetryPolicy::default());
    }

    #[test]
    fn generic_needs_base_url_and_defaults_to_bearer() {
        assert!(err(json!({"apiKey": "k", "provider": "generic"})).contains("options.baseUrl"));
        let c = parse(&json!({"apiKey": "k", "provider": "generic", "baseUrl": "https://x.test/api/"}))
            .unwrap();
        assert_eq!(c.auth, AuthScheme::Bearer);
        assert_eq!(c.base_url, "https://x.test/api");
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases = [
            (json!(null), "options"),
            (json!({}), "options.apiKey"),
            (json!({"apiKey": ""}), "options.apiKey"),
            (json!({"apiKey": 5}), "options.apiKey"),
            (json!({"apiKey": "k\n"}), "options.apiKey"),
            (json!({"apiKey": "k", "provider": "stripe"}), "options.provider"),
            (json!({"apiKey": "k", "auth": "basic"}), "options.auth"),
            (json!({"apiKey": "k", "timeoutMs": 0}), "options.timeoutMs"),
            (json!({"apiKey": "k", "timeoutMs": "5"}), "options.timeoutMs"),
            (json!({"apiKey": "k", "concurrency": 65}), "options.concurrency"),
            (json!({"apiKey": "k", "concurrency": 1.5}), "options.concurrency"),
            (json!({"apiKey": "k", "retry": 3}), "options.retry"),
            (json!({"apiKey": "k", "retry": {"maxRetries": -1}}), "options.retry.maxRetries"),
            (json!({"apiKey": "k", "retry": {"tries": 2}}), "options.retry.tries"),
            (json!({"apiKey": "k", "actor": " "}), "options.actor"),
            (json!({"apiKey": "k", "timeout": 5}), "options.timeout"),
            (json!({"apiKey": "k", "baseUrl": "http://api.example.com"}), "options.baseUrl"),
        ];
        for (input, field) in cases {
            let msg = err(input.clone());
            assert!(msg.starts_with(field), "{input} -> {msg}");
        }
    }

    #[test]
    fn api_key_never_in_messages_or_debug() {
        let msg = err(json!({"apiKey": "sk_secret_1", "baseUrl": "ftp://sk_secret_1"}));
        assert!(!msg.contains("sk_secret_1"));
        let c = parse(&json!({"apiKey": "sk_secret_1"})).unwrap();
        assert!(!format!("{c:?}").contains("sk_secret_1"));
    }

    #[test]
    fn base_url_rules() {
        for ok in ["https://api.example.com", "http://localhost:8080/x", "http://127.3.0.1:1", "http://[::1]:9/"] {
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
