//! [`Fields`] over JavaScript objects: how the core's option readers see a caller's options.

use crate::core::options::fields::{Fields, Value};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A JavaScript object read as options.
pub struct JsFields(pub JsValue);

impl JsFields {
    /// `value` as options, or `None` when it is `undefined` or `null`.
    pub fn given(value: &JsValue) -> Option<JsFields> {
        (!value.is_undefined() && !value.is_null()).then(|| JsFields(value.clone()))
    }
}

/// Whether `value` is a plain object (its prototype is `Object.prototype` or null).
pub fn is_plain_object(value: &JsValue) -> bool {
    if !value.is_object() || value.is_function() || Array::is_array(value) {
        return false;
    }
    let proto = Object::get_prototype_of(value);
    proto.is_null() || Object::get_prototype_of(&proto).is_null()
}

/// One JavaScript value as the core reads it.
fn classify(v: JsValue) -> Value<'static> {
    if v.is_undefined() || v.is_null() {
        Value::Absent
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Value::Number(n)
    } else if let Some(s) = v.as_string() {
        Value::Text(s)
    } else if Array::is_array(&v) {
        Value::List(v.unchecked_into::<Array>().iter().map(classify).collect())
    } else if is_plain_object(&v) {
        Value::Object(Box::new(JsFields(v)))
    } else {
        Value::Other
    }
}

impl Fields for JsFields {
    fn keys(&self) -> Vec<String> {
        if !self.0.is_object() {
            return Vec::new();
        }
        Object::keys(self.0.unchecked_ref::<Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    fn field(&self, key: &str) -> Value<'_> {
        let v = if self.0.is_object() {
            Reflect::get(&self.0, &key.into()).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        classify(v)
    }
}
