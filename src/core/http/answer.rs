//! Reading the servers' error answers. Exa alone uses three body shapes (the documented flat
//! `{ requestId, error, tag }`, the Websets server's `{ statusCode, message: string | string[],
//! error, path, timestamp }` and a nested `{ error: { type, code, message, detail }, requestId }`),
//! the generic API a fourth (`{ error, code, details, timestamp, requestId }`); one lenient
//! reading covers all four, so the message says what the server said, in its words.
//!
//! Every field is read leniently, field by field (a field of an unexpected type reads as
//! absent): an error answer is reported whatever its body looks like.

use crate::core::env::Body;
use crate::core::fields::Value;
use crate::core::model::{ErrorCode, WebhookError};

/// What a server said in an error answer.
#[derive(Debug, Default, PartialEq)]
pub struct ServerSays {
    /// Its words.
    pub message: Option<String>,
    /// Its own code (`tag`, nested `error.code` or `type`, numeric `code` as text).
    pub code: Option<String>,
    /// Its request id from the body.
    pub request_id: Option<String>,
    /// A 409's `details.retry_after`, in seconds.
    pub retry_after_s: Option<f64>,
}

/// A string, or a finite number as its decimal text; anything else reads as absent.
fn text(v: Value<'_>) -> Option<String> {
    match v {
        Value::Text(t) if !t.trim().is_empty() => Some(t),
        Value::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => {
            Some(format!("{}", n as i64))
        }
        _ => None,
    }
}

/// A string, or a list of strings joined with `; `.
fn words(v: Value<'_>) -> Option<String> {
    match v {
        Value::List(items) => {
            let all: Vec<String> = items.into_iter().filter_map(text).collect();
            (!all.is_empty()).then(|| all.join("; "))
        }
        other => text(other),
    }
}

/// Reads whatever the server said in an error body (any of the four shapes, or none).
pub fn read_error_body(body: &impl Body) -> ServerSays {
    let Some(o) = body.object() else {
        return ServerSays::default();
    };
    let (mut message, mut code) = (None, None);
    match o.field("error") {
        Value::Object(nested) => {
            message = match (words(nested.field("message")), text(nested.field("detail"))) {
                (Some(m), Some(d)) if m != d => Some(format!("{m}: {d}")),
                (m, d) => m.or(d),
            };
            code = text(nested.field("code")).or_else(|| text(nested.field("type")));
        }
        Value::Text(t) if !t.trim().is_empty() => message = Some(t),
        _ => {}
    }
    // The Websets server's shape puts the words in `message` and a generic phrase in `error`.
    if let Some(m) = words(o.field("message")) {
        message = Some(m);
    }
    let retry_after_s = match o.field("details") {
        Value::Object(d) => match d.field("retry_after") {
            Value::Number(n) if n.is_finite() && n >= 0.0 => Some(n),
            Value::Text(t) => t
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0),
            _ => None,
        },
        _ => None,
    };
    let request_id = text(o.field("requestId")).or_else(|| text(o.field("request_id")));
    ServerSays {
        message,
        code: text(o.field("tag"))
            .or(code)
            .or_else(|| text(o.field("code"))),
        request_id,
        retry_after_s,
    }
}

/// The error code an HTTP status stands for.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        429 => ErrorCode::RateLimited,
        500 | 502 | 503 | 504 => ErrorCode::ServerError,
        _ => ErrorCode::HttpError,
    }
}

/// Whether a status is a redirect (0 is a browser's opaque answer to `redirect: "manual"`).
pub fn is_redirect(status: u16) -> bool {
    status == 0 || (300..400).contains(&status)
}

/// Builds the error for a non-2xx answer: the server's words and code when it gave them, ours
/// otherwise, with the status (`"Webhook not found (HTTP 404, WEBHOOK_NOT_FOUND)"`).
pub fn error_for_answer(
    status: u16,
    says: &ServerSays,
    header_request_id: Option<&str>,
    body: &impl Body,
    id: Option<&str>,
) -> WebhookError {
    if is_redirect(status) {
        let what = if status == 0 {
            "a redirect".to_string()
        } else {
            format!("a redirect (HTTP {status})")
        };
        let mut e = WebhookError::new(
            ErrorCode::HttpError,
            format!("The server answered with {what}; redirects are never followed, so nothing was sent to another location"),
        );
        e.status = (status != 0).then_some(status);
        e.webhook_id = id.map(str::to_string);
        e.request_id = header_request_id.map(str::to_string);
        return e;
    }
    let code = code_for_status(status);
    let words = says.message.clone().unwrap_or_else(|| match (code, id) {
        (ErrorCode::NotFound, Some(id)) => format!("Webhook {id} not found"),
        (ErrorCode::Unauthorized, _) => "The API key was refused".to_string(),
        (ErrorCode::Forbidden, _) => "The API key is not allowed to do this".to_string(),
        _ => "The server refused the request".to_string(),
    });
    let shown_code = says.code.as_deref().filter(|c| *c != status.to_string());
    let message = match shown_code {
        Some(c) => format!("{words} (HTTP {status}, {c})"),
        None => format!("{words} (HTTP {status})"),
    };
    let mut e = WebhookError::new(code, message);
    e.status = Some(status);
    e.server_code = says.code.clone();
    e.request_id = says
        .request_id
        .clone()
        .or_else(|| header_request_id.map(str::to_string));
    e.body = (!body.is_empty()).then(|| body.text());
    e.webhook_id = id.map(str::to_string);
    e
}
