//! The exported `AuditLog`: entries in memory, handed to an optional sink in order and in
//! batches. A sink that throws or rejects never fails a delete; its entry stays pending until a
//! later delivery or `flush()` gets it through.

use super::body::json_stringify;
use super::callbacks::is_thenable;
use super::convert::{from_js, to_js};
use super::fields::{is_plain_object, JsFields};
use super::types::AuditLogOptionsArg;
use crate::core::audit::{AuditEntry, AuditLog as CoreLog, Delivery};
use crate::core::model::WebhookError;
use crate::core::options::calls::parse_audit_log_options;
use crate::core::options::fields::Fields;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::{Rc, Weak};
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local, JsFuture};

/// Entries handed to the sink in one go (each call gets one entry; the sink may batch).
const BATCH: usize = 256;

thread_local! {
    /// Live logs by id, so a `WebhookClient` handed an `AuditLog` object can find its storage.
    static LOGS: RefCell<Vec<(u32, Weak<AuditShared>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Storage and delivery state shared by an `AuditLog` object and the clients writing to it.
pub struct AuditShared {
    log: RefCell<CoreLog>,
    sink: Option<Function>,
    delivering: Cell<bool>,
    waiters: RefCell<Vec<Waker>>,
}

impl AuditShared {
    /// Appends an entry and starts delivering what is pending; never waits. Returns its ticket.
    pub fn record(self: &Rc<Self>, entry: AuditEntry, keep: bool) -> u64 {
        let ticket = self.log.borrow_mut().push(entry, keep);
        if self.sink.is_none() {
            self.log.borrow_mut().settle_all();
        } else if !self.delivering.get() {
            self.delivering.set(true);
            spawn_local(Rc::clone(self).deliver());
        }
        ticket
    }

    fn wake(&self) {
        for w in self.waiters.take() {
            w.wake();
        }
    }

    /// Hands pending entries to the sink, in order, a batch at a time, until none is left or the
    /// sink refuses one (the next record or `flush()` tries again).
    async fn deliver(self: Rc<Self>) {
        let Some(sink) = self.sink.clone() else {
            return;
        };
        loop {
            let batch = self.log.borrow_mut().take_batch_with(BATCH, to_js);
            if batch.is_empty() {
                break;
            }
            let mut waits = Vec::new();
            let mut refused = false;
            for (ticket, entry) in batch {
                match sink.call1(&JsValue::NULL, &entry) {
                    Ok(v) if is_thenable(&v) => {
                        waits.push((ticket, JsFuture::from(Promise::resolve(&v))))
                    }
                    Ok(_) => self.log.borrow_mut().settle(ticket, true),
                    Err(_) => {
                        refused = true;
                        self.log.borrow_mut().settle(ticket, false);
                    }
                }
            }
            for (ticket, wait) in waits {
                let ok = wait.await.is_ok();
                refused |= !ok;
                self.log.borrow_mut().settle(ticket, ok);
            }
            self.wake();
            if refused {
                break;
            }
        }
        self.delivering.set(false);
        self.wake();
    }

    /// Waits until the entry of `ticket` reached the sink or was refused.
    pub async fn settled(&self, ticket: u64) -> Delivery {
        poll_fn(|cx| match self.log.borrow().status(ticket) {
            Some(d) => Poll::Ready(d),
            None => {
                self.waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }

    async fn idle(&self) {
        poll_fn(|cx| {
            if self.delivering.get() {
                self.waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await
    }

    async fn flush(self: Rc<Self>) -> usize {
        self.idle().await;
        if self.sink.is_some() && self.log.borrow().has_undelivered_idle() {
            self.delivering.set(true);
            Rc::clone(&self).deliver().await;
        }
        self.log.borrow().pending()
    }
}

/// An audit log: one entry per delete or restore call, kept in memory and handed to an optional
/// sink (sync or async; it is called in order and may be called again before its previous
/// promise settles, so a sink that writes a file can batch).
#[wasm_bindgen]
pub struct AuditLog {
    id: u32,
    shared: Rc<AuditShared>,
}

impl AuditLog {
    fn from_core(log: CoreLog, sink: Option<Function>) -> AuditLog {
        let shared = Rc::new(AuditShared {
            log: RefCell::new(log),
            sink,
            delivering: Cell::new(false),
            waiters: RefCell::new(Vec::new()),
        });
        let id = NEXT_ID.with(|n| n.replace(n.get().wrapping_add(1)));
        LOGS.with(|logs| logs.borrow_mut().push((id, Rc::downgrade(&shared))));
        AuditLog { id, shared }
    }

    /// The storage behind an `AuditLog` JavaScript object, if `value` is one.
    pub fn shared_of(value: &JsValue) -> Option<Rc<AuditShared>> {
        let id = Reflect::get(value, &"__auditLogId".into()).ok()?.as_f64()? as u32;
        LOGS.with(|logs| {
            logs.borrow()
                .iter()
                .find(|(i, _)| *i == id)
                .and_then(|(_, log)| log.upgrade())
        })
    }

    /// A new in-memory log without a sink, and its storage.
    pub fn in_memory() -> (AuditLog, Rc<AuditShared>) {
        let log = AuditLog::from_core(CoreLog::new(None), None);
        let shared = Rc::clone(&log.shared);
        (log, shared)
    }

    fn build(options: JsValue) -> Result<AuditLog, WebhookError> {
        let present = !(options.is_undefined() || options.is_null());
        if present && !is_plain_object(&options) {
            return Err(WebhookError::invalid("options must be an object"));
        }
        let fields = present.then(|| JsFields(options.clone()));
        let max = parse_audit_log_options(fields.as_ref().map(|f| f as &dyn Fields))?;
        let sink = match Reflect::get(&options, &"sink".into())
            .ok()
            .filter(|s| present && !s.is_undefined() && !s.is_null())
        {
            None => None,
            Some(s) => Some(
                s.dyn_into::<Function>()
                    .map_err(|_| WebhookError::invalid("options.sink must be a function"))?,
            ),
        };
        Ok(AuditLog::from_core(CoreLog::new(max), sink))
    }
}

impl Drop for AuditLog {
    fn drop(&mut self) {
        LOGS.with(|logs| logs.borrow_mut().retain(|(i, _)| *i != self.id));
    }
}

#[wasm_bindgen]
impl AuditLog {
    /// Creates a log. `sink` receives each entry (sync or async); `maxEntries` bounds the entries
    /// kept in memory once the sink has taken them.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<AuditLogOptionsArg>) -> Result<AuditLog, JsValue> {
        Ok(AuditLog::build(
            options.map_or(JsValue::UNDEFINED, JsValue::from),
        )?)
    }

    /// Entries in memory, oldest first; only those of `webhookId` when given.
    #[wasm_bindgen(unchecked_return_type = "AuditEntry[]")]
    pub fn history(
        &self,
        #[wasm_bindgen(js_name = webhookId)] webhook_id: Option<String>,
    ) -> JsValue {
        to_js(&self.shared.log.borrow().history(webhook_id.as_deref()))
    }

    /// How many entries are in memory.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.shared.log.borrow().len() as u32
    }

    /// How many entries the sink has not taken yet.
    #[wasm_bindgen(getter)]
    pub fn pending(&self) -> u32 {
        self.shared.log.borrow().pending() as u32
    }

    /// The entries as JSON Lines, oldest first.
    #[wasm_bindgen(js_name = toJSONL)]
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for entry in self.shared.log.borrow().history(None) {
            if let Ok(line) = json_stringify(&to_js(entry)) {
                out.push_str(&String::from(line));
                out.push('\n');
            }
        }
        out
    }

    /// Reads JSON Lines back into a log (without a sink). A malformed line is an `invalid_input`
    /// error naming its line number.
    #[wasm_bindgen(js_name = fromJSONL)]
    pub fn from_jsonl(text: &str) -> Result<AuditLog, JsValue> {
        let mut log = CoreLog::new(None);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| {
                WebhookError::invalid(format!("line {} is not an audit entry: {why}", n + 1))
            };
            let value = js_sys::JSON::parse(line).map_err(|_| bad("not JSON"))?;
            let entry: AuditEntry = from_js(value).map_err(|why| bad(&why))?;
            log.push(entry, true);
        }
        log.settle_all();
        Ok(AuditLog::from_core(log, None))
    }

    /// Delivers the entries the sink failed to take, in order; resolves to how many remain.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn flush(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        future_to_promise(async move { Ok(JsValue::from(shared.flush().await as u32)) })
    }

    /// Forgets every entry in memory, delivered or not.
    pub fn clear(&self) {
        self.shared.log.borrow_mut().clear();
        self.shared.wake();
    }

    /// Identifies this log to the clients that write to it.
    #[wasm_bindgen(getter, js_name = "__auditLogId", skip_typescript)]
    pub fn audit_log_id(&self) -> u32 {
        self.id
    }
}
