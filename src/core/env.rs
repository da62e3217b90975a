//! The seam between the pure core and its host: one HTTP attempt, timers, the clock, randomness,
//! the call's abort signal and the audit log. The wasm layer implements it with `fetch`,
//! `setTimeout` and `AbortSignal`; native tests with a scripted fake and a virtual clock.

use crate::core::audit::{AuditEntry, Delivery};
use crate::core::fields::Fields;
use crate::core::model::{Cause, Metadata};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::rc::Rc;

/// The most of an error answer's body that is read (and kept on `error.body`).
pub const ERROR_BODY_BYTES: u32 = 64 * 1024;

/// An HTTP method the client uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads: get, list, attempts.
    Get,
    /// Deletes one webhook.
    Delete,
    /// Creates one webhook (restore).
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Delete => "DELETE",
            Method::Post => "POST",
        }
    }
}

/// The body of a create request (both dialects take the same fields).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CreateBody {
    /// Where events go.
    pub url: String,
    /// The event types.
    pub events: Vec<String>,
    /// String metadata.
    pub metadata: Metadata,
}

/// One HTTP request, as the core builds it.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Auth header name (`x-api-key` or `authorization`).
    pub auth_name: &'static str,
    /// Auth header value. Never logged, never put in an error.
    pub auth_value: Rc<str>,
    /// The JSON body of a create, serialised by the host.
    pub body: Option<CreateBody>,
    /// Per-attempt timeout, covering the answer's body too.
    pub timeout_ms: u32,
    /// The most of a 2xx body read; an error answer's body is read up to [`ERROR_BODY_BYTES`].
    pub max_bytes: u32,
}

/// An answer's body as the host read it: at most the request's byte limit, and parsed as JSON
/// only on demand by the host's own parser (the library ships none).
pub trait Body {
    /// Decodes the body as JSON into `T`; the message says what did not fit.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String>;
    /// The body parsed as JSON, when it is a JSON object, read field by field.
    fn object(&self) -> Option<Box<dyn Fields + '_>>;
    /// The body as text (invalid UTF-8 replaced).
    fn text(&self) -> String;
    /// Whether the body was empty.
    fn is_empty(&self) -> bool;
    /// Whether the reading stopped at the byte limit (the rest was never read).
    fn truncated(&self) -> bool;
}

/// One HTTP answer, reduced to what the core reads.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse<B> {
    /// Status code; 0 for a browser's opaque answer to a redirect.
    pub status: u16,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
    /// The `Retry-After` header, unparsed.
    pub retry_after: Option<String>,
    /// The body, read up to the limit.
    pub body: B,
}

/// Why an attempt got no HTTP answer.
#[derive(Clone, Debug, PartialEq)]
pub enum TransportError {
    /// Connection refused or reset, DNS failure, CORS refusal: the outcome is unknown.
    Network {
        /// What the host said.
        message: String,
        /// The host's own error.
        cause: Option<Cause>,
    },
    /// No answer (or no complete body) within the attempt's timeout: the outcome is unknown.
    Timeout,
    /// The caller's signal fired.
    Aborted,
}

/// Everything the core needs from its host, for one call (the abort signal is the call's own).
#[allow(async_fn_in_trait)]
pub trait Env {
    /// The host's answer body.
    type Body: Body;
    /// Makes one HTTP attempt, honouring the request's timeout and byte limit and the call's
    /// abort signal. Never follows a redirect.
    async fn send(&self, request: &HttpRequest)
        -> Result<HttpResponse<Self::Body>, TransportError>;
    /// Waits `ms`; returns false at once if the call's signal fires first.
    async fn sleep(&self, ms: f64) -> bool;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A random number in `[0, 1)` for backoff jitter.
    fn random(&self) -> f64;
    /// Whether the call's signal has fired.
    fn aborted(&self) -> bool;
    /// Appends an entry to the audit log and starts its delivery to the sink; never waits and
    /// never fails. `keep: false` lets the log forget the entry once the sink has it (bulk runs
    /// with `keepResults: false`). Returns the entry's ticket.
    fn audit(&self, entry: AuditEntry, keep: bool) -> u64;
    /// Waits until the entry of `ticket` reached the sink or the sink refused it.
    async fn audit_settled(&self, ticket: u64) -> Delivery;
}
