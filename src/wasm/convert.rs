//! Between JavaScript values and the core's [`Json`]: results become plain objects (missing values
//! as `null`), errors become real `Error`s, and option objects and parsed bodies are read back.

use crate::core::error::WebhookError;
use crate::core::json::{Json, ToJson, MAX_DEPTH};
use crate::core::model::{BulkItem, BulkResult};
use js_sys::{Array, Error, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A result as a plain JavaScript value.
pub fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    json_to_js(&value.to_json())
}

/// A [`Json`] value as a plain JavaScript value.
pub fn json_to_js(value: &Json) -> JsValue {
    match value {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Number(n) => JsValue::from_f64(*n),
        Json::String(s) => JsValue::from_str(s),
        Json::Array(items) => items.iter().map(json_to_js).collect::<Array>().into(),
        Json::Object(fields) => {
            let obj: JsValue = Object::new().into();
            for (k, v) in fields {
                set(&obj, k, &json_to_js(v));
            }
            obj
        }
    }
}

/// Reads a JavaScript value made of JSON types. `None` for functions, symbols, bigints, class
/// instances other than plain objects and arrays (a `Date`, an `AbortSignal`), and nesting
/// deeper than [`MAX_DEPTH`].
pub fn json_from_js(value: &JsValue) -> Option<Json> {
    read(value, 0)
}

fn read(value: &JsValue, depth: usize) -> Option<Json> {
    if value.is_null() || value.is_undefined() {
        return Some(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Json::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Some(Json::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Some(Json::String(s));
    }
    if depth >= MAX_DEPTH || !value.is_object() || value.is_function() {
        return None;
    }
    if Array::is_array(value) {
        let items: &Array = value.unchecked_ref();
        return items.iter().map(|v| read(&v, depth + 1)).collect::<Option<Vec<_>>>().map(Json::Array);
    }
    // Plain objects only: their prototype is null or Object.prototype (whose own prototype is null).
    let proto = Object::get_prototype_of(value);
    if !(proto.is_null() || Object::get_prototype_of(&proto).is_null()) {
        return None;
    }
    let obj: &Object = value.unchecked_ref();
    let mut fields = Vec::new();
    for key in Object::keys(obj).iter() {
        let name = key.as_string()?;
        let field = Reflect::get(obj, &key).ok()?;
        if !field.is_undefined() {
            fields.push((name, read(&field, depth + 1)?));
        }
    }
    Some(Json::Object(fields))
}

/// Collects a bulk call's lines. They stay compact in Rust while the call runs (JavaScript
/// objects made during the run would survive into V8's old space with the run's garbage and
/// raise the peak), and at the end each is taken out and converted, so no second copy of the
/// lines is ever made in wasm memory, which never shrinks.
#[derive(Default)]
pub struct BulkLines(RefCell<Vec<Option<BulkItem>>>);

impl BulkLines {
    /// Room for `total` lines up front (no reallocation while the call runs).
    pub fn with_capacity(total: usize) -> Self {
        BulkLines(RefCell::new(vec![None; total]))
    }

    /// Stores the line of the id at `index`.
    pub fn put(&self, index: usize, item: BulkItem) {
        let mut lines = self.0.borrow_mut();
        if lines.len() <= index {
            lines.resize(index + 1, None);
        }
        lines[index] = Some(item);
    }

    /// The `BulkResult` object: the counts of `r` (whose own `results` is empty: the lines came
    /// here) and the lines, in input order.
    pub fn into_result(self, r: &BulkResult) -> JsValue {
        let mut lines = self.0.into_inner();
        let results = Array::new_with_length(lines.len() as u32);
        for (i, slot) in lines.iter_mut().enumerate() {
            if let Some(item) = slot.take() {
                results.set(i as u32, to_js(&item));
            }
        }
        let js = to_js(r);
        set(&js, "results", &results);
        js
    }
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
    set(&js, "body", &e.body.as_ref().map_or(JsValue::NULL, json_to_js));
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
