//! The one retry policy: which answers are retried, how long to wait, and the loop that does it.
//! Every request the client makes (get, list, attempts, delete, create) goes through
//! [`send_with_retry`].

use super::answer::{error_for_answer, is_redirect, read_error_body};
use super::gate::Gate;
use crate::core::env::{Env, HttpRequest, TransportError};
use crate::core::model::{ErrorCode, WebhookError};
use crate::core::text::time::parse_http_date;

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
        RetryPolicy {
            max_retries: 3,
            base_delay_ms: 1000.0,
            max_delay_ms: 30_000.0,
            jitter: true,
            max_retry_after_ms: 60_000.0,
        }
    }
}

impl RetryPolicy {
    /// `retry: false`: a single attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
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

/// A 2xx answer.
#[derive(Debug)]
pub struct Answer<B> {
    /// The body, read up to the request's limit.
    pub body: B,
    /// Header `X-Request-Id` (2xx bodies are not read for one).
    pub request_id: Option<String>,
}

/// The end of a retried exchange.
#[derive(Debug)]
pub struct Exchange<B> {
    /// The 2xx answer, or the error after the last attempt.
    pub result: Result<Answer<B>, WebhookError>,
    /// Attempts made.
    pub attempts: u32,
    /// Whether an attempt ended without a known outcome (timeout, network error, 5xx) before the
    /// last one: a final 404 then means that attempt did the delete.
    pub earlier_unknown: bool,
    /// Whether the last attempt itself ended without a known outcome.
    pub last_unknown: bool,
}

/// Parses a non-negative decimal number of seconds (`120`, `0.5`); anything else is `None`.
pub fn parse_seconds(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut value = whole
        .bytes()
        .fold(0.0, |acc, b| acc * 10.0 + f64::from(b - b'0'));
    let mut scale = 0.1;
    for b in fraction.bytes().take(6) {
        value += f64::from(b - b'0') * scale;
        scale /= 10.0;
    }
    Some(value)
}

/// The wait an answer asks for: the `Retry-After` header (seconds or any HTTP-date form), else a
/// 409 body's `details.retry_after` (seconds).
pub fn server_wait_ms(
    retry_after: Option<&str>,
    body_retry_after_s: Option<f64>,
    now_ms: f64,
) -> Option<f64> {
    if let Some(h) = retry_after.map(str::trim) {
        if let Some(secs) = parse_seconds(h) {
            return Some(secs * 1000.0);
        }
        if let Some(at) = parse_http_date(h, now_ms) {
            return Some((at - now_ms).max(0.0));
        }
    }
    body_retry_after_s.map(|s| s * 1000.0)
}

/// How a request may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retrying {
    /// Every retryable failure is retried (reads and deletes: repeating them is safe).
    Always,
    /// A failure whose outcome is unknown (timeout, network error, 5xx) ends the exchange, so the
    /// caller can look before repeating it (a create must never make two webhooks).
    UntilUnknown,
}

/// Sends `request` under `policy`, honouring the server's waits, the client-wide gate and the
/// call's abort signal. This is the only retry loop in the library.
pub async fn send_with_retry<E: Env>(
    env: &E,
    policy: &RetryPolicy,
    gate: &Gate,
    request: &HttpRequest,
    id: Option<&str>,
    retrying: Retrying,
) -> Exchange<E::Body> {
    let mut attempts = 0;
    let mut earlier_unknown = false;
    let aborted = |attempts: u32, earlier_unknown: bool| {
        let mut e = WebhookError::aborted();
        e.attempts = attempts;
        e.webhook_id = id.map(str::to_string);
        Exchange {
            result: Err(e),
            attempts,
            earlier_unknown,
            last_unknown: false,
        }
    };
    loop {
        // The gate: a 429 pause of any request of the client, then a pacing slot, then the
        // window of actual send times (timers fire late; the window is checked when awake).
        let mut slot_taken = false;
        loop {
            if env.aborted() {
                return aborted(attempts, earlier_unknown);
            }
            let now = env.now_ms();
            let hold = gate.paused_for(now);
            let wait = if hold > 0.0 {
                slot_taken = false;
                hold
            } else if !slot_taken {
                slot_taken = true;
                gate.take_slot(now)
            } else {
                gate.window_wait(now)
            };
            if wait <= 0.0 {
                break;
            }
            if !env.sleep(wait).await {
                return aborted(attempts, earlier_unknown);
            }
        }
        attempts += 1;
        let ticket = gate.sent(env.now_ms());
        let sent = env.send(request).await;
        gate.answered(ticket, env.now_ms());
        let (mut error, retryable, unknown, wait) = match sent {
            Err(TransportError::Aborted) => return aborted(attempts, earlier_unknown),
            Err(TransportError::Timeout) => {
                let msg = format!("No answer within {} ms", request.timeout_ms);
                (WebhookError::new(ErrorCode::Timeout, msg), true, true, None)
            }
            Err(TransportError::Network { message, cause }) => {
                let mut e = WebhookError::new(
                    ErrorCode::Network,
                    format!("The request failed before an answer: {message}"),
                );
                e.cause = cause;
                (e, true, true, None)
            }
            Ok(response) if (200..300).contains(&response.status) => {
                let answer = Answer {
                    body: response.body,
                    request_id: response.request_id,
                };
                return Exchange {
                    result: Ok(answer),
                    attempts,
                    earlier_unknown,
                    last_unknown: false,
                };
            }
            Ok(response) => {
                let status = response.status;
                let says = if is_redirect(status) {
                    Default::default()
                } else {
                    read_error_body(&response.body)
                };
                let wait = server_wait_ms(
                    response.retry_after.as_deref(),
                    says.retry_after_s,
                    env.now_ms(),
                );
                let mut e = error_for_answer(
                    status,
                    &says,
                    response.request_id.as_deref(),
                    &response.body,
                    id,
                );
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
        let stop_here = unknown && retrying == Retrying::UntilUnknown;
        if !retryable || attempts > policy.max_retries || stop_here {
            return Exchange {
                result: Err(error),
                attempts,
                earlier_unknown,
                last_unknown: unknown,
            };
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
        let p = RetryPolicy {
            jitter: false,
            max_delay_ms: 5000.0,
            ..RetryPolicy::default()
        };
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
        for s in [0, 301, 307, 400, 401, 403, 404, 405, 410, 422, 501] {
            assert!(!is_retryable_status(s), "{s}");
        }
    }

    #[test]
    fn server_wait_from_header_or_body() {
        assert_eq!(server_wait_ms(None, Some(30.0), 0.0), Some(30_000.0));
        assert_eq!(server_wait_ms(Some("2"), Some(30.0), 0.0), Some(2000.0));
        let now = 784_111_777_000.0;
        assert_eq!(
            server_wait_ms(Some("Sun, 06 Nov 1994 08:49:40 GMT"), None, now),
            Some(3000.0)
        );
        assert_eq!(
            server_wait_ms(Some("Sunday, 06-Nov-94 08:49:40 GMT"), None, now),
            Some(3000.0)
        );
        assert_eq!(
            server_wait_ms(Some("Sun Nov  6 08:49:40 1994"), None, now),
            Some(3000.0)
        );
        assert_eq!(server_wait_ms(Some("soon"), None, 0.0), None);
        assert_eq!(server_wait_ms(Some("0.25"), None, 0.0), Some(250.0));
        for bad in ["", "-1", "1e3", "1.2.3", ".5"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }
}
