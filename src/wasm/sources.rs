//! `deleteMany`'s ids from JavaScript: an array is read whole (and checked before anything is
//! sent); any other iterable or async iterable is read one id at a time as the run needs them.

use super::body::describe;
use crate::core::model::WebhookError;
use crate::core::ops::pool::Source;
use js_sys::{Array, Function, Promise, Reflect, Symbol};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What `ids` was.
pub enum Ids {
    /// An array, read whole.
    Array(Vec<String>),
    /// An iterator to read as the run goes.
    Stream(JsIds),
}

/// Reads `ids`: an array of strings, or an iterable / async iterable of strings (not a string).
pub fn read_ids(value: &JsValue) -> Result<Ids, WebhookError> {
    if Array::is_array(value) {
        let array: &Array = value.unchecked_ref();
        let mut ids = Vec::with_capacity(array.length() as usize);
        for (i, v) in array.iter().enumerate() {
            ids.push(
                v.as_string()
                    .ok_or_else(|| WebhookError::invalid(format!("ids[{i}] must be a string")))?,
            );
        }
        return Ok(Ids::Array(ids));
    }
    let bad = || {
        WebhookError::invalid("ids must be an array, an iterable or an async iterable of strings")
    };
    if !value.is_object() {
        return Err(bad());
    }
    let method = |symbol: Symbol| {
        Reflect::get(value, &symbol)
            .ok()
            .and_then(|m| m.dyn_into::<Function>().ok())
    };
    let (make, is_async) = match (method(Symbol::async_iterator()), method(Symbol::iterator())) {
        (Some(m), _) => (m, true),
        (None, Some(m)) => (m, false),
        (None, None) => return Err(bad()),
    };
    let iterator = make.call0(value).map_err(|e| {
        WebhookError::invalid(format!("ids could not be iterated: {}", describe(&e)))
    })?;
    let next: Function = Reflect::get(&iterator, &"next".into())
        .ok()
        .and_then(|n| n.dyn_into().ok())
        .ok_or_else(bad)?;
    Ok(Ids::Stream(JsIds {
        iterator,
        next,
        is_async,
        pending: None,
        done: false,
        index: 0,
    }))
}

/// A JavaScript iterator of ids.
pub struct JsIds {
    iterator: JsValue,
    next: Function,
    is_async: bool,
    pending: Option<Pin<Box<JsFuture>>>,
    done: bool,
    index: usize,
}

impl JsIds {
    fn failed(&mut self, e: &JsValue) -> Poll<Option<Result<String, WebhookError>>> {
        self.done = true;
        Poll::Ready(Some(Err(WebhookError::invalid(format!(
            "ids: reading the next id failed: {}",
            describe(e)
        )))))
    }

    fn item(&mut self, result: &JsValue) -> Poll<Option<Result<String, WebhookError>>> {
        if Reflect::get(result, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(false)
        {
            self.done = true;
            return Poll::Ready(None);
        }
        let value = Reflect::get(result, &"value".into()).unwrap_or(JsValue::UNDEFINED);
        let i = self.index;
        self.index += 1;
        match value.as_string() {
            Some(id) => Poll::Ready(Some(Ok(id))),
            None => {
                self.done = true;
                Poll::Ready(Some(Err(WebhookError::invalid(format!(
                    "ids[{i}] must be a string"
                )))))
            }
        }
    }
}

impl Source for JsIds {
    type Item = String;

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<String, WebhookError>>> {
        if self.done {
            return Poll::Ready(None);
        }
        if !self.is_async {
            return match self.next.call0(&self.iterator) {
                Ok(result) => self.item(&result),
                Err(e) => self.failed(&e),
            };
        }
        if self.pending.is_none() {
            match self.next.call0(&self.iterator) {
                Ok(p) => self.pending = Some(Box::pin(JsFuture::from(Promise::resolve(&p)))),
                Err(e) => return self.failed(&e),
            }
        }
        let Some(pending) = self.pending.as_mut() else {
            return Poll::Ready(None);
        };
        match pending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(result) => {
                self.pending = None;
                match result {
                    Ok(r) => self.item(&r),
                    Err(e) => self.failed(&e),
                }
            }
        }
    }

    fn rest(&mut self) -> Vec<String> {
        Vec::new()
    }
}
