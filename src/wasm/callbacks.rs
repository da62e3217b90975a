//! Calling the caller's functions (confirm, backup stores, sinks, journals, progress) so that
//! whatever they do (throw, reject, return a value or a promise) never throws into the library.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Whether `value` is a promise or another thenable.
pub fn is_thenable(value: &JsValue) -> bool {
    value.is_object() && Reflect::get(value, &"then".into()).is_ok_and(|t| t.is_function())
}

/// Calls `f(arg)` (sync or async) and waits for its value; `Err` is what it threw or rejected.
pub async fn call_user(f: &Function, arg: &JsValue) -> Result<JsValue, JsValue> {
    let value = f.call1(&JsValue::NULL, arg)?;
    if is_thenable(&value) {
        JsFuture::from(Promise::resolve(&value)).await
    } else {
        Ok(value)
    }
}

/// Calls `object[method](...args)` as [`call_user`] does; a missing method is an error.
pub async fn call_method(
    object: &JsValue,
    method: &str,
    arg: Option<&JsValue>,
) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(object, &method.into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{method} is not a function")))?;
    let value = match arg {
        Some(a) => f.call1(object, a)?,
        None => f.call0(object)?,
    };
    if is_thenable(&value) {
        JsFuture::from(Promise::resolve(&value)).await
    } else {
        Ok(value)
    }
}
