//! Bindings to `js/transport.js` and the [`Env`] implementation the core runs on in JavaScript.

use super::audit_log::AuditShared;
use super::convert::json_from_js;
use crate::core::audit::AuditEntry;
use crate::core::env::{Env, HttpRequest, HttpResponse, TransportError};
use crate::core::json::Json;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/transport.js")]
extern "C" {
    /// The outcome of one attempt (see `send` in transport.js).
    pub type Attempt;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Attempt) -> u16;
    #[wasm_bindgen(method, getter)]
    fn failure(this: &Attempt) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn message(this: &Attempt) -> String;
    #[wasm_bindgen(method, getter, js_name = requestId)]
    fn request_id(this: &Attempt) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Attempt) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Attempt) -> String;
    #[wasm_bindgen(method, getter)]
    fn json(this: &Attempt) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = isJson)]
    fn is_json(this: &Attempt) -> bool;

    /// What `settle` resolves to.
    pub type Settled;
    #[wasm_bindgen(method, getter)]
    pub fn ok(this: &Settled) -> bool;
    #[wasm_bindgen(method, getter)]
    pub fn value(this: &Settled) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn error(this: &Settled) -> JsValue;

    #[allow(clippy::too_many_arguments)]
    fn send(
        fetch: &JsValue,
        method: &str,
        url: &str,
        auth_name: &str,
        auth_value: &str,
        timeout_ms: u32,
        signal: &JsValue,
    ) -> js_sys::Promise;
    fn sleep(ms: f64, signal: &JsValue) -> js_sys::Promise;
    fn settle(callback: &js_sys::Function, arg: &JsValue) -> js_sys::Promise;
    /// A readable message for any thrown value.
    #[wasm_bindgen(js_name = errorMessage)]
    pub fn error_message(error: &JsValue) -> String;
    #[wasm_bindgen(js_name = localStorageAppender)]
    pub fn local_storage_appender(key: &str) -> js_sys::Function;
    #[wasm_bindgen(js_name = localTime)]
    pub fn local_time(iso: &str) -> String;

    /// An `AbortSignal`, read structurally.
    pub type Signal;
    #[wasm_bindgen(method, getter, structural)]
    fn aborted(this: &Signal) -> bool;
}

/// Calls a user callback (sync or async) without letting it throw into the library.
pub async fn call_user(callback: &js_sys::Function, arg: &JsValue) -> Settled {
    let settled = JsFuture::from(settle(callback, arg)).await.unwrap_or(JsValue::UNDEFINED);
    settled.unchecked_into()
}

/// The core's environment for one call: the client's fetch and audit log, and the call's signal.
pub struct JsEnv {
    /// `fetch` given in the options, or `undefined` for the global one.
    pub fetch: JsValue,
    /// The call's `AbortSignal`, or `undefined`.
    pub signal: JsValue,
    /// Where audit entries go.
    pub audit: Rc<AuditShared>,
}

impl Env for JsEnv {
    async fn send(&self, r: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let promise = send(&self.fetch, r.method, &r.url, r.auth_name, &r.auth_value, r.timeout_ms, &self.signal);
        let attempt: Attempt = match JsFuture::from(promise).await {
            Ok(v) => v.unchecked_into(),
            Err(e) => return Err(TransportError::Network(error_message(&e))),
        };
        match attempt.failure().as_deref() {
            None => Ok(HttpResponse {
                status: attempt.status(),
                request_id: attempt.request_id(),
                retry_after: attempt.retry_after(),
                body: attempt
                    .is_json()
                    .then(|| json_from_js(&attempt.json()))
                    .flatten()
                    .unwrap_or_else(|| Json::String(attempt.body())),
            }),
            Some("aborted") => Err(TransportError::Aborted),
            Some("timeout") => Err(TransportError::Timeout),
            Some(_) => Err(TransportError::Network(attempt.message())),
        }
    }

    async fn sleep(&self, ms: f64) -> bool {
        JsFuture::from(sleep(ms, &self.signal)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn aborted(&self) -> bool {
        !self.signal.is_undefined() && self.signal.unchecked_ref::<Signal>().aborted()
    }

    async fn audit(&self, entry: AuditEntry) {
        self.audit.record(entry).await;
    }
}
