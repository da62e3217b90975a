//! The core's environment for one call: the client's `fetch` and audit log, and the call's
//! abort signal.

use super::abort::AbortHub;
use super::audit_log::AuditShared;
use super::body::JsBody;
use super::timers::{Timer, Trigger, Why};
use super::transport::send;
use crate::core::audit::AuditEntry;
use crate::core::audit::Delivery;
use crate::core::env::{Env, HttpRequest, HttpResponse, TransportError};
use js_sys::Function;
use std::rc::Rc;

/// One call's host.
pub struct JsEnv {
    /// The injected `fetch`, or `None` for the global one.
    pub fetch: Option<Function>,
    /// The call's abort signal.
    pub hub: AbortHub,
    /// Where audit entries go.
    pub audit: Rc<AuditShared>,
}

impl Env for JsEnv {
    type Body = JsBody;

    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse<JsBody>, TransportError> {
        send(self.fetch.as_ref(), request, &self.hub).await
    }

    async fn sleep(&self, ms: f64) -> bool {
        if self.hub.aborted() {
            return false;
        }
        let trigger = Trigger::new();
        self.hub.watch(&trigger);
        let _timer = Timer::start(ms, &trigger, Why::Elapsed);
        trigger.wait().await == Why::Elapsed
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn aborted(&self) -> bool {
        self.hub.aborted()
    }

    fn audit(&self, entry: AuditEntry, keep: bool) -> u64 {
        self.audit.record(entry, keep)
    }

    async fn audit_settled(&self, ticket: u64) -> Delivery {
        self.audit.settled(ticket).await
    }
}
