//! Between JavaScript values and the core's types: results and entries go out through their
//! serde derives (serde-wasm-bindgen, JSON-compatible: `null` for missing values, plain objects
//! for maps); errors become real `Error`s named `WebhookError`, their body parsed back to JSON
//! with the key redacted from its keys and values.

use super::body::json_parse;
use crate::core::model::WebhookError;
use crate::core::text::redact::{key_forms, redact};
use js_sys::{Array, Error, JsString, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

/// A value as a plain JavaScript value (`null` for `None`, objects for maps).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&SERIALIZER).unwrap_or(JsValue::NULL)
}

/// A JavaScript value read as `T` (audit lines, journal lines: files this library wrote).
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn opt_str(value: &Option<String>) -> JsValue {
    value.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

/// The key redacted from every string and every object key of a parsed body, at any depth.
/// Keys are defined, never assigned, so a `__proto__` key stays an ordinary property.
fn scrub(value: &JsValue, key: &str, depth: u32) -> JsValue {
    if let Some(s) = value.as_string() {
        return if key_forms(key).any(|k| s.contains(k)) {
            JsValue::from(redact(&s, key))
        } else {
            value.clone()
        };
    }
    if depth > 64 || !value.is_object() {
        return value.clone();
    }
    if Array::is_array(value) {
        let items: &Array = value.unchecked_ref();
        return items
            .iter()
            .map(|v| scrub(&v, key, depth + 1))
            .collect::<Array>()
            .into();
    }
    let out = Object::new();
    let obj: &Object = value.unchecked_ref();
    for k in Object::keys(obj).iter() {
        let name = k.as_string().unwrap_or_default();
        let v = Reflect::get(obj, &k).unwrap_or(JsValue::UNDEFINED);
        let descriptor = Object::new();
        set(&descriptor, "value", &scrub(&v, key, depth + 1));
        for flag in ["enumerable", "writable", "configurable"] {
            set(&descriptor, flag, &JsValue::TRUE);
        }
        let _ = Object::define_property(&out, &JsValue::from(redact(&name, key)), &descriptor);
    }
    out.into()
}

/// The body of an error as JavaScript: parsed JSON (the key redacted), else the text.
fn body_of(text: &str, key: &str) -> JsValue {
    match json_parse(&JsString::from(text)) {
        Ok(parsed) => scrub(&parsed, key, 0),
        Err(_) => JsValue::from_str(text),
    }
}

/// A real `Error` named `WebhookError` carrying `code`, `status`, `webhookId`, `requestId`,
/// `serverCode`, `retryAfterMs`, `attempts`, `body` and, for network failures, `cause`. `key` is
/// the client's API key, redacted from the parsed body (the core already redacted the text; a
/// server can still hide the key in JSON escapes, which only parsing undoes).
pub fn webhook_error(e: &WebhookError, key: &str) -> JsValue {
    let error = Error::new(&e.message);
    error.set_name("WebhookError");
    let js: JsValue = error.into();
    set(&js, "code", &JsValue::from_str(e.code.as_str()));
    set(
        &js,
        "status",
        &e.status.map_or(JsValue::NULL, JsValue::from),
    );
    set(&js, "webhookId", &opt_str(&e.webhook_id));
    set(&js, "requestId", &opt_str(&e.request_id));
    set(&js, "serverCode", &opt_str(&e.server_code));
    set(
        &js,
        "retryAfterMs",
        &e.retry_after_ms.map_or(JsValue::NULL, JsValue::from),
    );
    set(&js, "attempts", &JsValue::from(e.attempts));
    let body = e
        .body
        .as_deref()
        .map_or(JsValue::NULL, |text| body_of(text, key));
    set(&js, "body", &body);
    if let Some(cause) = e.cause.as_ref().and_then(|c| c.0.downcast_ref::<JsValue>()) {
        set(&js, "cause", cause);
    }
    js
}

/// Errors raised before anything was sent (bad input): they carry no server body.
impl From<WebhookError> for JsValue {
    fn from(e: WebhookError) -> JsValue {
        webhook_error(&e, "")
    }
}
