//! JavaScript → Rust: reading option objects and arguments, refusing anything malformed with an
//! `invalid_input` error that names the field.

use super::convert::json_from_js;
use crate::core::error::WebhookError;
use crate::core::id::validate_id;
use crate::core::json::Json;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An options object split into its JSON-able fields and the host values (functions, signals,
/// dates, class instances) named in `host_keys`.
pub struct Options {
    /// Plain fields (a JSON object), for the core's validators.
    pub json: Json,
    /// Host-valued fields, by name (missing, `undefined` and `null` are left out).
    pub host: Vec<(&'static str, JsValue)>,
}

impl Options {
    /// The host value of `key`, if given.
    pub fn host(&self, key: &str) -> Option<&JsValue> {
        self.host.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The `signal` option, checked to look like an `AbortSignal`; `undefined` when absent.
    pub fn signal(&self, path: &str) -> Result<JsValue, WebhookError> {
        let Some(signal) = self.host("signal") else { return Ok(JsValue::UNDEFINED) };
        let aborted = Reflect::get(signal, &"aborted".into()).unwrap_or(JsValue::UNDEFINED);
        let listen = Reflect::get(signal, &"addEventListener".into()).unwrap_or(JsValue::UNDEFINED);
        if aborted.as_bool().is_none() || !listen.is_function() {
            return Err(WebhookError::invalid(format!("{path}.signal must be an AbortSignal")));
        }
        Ok(signal.clone())
    }

    /// A function-valued option, if given.
    pub fn function(&self, key: &str, path: &str) -> Result<Option<Function>, WebhookError> {
        match self.host(key) {
            None => Ok(None),
            Some(f) => f
                .dyn_ref::<Function>()
                .cloned()
                .map(Some)
                .ok_or_else(|| WebhookError::invalid(format!("{path}.{key} must be a function"))),
        }
    }
}

/// Reads an optional options object. `undefined`/`null` is an empty one; anything but a plain
/// object, or a field of a type JSON cannot hold outside `host_keys`, is refused.
pub fn read_options(value: &JsValue, path: &str, host_keys: &[&'static str]) -> Result<Options, WebhookError> {
    let mut out = Options { json: Json::Object(Vec::new()), host: Vec::new() };
    if value.is_undefined() || value.is_null() {
        return Ok(out);
    }
    if !value.is_object() || value.is_function() || Array::is_array(value) {
        return Err(WebhookError::invalid(format!("{path} must be an object")));
    }
    let obj: &Object = value.unchecked_ref();
    let mut fields = Vec::new();
    for key in Object::keys(obj).iter() {
        let Some(name) = key.as_string() else { continue };
        let field = Reflect::get(obj, &key).unwrap_or(JsValue::UNDEFINED);
        if field.is_undefined() || field.is_null() {
            continue;
        }
        if let Some(host_key) = host_keys.iter().find(|k| **k == name) {
            out.host.push((host_key, field));
            continue;
        }
        let json = json_from_js(&field)
            .ok_or_else(|| WebhookError::invalid(format!("{path}.{name} has an unsupported type")))?;
        fields.push((name, json));
    }
    out.json = Json::Object(fields);
    Ok(out)
}

/// Reads a webhook id argument: a string that passes the contract's checks.
pub fn read_id(value: &JsValue, field: &str) -> Result<String, WebhookError> {
    let id = value.as_string().ok_or_else(|| WebhookError::invalid(format!("{field} must be a string")))?;
    validate_id(&id, field)?;
    Ok(id)
}

/// Reads the `ids` array of `deleteMany` (each must be a string; the core checks the rest).
pub fn read_ids(value: &JsValue) -> Result<Vec<String>, WebhookError> {
    if !Array::is_array(value) {
        return Err(WebhookError::invalid("ids must be an array of strings"));
    }
    let array: &Array = value.unchecked_ref();
    let mut ids = Vec::with_capacity(array.length() as usize);
    for (i, v) in array.iter().enumerate() {
        ids.push(v.as_string().ok_or_else(|| WebhookError::invalid(format!("ids[{i}] must be a string")))?);
    }
    Ok(ids)
}

/// Reads `now` for `deleteInactive`: a `Date`, ms since the epoch, or an ISO string.
pub fn read_now(value: Option<&JsValue>) -> Result<Option<f64>, WebhookError> {
    let Some(v) = value else { return Ok(None) };
    let bad = || WebhookError::invalid("options.now must be a Date, a number of ms or an ISO 8601 string");
    let ms = if let Some(date) = v.dyn_ref::<js_sys::Date>() {
        date.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        crate::core::time::parse_iso(&s).ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    if ms.is_finite() {
        Ok(Some(ms))
    } else {
        Err(bad())
    }
}
