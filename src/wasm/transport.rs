//! One HTTP attempt over `fetch`, in Rust. The request is built with web-sys directly (gloo-net's
//! `RequestBuilder` builds every request twice) and never follows a redirect; the answer is read
//! through gloo-net's `Response` (status, type, headers) and its body streamed with web-sys up to
//! the byte limit (gloo-net reads bodies whole). The injected `fetch` of the options receives a
//! `Request`; the global one takes the URL and init, which spares Node building a `Request`.

use super::abort::AbortHub;
use super::body::{describe, json_stringify, read_body, JsBody};
use super::convert::to_js;
use super::timers::{race, Raced, Timer, Trigger, Why};
use crate::core::env::{HttpRequest, HttpResponse, Method, TransportError, ERROR_BODY_BYTES};
use crate::core::model::Cause;
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, RequestRedirect, ResponseType};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, bound directly (never through `window`), as gloo-net does.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;
}

fn network(message: String, cause: Option<JsValue>) -> TransportError {
    TransportError::Network {
        message,
        cause: cause.map(|c| Cause(Rc::new(c))),
    }
}

fn ended(why: Why) -> TransportError {
    match why {
        Why::Aborted => TransportError::Aborted,
        _ => TransportError::Timeout,
    }
}

fn headers(r: &HttpRequest) -> Object {
    let h = Object::new();
    let _ = Reflect::set(&h, &"accept".into(), &"application/json".into());
    let _ = Reflect::set(&h, &r.auth_name.into(), &JsValue::from_str(&r.auth_value));
    if r.body.is_some() {
        let _ = Reflect::set(&h, &"content-type".into(), &"application/json".into());
    }
    h
}

/// Sends `r` with `fetch` (the injected one when given), racing it against the attempt's timeout
/// and the call's abort, then reads the body up to the limit (64 KiB for an error answer).
pub async fn send(
    fetch: Option<&Function>,
    r: &HttpRequest,
    hub: &AbortHub,
) -> Result<HttpResponse<JsBody>, TransportError> {
    if hub.aborted() {
        return Err(TransportError::Aborted);
    }
    let trigger = Trigger::new();
    hub.watch(&trigger);
    let _timer = Timer::start(f64::from(r.timeout_ms), &trigger, Why::Timeout);
    let controller = AbortController::new().map_err(|e| network(describe(&e), Some(e)))?;
    let init = RequestInit::new();
    init.set_method(r.method.as_str());
    init.set_headers(&headers(r));
    init.set_signal(Some(&controller.signal()));
    init.set_redirect(RequestRedirect::Manual);
    if let (Method::Post, Some(body)) = (r.method, &r.body) {
        let text = json_stringify(&to_js(body)).map_err(|e| network(describe(&e), Some(e)))?;
        init.set_body(&text);
    }
    let promise = match fetch {
        None => global_fetch(&r.url, &init),
        Some(f) => {
            let call = web_sys::Request::new_with_str_and_init(&r.url, &init)
                .and_then(|req| f.call1(&JsValue::NULL, &req));
            match call {
                Ok(v) => Promise::resolve(&v),
                Err(e) => return Err(network(describe(&e), Some(e))),
            }
        }
    };
    let answer = match race(JsFuture::from(promise), &trigger).await {
        Raced::Fired(why) => {
            controller.abort();
            return Err(ended(why));
        }
        Raced::Done(Err(e)) => return Err(network(describe(&e), Some(e))),
        Raced::Done(Ok(v)) => v,
    };
    let Ok(raw) = answer.dyn_into::<web_sys::Response>() else {
        controller.abort();
        return Err(network(
            "fetch did not resolve to a Response".to_string(),
            None,
        ));
    };
    let response = gloo_net::http::Response::from(raw);
    // A browser answers `redirect: "manual"` with an opaque response of status 0.
    let status = if response.type_() == ResponseType::Opaqueredirect {
        0
    } else {
        response.status()
    };
    let headers = response.headers();
    let limit = if (200..300).contains(&status) {
        r.max_bytes
    } else {
        r.max_bytes.min(ERROR_BODY_BYTES)
    };
    let body = read_body(response.body(), limit, &trigger, &controller).await?;
    Ok(HttpResponse {
        status,
        request_id: headers.get("x-request-id"),
        retry_after: headers.get("retry-after"),
        body,
    })
}
