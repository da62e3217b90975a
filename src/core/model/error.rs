//! The error model: one [`WebhookError`] type whose [`ErrorCode`] JavaScript callers branch on.

use crate::core::text::redact::{redact_in_place, truncate_chars};
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::fmt;
use std::rc::Rc;

/// What went wrong, as a stable string code (`error.code` in JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An option, id or argument was refused before anything was sent. Never retried.
    InvalidInput,
    /// 401: the API key was refused. Never retried.
    Unauthorized,
    /// 403: the key may not do this. Never retried.
    Forbidden,
    /// 404 on the first attempt: there is no such webhook. Never retried.
    NotFound,
    /// 409 after every retry: the server would not delete it yet (pending events).
    Conflict,
    /// 429 after every retry.
    RateLimited,
    /// 500, 502, 503 or 504 after every retry.
    ServerError,
    /// Any other non-2xx answer (3xx redirects, 400, 422, other 4xx). Never retried.
    HttpError,
    /// The request never got an HTTP answer (refused, reset, DNS) after every retry.
    Network,
    /// No answer within `timeoutMs` on the last attempt.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx answer that is not the documented shape, names another webhook, or passed
    /// `maxResponseBytes`; a repeating cursor.
    Decode,
    /// A backup store threw, so nothing was deleted.
    BackupFailed,
    /// The provider cannot do this (delivery attempts outside Exa).
    Unsupported,
}

/// The longest message kept (after the key was redacted from the whole text).
pub const MAX_MESSAGE_CHARS: usize = 300;

/// The short form of an error kept in bulk results and audit entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookErrorInfo {
    /// The error code.
    pub code: ErrorCode,
    /// A human-readable sentence; never contains the API key.
    pub message: String,
    /// The HTTP status of the last answer, if there was one.
    pub status: Option<u16>,
}

/// The underlying error of a network failure, as the host gave it (a JavaScript `TypeError`, say),
/// kept opaque so the core stays free of host types.
#[derive(Clone)]
pub struct Cause(pub Rc<dyn Any>);

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cause(..)")
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A failed call: what happened, and everything the server told us about it.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookError {
    /// What went wrong.
    pub code: ErrorCode,
    /// A human-readable sentence: the server's words when it gave some; never the API key.
    pub message: String,
    /// The HTTP status of the last answer, if any.
    pub status: Option<u16>,
    /// The webhook the call was about, if any.
    pub webhook_id: Option<String>,
    /// The server's request id (body `requestId` or header `X-Request-Id`).
    pub request_id: Option<String>,
    /// The server's own error code: Exa's `tag`, a nested `error.code` or `type`, a numeric `code`.
    pub server_code: Option<String>,
    /// The wait the server asked for on its last answer, in ms.
    pub retry_after_ms: Option<f64>,
    /// How many HTTP attempts were made (0 when nothing was sent).
    pub attempts: u32,
    /// The start of the last answer's body, as text (at most 64 KiB); the host parses it.
    pub body: Option<String>,
    /// The host's underlying error of a network failure.
    pub cause: Option<Cause>,
}

impl ErrorCode {
    /// The code as JavaScript sees it, e.g. `"not_found"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::HttpError => "http_error",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Decode => "decode",
            ErrorCode::BackupFailed => "backup_failed",
            ErrorCode::Unsupported => "unsupported",
        }
    }
}

impl WebhookError {
    /// A bare error with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        WebhookError {
            code,
            message: message.into(),
            status: None,
            webhook_id: None,
            request_id: None,
            server_code: None,
            retry_after_ms: None,
            attempts: 0,
            body: None,
            cause: None,
        }
    }

    /// An `invalid_input` error; `message` must name the offending field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// The `aborted` error of a call whose signal fired.
    pub fn aborted() -> Self {
        Self::new(ErrorCode::Aborted, "The call was aborted")
    }

    /// A `decode` error.
    pub fn decode(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Decode, message)
    }

    /// The same error, about webhook `id`.
    pub fn with_id(mut self, id: &str) -> Self {
        self.webhook_id = Some(id.to_string());
        self
    }

    /// The short form kept in bulk results and audit entries.
    pub fn info(&self) -> WebhookErrorInfo {
        WebhookErrorInfo {
            code: self.code,
            message: self.message.clone(),
            status: self.status,
        }
    }

    /// Removes the API key from everything a server (or a network stack) could have echoed it
    /// into: the whole message before it is cut to length, the body, the request id and the
    /// server's code. `Display`, `info()` and the host's conversion only ever see the result.
    pub fn redact(mut self, key: &str) -> Self {
        redact_in_place(&mut self.message, key);
        self.message = truncate_chars(&self.message, MAX_MESSAGE_CHARS);
        for field in [
            &mut self.body,
            &mut self.request_id,
            &mut self.server_code,
            &mut self.webhook_id,
        ] {
            if let Some(text) = field.as_mut() {
                redact_in_place(text, key);
            }
        }
        self
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookError [{}]: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for WebhookError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_code() {
        let e = WebhookError::new(ErrorCode::NotFound, "Webhook not found (HTTP 404)");
        assert_eq!(
            e.to_string(),
            "WebhookError [not_found]: Webhook not found (HTTP 404)"
        );
    }

    #[test]
    fn redact_covers_every_echo_and_happens_before_truncation() {
        let key = "sk_live_0123456789abcdefghij";
        let mut e = WebhookError::new(
            ErrorCode::Unauthorized,
            format!("{}{key} refused", "x".repeat(290)),
        );
        e.body = Some(format!(r#"{{"{key}": "bad key {key}"}}"#));
        e.request_id = Some(format!("req-{key}"));
        e.server_code = Some(key.to_string());
        let e = e.redact(key);
        for text in [
            &e.message,
            e.body.as_ref().unwrap(),
            e.request_id.as_ref().unwrap(),
            e.server_code.as_ref().unwrap(),
        ] {
            assert!(!text.contains("sk_live_0123"), "{text}");
        }
        assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(e.message.ends_with('…'));
    }

    #[test]
    fn codes_serialise_as_snake_case() {
        assert_eq!(ErrorCode::RateLimited.as_str(), "rate_limited");
        let info = WebhookErrorInfo {
            code: ErrorCode::Conflict,
            message: "m".into(),
            status: Some(409),
        };
        let text = serde_json::to_string(&info).unwrap();
        assert_eq!(text, r#"{"code":"conflict","message":"m","status":409}"#);
        assert_eq!(
            serde_json::from_str::<WebhookErrorInfo>(&text).unwrap(),
            info
        );
    }
}
