//! Rust → JavaScript: results as plain objects (missing values as `null`), errors as real `Error`s.

use crate::core::error::WebhookError;
use js_sys::{Error, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serialises a result as a plain JavaScript object; `None` becomes `null`.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true).serialize_maps_as_objects(true);
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Sets `key` on a JavaScript object (cannot fail for plain objects and errors).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn opt_str(value: &Option<String>) -> JsValue {
    value.as_deref().map_or(JsValue::NULL, JsValue::from_str)
}

/// A real `Error` named `WebhookError` carrying `code`, `status`, `webhookId`, `requestId`,
/// `retryAfterMs`, `attempts` and `body`.
pub fn error_to_js(e: &WebhookError) -> JsValue {
    let error = Error::new(&e.message);
    error.set_name("WebhookError");
    let js: JsValue = error.into();
    set(&js, "code", &JsValue::from_str(e.code.as_str()));
    set(&js, "status", &e.status.map_or(JsValue::NULL, JsValue::from));
    set(&js, "webhookId", &opt_str(&e.webhook_id));
    set(&js, "requestId", &opt_str(&e.request_id));
    set(&js, "retryAfterMs", &e.retry_after_ms.map_or(JsValue::NULL, JsValue::from));
    set(&js, "attempts", &JsValue::from(e.attempts));
    set(&js, "body", &e.body.as_ref().map_or(JsValue::NULL, to_js));
    js
}

/// A plain object from key/value pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj: JsValue = Object::new().into();
    for (k, v) in pairs {
        set(&obj, k, v);
    }
    obj
}
