//! A `BulkJournal` from JavaScript (`{ read(): Promise<string>, append(lines): Promise<void> }`)
//! as the core's [`Journal`]: records become JSON lines and back, with `JSON.stringify` and
//! `JSON.parse`. A torn last line (a crash mid-append) is read as not written.

use super::body::{describe, json_stringify};
use super::callbacks::call_method;
use super::convert::{from_js, to_js};
use crate::core::model::WebhookError;
use crate::core::ops::journal::{Journal, JournalRecord, LocalFuture};
use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// The caller's journal object.
pub struct JsJournal(JsValue);

impl JsJournal {
    /// Checks that `value` has `read` and `append` methods.
    pub fn new(value: JsValue) -> Result<JsJournal, WebhookError> {
        let has = |m: &str| Reflect::get(&value, &m.into()).is_ok_and(|f| f.is_function());
        if !(value.is_object() && has("read") && has("append")) {
            return Err(WebhookError::invalid(
                "options.journal must be a BulkJournal: an object with read() and append(lines)",
            ));
        }
        Ok(JsJournal(value))
    }
}

/// The records of a journal's text; the last line may be torn.
pub fn parse_journal(text: &str) -> Result<Vec<JournalRecord>, WebhookError> {
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len() - 1;
    let mut records = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = js_sys::JSON::parse(line)
            .map_err(|e| describe(&e))
            .and_then(from_js::<JournalRecord>);
        match record {
            Ok(r) => records.push(r),
            Err(_) if n == last && !complete => {}
            Err(why) => {
                return Err(WebhookError::invalid(format!(
                    "options.journal line {} is not a journal record: {why}",
                    n + 1
                )))
            }
        }
    }
    Ok(records)
}

impl Journal for JsJournal {
    fn load(&self) -> LocalFuture<'_, Result<Vec<JournalRecord>, WebhookError>> {
        Box::pin(async move {
            let text = call_method(&self.0, "read", None).await.map_err(|e| {
                WebhookError::invalid(format!(
                    "options.journal could not be read: {}",
                    describe(&e)
                ))
            })?;
            let text = if text.is_undefined() || text.is_null() {
                String::new()
            } else {
                text.as_string().ok_or_else(|| {
                    WebhookError::invalid("options.journal.read() must resolve to a string")
                })?
            };
            parse_journal(&text)
        })
    }

    fn append(&self, records: Vec<JournalRecord>) -> LocalFuture<'_, Result<(), String>> {
        Box::pin(async move {
            let mut lines = String::new();
            for r in &records {
                let line = json_stringify(&to_js(r)).map_err(|e| describe(&e))?;
                lines.push_str(&String::from(line));
                lines.push('\n');
            }
            call_method(&self.0, "append", Some(&JsValue::from_str(&lines)))
                .await
                .map(|_| ())
                .map_err(|e| describe(&e))
        })
    }
}
