//! The seam between the pure core and the outside world: one HTTP attempt, timers, the clock,
//! randomness, the caller's abort signal and the audit sink. The wasm layer implements it with
//! `fetch`/`setTimeout`/`AbortSignal`; native tests implement it with a scripted fake and a virtual clock.

use super::audit::AuditEntry;
use super::json::Json;

/// One HTTP request, as the core builds it.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// `GET` or `DELETE`.
    pub method: &'static str,
    /// Absolute URL.
    pub url: String,
    /// Auth header name (`x-api-key` or `authorization`).
    pub auth_name: &'static str,
    /// Auth header value. Never logged, never put in an error.
    pub auth_value: String,
    /// Per-attempt timeout.
    pub timeout_ms: u32,
}

/// One HTTP answer, reduced to what the core reads.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
    /// The `Retry-After` header, unparsed.
    pub retry_after: Option<String>,
    /// The body: parsed JSON; `Null` when empty; a JSON string holding the text when it is not
    /// JSON (an HTML error page, say). The host parses it.
    pub body: Json,
}

/// Why an attempt got no HTTP answer.
#[derive(Clone, Debug, PartialEq)]
pub enum TransportError {
    /// Connection refused or reset, DNS failure, CORS refusal: the outcome is unknown.
    Network(String),
    /// No answer within the attempt's timeout: the outcome is unknown.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// Everything the core needs from its host, for one call (the abort signal is the call's own).
#[allow(async_fn_in_trait)]
pub trait Env {
    /// Makes one HTTP attempt, honouring the request's timeout and the call's abort signal.
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError>;
    /// Waits `ms`; returns false at once if the call's signal fires first.
    async fn sleep(&self, ms: f64) -> bool;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A random number in `[0, 1)` for backoff jitter.
    fn random(&self) -> f64;
    /// Whether the call's signal has fired.
    fn aborted(&self) -> bool;
    /// Records one audit entry (delivery to the sink is the host's business; it never fails).
    async fn audit(&self, entry: AuditEntry);
}
