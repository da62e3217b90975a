//! The error model: one [`WebhookError`] type whose [`ErrorCode`] JavaScript callers branch on.

use super::json::{Json, ToJson};
use std::fmt;

/// What went wrong, as a stable string code (`error.code` in JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// Any other non-2xx answer (400, 422, other 4xx). Never retried.
    HttpError,
    /// The request never got an HTTP answer (refused, reset, DNS) after every retry.
    Network,
    /// No answer within `timeoutMs` on the last attempt.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx answer whose body could not be read as the documented shape.
    Decode,
    /// `deleteWithBackup`: the backup store threw, so nothing was deleted.
    BackupFailed,
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
        }
    }

    /// Every code, for reading codes back from text.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::InvalidInput,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::HttpError,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::Decode,
        ErrorCode::BackupFailed,
    ];

    /// The code named `text`, if any.
    pub fn from_name(text: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// The short form of an error kept in bulk results and audit entries.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookErrorInfo {
    /// The error code.
    pub code: ErrorCode,
    /// A human-readable sentence; never contains the API key.
    pub message: String,
    /// The HTTP status of the last answer, if there was one.
    pub status: Option<u16>,
}

/// A failed call: what happened, and everything the server told us about it.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookError {
    /// What went wrong.
    pub code: ErrorCode,
    /// A human-readable sentence; never contains the API key.
    pub message: String,
    /// The HTTP status of the last answer, if any.
    pub status: Option<u16>,
    /// The webhook the call was about, if any.
    pub webhook_id: Option<String>,
    /// The server's request id (body `requestId` or header `X-Request-Id`).
    pub request_id: Option<String>,
    /// The wait the server asked for on its last answer, in ms.
    pub retry_after_ms: Option<f64>,
    /// How many HTTP attempts were made (0 when nothing was sent).
    pub attempts: u32,
    /// The last answer's body: parsed JSON, or the raw text when it was not JSON.
    pub body: Option<Json>,
}

impl ToJson for WebhookErrorInfo {
    fn to_json(&self) -> Json {
        Json::object([
            ("code", self.code.as_str().into()),
            ("message", self.message.as_str().into()),
            ("status", self.status.map(u32::from).into()),
        ])
    }
}

impl WebhookErrorInfo {
    /// Reads the JSON form back (audit logs read from JSONL).
    pub fn from_json(v: &Json) -> Result<Self, String> {
        let code = v.get("code").and_then(Json::as_str).and_then(ErrorCode::from_name).ok_or("error.code is not an error code")?;
        let message = v.get("message").and_then(Json::as_str).ok_or("error.message is not a string")?.to_string();
        let status = match v.get("status") {
            None | Some(Json::Null) => None,
            Some(s) => Some(s.as_f64().filter(|n| (100.0..=999.0).contains(n)).ok_or("error.status is not an HTTP status")? as u16),
        };
        Ok(WebhookErrorInfo { code, message, status })
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
            retry_after_ms: None,
            attempts: 0,
            body: None,
        }
    }

    /// An `invalid_input` error; `message` must name the offending field.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    /// The same error, about webhook `id`.
    pub fn with_id(mut self, id: &str) -> Self {
        self.webhook_id = Some(id.to_string());
        self
    }

    /// The short form kept in bulk results and audit entries.
    pub fn info(&self) -> WebhookErrorInfo {
        WebhookErrorInfo { code: self.code, message: self.message.clone(), status: self.status }
    }

    /// Removes every occurrence of `secret` from the message and the body, so an API key echoed
    /// back by a server (or by a network stack) never reaches the caller or the audit log.
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let mut scrub = |s: &mut String| {
            if s.contains(secret) {
                *s = s.replace(secret, "[redacted]");
            }
        };
        scrub(&mut self.message);
        if let Some(body) = self.body.as_mut() {
            body.for_each_string(&mut scrub);
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
        let e = WebhookError::new(ErrorCode::NotFound, "Webhook wh_1 not found");
        assert_eq!(e.to_string(), "WebhookError [not_found]: Webhook wh_1 not found");
    }

    #[test]
    fn redact_scrubs_message_and_nested_body() {
        let mut e = WebhookError::new(ErrorCode::Unauthorized, "key sk_live_1 refused");
        e.body = Json::parse(r#"{"error": "bad key sk_live_1", "list": ["sk_live_1", 3]}"#);
        let e = e.redact("sk_live_1");
        assert!(!e.message.contains("sk_live_1"));
        assert!(!e.body.as_ref().unwrap().to_text().contains("sk_live_1"));
        assert!(e.message.contains("[redacted]"));
    }

    #[test]
    fn codes_round_trip_as_snake_case() {
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::RateLimited.as_str(), "rate_limited");
        let info = WebhookErrorInfo { code: ErrorCode::Conflict, message: "m".into(), status: Some(409) };
        assert_eq!(WebhookErrorInfo::from_json(&info.to_json()), Ok(info));
    }
}
