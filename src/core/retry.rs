//! The one retry policy: which answers are retried, how long to wait, and the loop that does it.
//! Every request the client makes (get, list, delete) goes through [`send_with_retry`].

use super::env::{Env, HttpRequest, HttpResponse, TransportError};
use super::error::{ErrorCode, WebhookError};
use super::json::Json;
use super::options::{opt_bool, opt_number, refuse_unknown, MAX_TIMER_MS};
use super::time::parse_http_date;
use std::cell::Cell;

/// Retry settings (`ClientOptions.retry`).
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` attempts).
    pub max_retries: u32,
    /// Backoff before retry n is `base_delay_ms * 2^(n-1)`...
    pub base_delay_ms: f64,
    /// ...capped at this.
    pub max_delay_ms: f64,
    /// Full jitter: wait a uniform random fraction of the backoff.
    pub jitter: bool,
    /// The longest server-requested wait honoured (longer requests are cut to this).
    pub max_retry_after_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 3, base_delay_ms: 1000.0, max_delay_ms: 30_000.0, jitter: true, max_retry_after_ms: 60_000.0 }
    }
}

impl RetryPolicy {
    /// `retry: false`: a single attempt.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// Validates a `RetryOptions` object; unset fields keep their defaults.
    pub fn from_options(map: &Json) -> Result<Self, WebhookError> {
        refuse_unknown(map, &["maxRetries", "baseDelayMs", "maxDelayMs", "jitter", "maxRetryAfterMs"], "options.retry")?;
        let d = Self::default();
        let ms = |name: &str| opt_number(map, name, &format!("options.retry.{name}"), 0.0, MAX_TIMER_MS, false);
        Ok(RetryPolicy {
            max_retries: opt_number(map, "maxRetries", "options.retry.maxRetries", 0.0, 100.0, true)?
                .map_or(d.max_retries, |n| n as u32),
            base_delay_ms: ms("baseDelayMs")?.unwrap_or(d.base_delay_ms),
            max_delay_ms: ms("maxDelayMs")?.unwrap_or(d.max_delay_ms),
            jitter: opt_bool(map, "jitter", "options.retry.jitter")?.unwrap_or(d.jitter),
            max_retry_after_ms: ms("maxRetryAfterMs")?.unwrap_or(d.max_retry_after_ms),
        })
    }

    /// The wait before retry number `retry` (1-based). A server-requested wait wins, capped at
    /// `max_retry_after_ms`; otherwise capped exponential backoff, with full jitter if enabled.
    // Not `f64::clamp`: its panic message would link the float formatter into the wasm.
    #[allow(clippy::manual_clamp)]
    pub fn delay_ms(&self, retry: u32, server_wait_ms: Option<f64>, random: f64) -> f64 {
        if let Some(wait) = server_wait_ms {
            return wait.max(0.0).min(self.max_retry_after_ms);
        }
        let exp = self.base_delay_ms * 2f64.powi(retry.saturating_sub(1).min(60) as i32);
        let capped = exp.min(self.max_delay_ms);
        if self.jitter {
            capped * random.max(0.0).min(1.0)
        } else {
            capped
        }
    }
}

/// Whether an HTTP status is worth another attempt.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500 | 502 | 503 | 504)
}

/// A pause shared by every request of one bulk call: a 429 with Retry-After stops the whole queue,
/// not just the request that got it.
#[derive(Debug, Default)]
pub struct RateGate {
    until_ms: Cell<f64>,
}

impl RateGate {
    /// Holds every request until `until_ms` (never shortens an existing pause).
    pub fn pause_until(&self, until_ms: f64) {
        if until_ms > self.until_ms.get() {
            self.until_ms.set(until_ms);
        }
    }

    /// How long a request must still wait.
    pub fn remaining_ms(&self, now_ms: f64) -> f64 {
        (self.until_ms.get() - now_ms).max(0.0)
    }
}

/// A 2xx answer with its body parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// Parsed JSON body (`Null` when empty, a JSON string holding the text when not JSON).
    pub body: Json,
    /// Body `requestId` or header `X-Request-Id`.
    pub request_id: Option<String>,
}

/// The end of a retried exchange.
#[derive(Debug)]
pub struct Exchange {
    /// The 2xx answer, or the error after the last attempt.
    pub result: Result<Answer, WebhookError>,
    /// Attempts made.
    pub attempts: u32,
    /// Whether an attempt before the last one ended without a known outcome (timeout, network
    /// error, 5xx): a final 404 then means that attempt did the delete.
    pub earlier_unknown: bool,
}

fn request_id_of(body: &Json, header: &Option<String>) -> Option<String> {
    body.get("requestId")
        .or_else(|| body.get("request_id"))
        .and_then(Json::as_str)
        .map(str::to_string)
        .or_else(|| header.clone())
}

/// The wait a non-2xx answer asks for: the `Retry-After` header (seconds or HTTP-date), else a
/// 409 body's `details.retry_after` (seconds).
pub fn server_wait_ms(response: &HttpResponse, body: &Json, now_ms: f64) -> Option<f64> {
    if let Some(h) = response.retry_after.as_deref().map(str::trim) {
        if let Some(secs) = parse_seconds(h) {
            return Some(secs * 1000.0);
        }
        if let Some(at) = parse_http_date(h) {
            return Some((at - now_ms).max(0.0));
        }
    }
    body.pointer(&["details", "retry_after"])
        .and_then(Json::as_f64)
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| s * 1000.0)
}

/// Parses a non-negative decimal number of seconds (`120`, `0.5`); anything else is `None`.
pub fn parse_seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut value = whole.bytes().fold(0.0, |acc, b| acc * 10.0 + f64::from(b - b'0'));
    let mut scale = 0.1;
    for b in fraction.bytes().take(6) {
        value += f64::from(b - b'0') * scale;
        scale /= 10.0;
    }
    Some(value)
}

/// Builds the error for a non-2xx answer.
pub fn error_for_status(status: u16, body: Json, request_id: Option<String>, id: Option<&str>) -> WebhookError {
    let code = match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        429 => ErrorCode::RateLimited,
        500 | 502 | 503 | 504 => ErrorCode::ServerError,
        _ => ErrorCode::HttpError,
    };
    let server_says = body
        .get("error")
        .or_else(|| body.get("message"))
        .and_then(Json::as_str)
        .map(|s| s.chars().take(300).collect::<String>());
    let what = match (code, id) {
        (ErrorCode::NotFound, Some(id)) => format!("Webhook {id} not found"),
        (ErrorCode::Unauthorized, _) => "The API key was refused".to_string(),
        (ErrorCode::Forbidden, _) => "The API key is not allowed to do this".to_string(),
        (_, _) => server_says.unwrap_or_else(|| "The server refused the request".to_string()),
    };
    let mut e = WebhookError::new(code, format!("{what} (HTTP {status})"));
    e.status = Some(status);
    e.request_id = request_id;
    e.body = (!body.is_null()).then_some(body);
    if let Some(id) = id {
        e.webhook_id = Some(id.to_string());
    }
    e
}

/// Sends `request` under `policy`, honouring the server's waits, the shared rate gate and the
/// caller's abort signal. This is the only retry loop in the library.
pub async fn send_with_retry<E: Env>(
    env: &E,
    policy: &RetryPolicy,
    gate: &RateGate,
    request: &HttpRequest,
    id: Option<&str>,
) -> Exchange {
    let mut attempts = 0;
    let mut earlier_unknown = false;
    let aborted = |attempts: u32, earlier_unknown: bool| {
        let mut e = WebhookError::new(ErrorCode::Aborted, "The call was aborted");
        e.attempts = attempts;
        e.webhook_id = id.map(str::to_string);
        Exchange { result: Err(e), attempts, earlier_unknown }
    };
    loop {
        if env.aborted() {
            return aborted(attempts, earlier_unknown);
        }
        let hold = gate.remaining_ms(env.now_ms());
        if hold > 0.0 && !env.sleep(hold).await {
            return aborted(attempts, earlier_unknown);
        }
        attempts += 1;
        let (mut error, retryable, unknown, wait) = match env.send(request).await {
            Err(TransportError::Aborted) => return aborted(attempts, earlier_unknown),
            Err(TransportError::Timeout) => {
                let msg = format!("No answer within {} ms", request.timeout_ms);
                (WebhookError::new(ErrorCode::Timeout, msg), true, true, None)
            }
            Err(TransportError::Network(why)) => {
                let msg = format!("The request failed before an answer: {why}");
                (WebhookError::new(ErrorCode::Network, msg), true, true, None)
            }
            Ok(response) => {
                let body = response.body.clone();
                let request_id = request_id_of(&body, &response.request_id);
                if (200..300).contains(&response.status) {
                    let answer = Answer { status: response.status, body, request_id };
                    return Exchange { result: Ok(answer), attempts, earlier_unknown };
                }
                let wait = server_wait_ms(&response, &body, env.now_ms());
                let status = response.status;
                let mut e = error_for_status(status, body, request_id, id);
                e.retry_after_ms = wait;
                (e, is_retryable_status(status), status >= 500, wait)
            }
        };
        error.attempts = attempts;
        if error.webhook_id.is_none() {
            error.webhook_id = id.map(str::to_string);
        }
        if error.status == Some(429) {
            if let Some(w) = wait {
                gate.pause_until(env.now_ms() + w.min(policy.max_retry_after_ms));
            }
        }
        if !retryable || attempts > policy.max_retries {
            return Exchange { result: Err(error), attempts, earlier_unknown };
        }
        let delay = policy.delay_ms(attempts, wait, env.random());
        if delay > 0.0 && !env.sleep(delay).await {
            return aborted(attempts, earlier_unknown || unknown);
        }
        earlier_unknown |= unknown;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy { jitter: false, max_delay_ms: 5000.0, ..RetryPolicy::default() };
        let delays: Vec<f64> = (1..=5).map(|n| p.delay_ms(n, None, 0.5)).collect();
        assert_eq!(delays, vec![1000.0, 2000.0, 4000.0, 5000.0, 5000.0]);
        let j = RetryPolicy::default();
        assert_eq!(j.delay_ms(2, None, 0.25), 500.0);
        assert_eq!(j.delay_ms(1, Some(90_000.0), 0.0), 60_000.0);
        assert_eq!(j.delay_ms(1, Some(1500.0), 0.9), 1500.0);
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 409, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s), "{s}");
        }
        for s in [400, 401, 403, 404, 405, 410, 422, 501] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn server_wait_from_header_or_body() {
        let resp = |h: Option<&str>| HttpResponse {
            status: 409,
            request_id: None,
            retry_after: h.map(str::to_string),
            body: Json::Null,
        };
        let body = Json::parse(r#"{"details": {"retry_after": 30}}"#).unwrap();
        assert_eq!(server_wait_ms(&resp(None), &body, 0.0), Some(30_000.0));
        assert_eq!(server_wait_ms(&resp(Some("2")), &body, 0.0), Some(2000.0));
        let now = 784_111_777_000.0;
        assert_eq!(server_wait_ms(&resp(Some("Sun, 06 Nov 1994 08:49:40 GMT")), &Json::Null, now), Some(3000.0));
        assert_eq!(server_wait_ms(&resp(Some("soon")), &Json::Null, 0.0), None);
        assert_eq!(server_wait_ms(&resp(Some("0.25")), &Json::Null, 0.0), Some(250.0));
        for bad in ["", "-1", "1e3", "1.2.3", ".5"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn errors_carry_status_code_and_request_id() {
        let e = error_for_status(404, Json::parse(r#"{"error": "Webhook not found"}"#).unwrap(), Some("req_1".into()), Some("w"));
        assert_eq!((e.code, e.status, e.request_id.as_deref()), (ErrorCode::NotFound, Some(404), Some("req_1")));
        assert_eq!(e.message, "Webhook w not found (HTTP 404)");
        let html = error_for_status(502, Json::String("<html>bad gateway</html>".into()), None, None);
        assert_eq!(html.code, ErrorCode::ServerError);
        assert_eq!(html.body, Some(Json::String("<html>bad gateway</html>".into())));
        assert_eq!(error_for_status(422, Json::Null, None, None).code, ErrorCode::HttpError);
    }
}
