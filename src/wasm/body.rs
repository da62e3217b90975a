//! Answer bodies read as a stream up to a byte limit, kept as JavaScript bytes, and parsed with
//! the host's `JSON.parse` only when the core asks for a shape.

use super::fields::{is_plain_object, JsFields};
use super::timers::{race, Raced, Trigger, Why};
use crate::core::env::{Body, TransportError};
use crate::core::fields::Fields;
use js_sys::{JsString, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStream, ReadableStreamDefaultReader};

#[wasm_bindgen]
extern "C" {
    /// `TextDecoder`, bound so its text stays a JavaScript string (never copied into wasm).
    type Utf8Decoder;
    #[wasm_bindgen(constructor, js_class = "TextDecoder")]
    fn new() -> Utf8Decoder;
    #[wasm_bindgen(method, js_name = decode)]
    fn decode(this: &Utf8Decoder, bytes: &Uint8Array) -> JsString;
    /// `JSON.parse` of a JavaScript string.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;
    /// `JSON.stringify`.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    pub fn json_stringify(value: &JsValue) -> Result<JsString, JsValue>;
}

thread_local! {
    static DECODER: Utf8Decoder = Utf8Decoder::new();
}

/// A body as read: its bytes (still in JavaScript) and whether the reading stopped at the limit.
#[derive(Default)]
pub struct JsBody {
    bytes: Option<Uint8Array>,
    truncated: bool,
}

impl JsBody {
    /// The body as a JavaScript string.
    pub fn js_text(&self) -> JsString {
        match &self.bytes {
            Some(b) => DECODER.with(|d| d.decode(b)),
            None => JsString::from(""),
        }
    }
}

impl Body for JsBody {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        let value = json_parse(&self.js_text()).map_err(|_| "not JSON".to_string())?;
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }

    fn object(&self) -> Option<Box<dyn Fields + '_>> {
        let value = json_parse(&self.js_text()).ok()?;
        is_plain_object(&value).then(|| Box::new(JsFields(value)) as Box<dyn Fields>)
    }

    fn text(&self) -> String {
        self.js_text().into()
    }

    fn is_empty(&self) -> bool {
        self.bytes.as_ref().is_none_or(|b| b.length() == 0)
    }

    fn truncated(&self) -> bool {
        self.truncated
    }
}

thread_local! {
    /// A rejection handler that does nothing, for promises whose failure is expected and moot.
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_: JsValue| {});
}

/// Reads `stream` up to `limit` bytes, racing every read against `trigger` (the attempt's
/// timeout or the call's abort). Past the limit the reading stops and the connection is
/// closed: memory stays bounded whatever the server sends, a body that never ends included.
pub async fn read_body(
    stream: Option<ReadableStream>,
    limit: u32,
    trigger: &Trigger,
    controller: &AbortController,
) -> Result<JsBody, TransportError> {
    let Some(stream) = stream else {
        return Ok(JsBody::default());
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut chunks: Vec<Uint8Array> = Vec::new();
    let mut total: u32 = 0;
    let mut truncated = false;
    let stop = |reader: &ReadableStreamDefaultReader| {
        controller.abort();
        IGNORE.with(|ignore| {
            let _ = reader.cancel().catch(ignore);
        });
    };
    loop {
        let read = match race(JsFuture::from(reader.read()), trigger).await {
            Raced::Fired(why) => {
                stop(&reader);
                return Err(match why {
                    Why::Aborted => TransportError::Aborted,
                    _ => TransportError::Timeout,
                });
            }
            Raced::Done(Err(e)) => {
                return Err(TransportError::Network {
                    message: format!("reading the answer failed: {}", describe(&e)),
                    cause: None,
                })
            }
            Raced::Done(Ok(result)) => result,
        };
        if Reflect::get(&read, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true)
        {
            break;
        }
        let Ok(chunk) =
            Reflect::get(&read, &"value".into()).and_then(|v| v.dyn_into::<Uint8Array>())
        else {
            break;
        };
        let room = limit - total;
        if chunk.length() > room {
            chunks.push(chunk.subarray(0, room));
            truncated = true;
            stop(&reader);
            break;
        }
        total += chunk.length();
        chunks.push(chunk);
    }
    let bytes = match chunks.len() {
        0 => None,
        1 => chunks.pop(),
        _ => {
            let all = Uint8Array::new_with_length(chunks.iter().map(Uint8Array::length).sum());
            let mut at = 0;
            for c in &chunks {
                all.set(c, at);
                at += c.length();
            }
            Some(all)
        }
    };
    Ok(JsBody { bytes, truncated })
}

/// A readable message for any thrown value: its `message` (and its cause's code), or its text.
pub fn describe(error: &JsValue) -> String {
    let get = |v: &JsValue, k: &str| {
        Reflect::get(v, &k.into())
            .ok()
            .filter(|x| !x.is_undefined() && !x.is_null())
    };
    let text = get(error, "message")
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string());
    let detail = get(error, "cause")
        .and_then(|c| get(&c, "code").or_else(|| get(&c, "message")))
        .and_then(|d| d.as_string());
    match detail {
        Some(d) => format!("{text} ({d})"),
        None => text,
    }
}
