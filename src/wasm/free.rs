//! The package's free functions: `isWebhookError`, `formatFinalStatistics`, `localStorageSink`.

use super::body::json_stringify;
use crate::core::model::stats::format_final_statistics as format_block;
use crate::core::model::{FinalStatistics, WebhookError};
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// True when `error` is a `WebhookError` thrown or rejected by this library.
#[wasm_bindgen(js_name = isWebhookError, unchecked_return_type = "error is WebhookError")]
pub fn is_webhook_error(#[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue) -> bool {
    error.is_instance_of::<js_sys::Error>()
        && error.unchecked_ref::<js_sys::Error>().name() == "WebhookError"
        && Reflect::get(&error, &"code".into()).is_ok_and(|c| c.is_string())
}

/// An ISO time as the user's local time, as the source documents print it.
fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_string();
    }
    // `toLocaleString()` with no arguments: the user's own locale and time zone.
    Reflect::get(&date, &"toLocaleString".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&date).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| iso.to_string())
}

/// Formats a webhook's final statistics as the source documents print them: deliveries,
/// failures, success rate with two decimals, and the last delivery in local time.
#[wasm_bindgen(js_name = formatFinalStatistics)]
pub fn format_final_statistics(
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "FinalStatistics")] stats: JsValue,
) -> Result<String, JsValue> {
    let stats: FinalStatistics = super::convert::from_js(stats)
        .map_err(|_| WebhookError::invalid("stats must be a FinalStatistics object"))?;
    Ok(format_block(id, &stats, local_time))
}

/// An audit sink for browsers that appends each entry as one JSON line to `localStorage[key]`
/// (default `"webhook-delete:audit"`). Where there is no `localStorage` it throws, so the entry
/// stays pending in the log.
#[wasm_bindgen(js_name = localStorageSink, unchecked_return_type = "AuditSink")]
pub fn local_storage_sink(key: Option<String>) -> Function {
    let key = key.unwrap_or_else(|| "webhook-delete:audit".to_string());
    let append = move |entry: JsValue| -> Result<(), JsValue> {
        let storage = Reflect::get(&js_sys::global(), &"localStorage".into())?;
        let storage: web_sys::Storage = storage
            .dyn_into()
            .map_err(|_| js_sys::Error::new("localStorage is not available here"))?;
        let line: String = json_stringify(&entry)?.into();
        let before = storage.get_item(&key)?.unwrap_or_default();
        storage.set_item(&key, &format!("{before}{line}\n"))
    };
    Closure::<dyn FnMut(JsValue) -> Result<(), JsValue>>::new(append)
        .into_js_value()
        .unchecked_into()
}
