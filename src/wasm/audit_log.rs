//! The exported `AuditLog`: entries in memory, delivered in order to an optional sink. A sink that
//! throws or rejects never fails a delete; its entry stays pending until a later delivery or
//! `flush()` gets it through.

use super::convert::{error_to_js, json_from_js, json_to_js, to_js};
use crate::core::json::Json;
use super::host::call_user;
use super::input::read_options;
use crate::core::audit::{AuditEntry, AuditLog as CoreLog};
use crate::core::options::opt_number;
use js_sys::{Function, Promise};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

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
    /// Bumped by `clear()`, so a delivery in progress never marks a newer entry as taken.
    generation: Cell<u32>,
    /// Resolvers of `flush()` calls waiting for the delivery in progress.
    waiting: RefCell<Vec<Function>>,
}

impl AuditShared {
    /// Appends an entry and delivers everything pending, in order.
    pub async fn record(self: &Rc<Self>, entry: AuditEntry) {
        self.log.borrow_mut().push(entry);
        if self.sink.is_none() {
            self.log.borrow_mut().mark_all_delivered();
            return;
        }
        self.deliver().await;
    }

    async fn deliver(self: &Rc<Self>) {
        let Some(sink) = self.sink.as_ref() else { return };
        if self.delivering.replace(true) {
            return; // the delivery in progress will reach the new entry
        }
        loop {
            let generation = self.generation.get();
            let Some(entry) = self.log.borrow().next_undelivered().map(to_js) else { break };
            if !call_user(sink, &entry).await.ok() {
                break;
            }
            if generation == self.generation.get() {
                self.log.borrow_mut().mark_delivered();
            }
        }
        self.delivering.set(false);
        for resolve in self.waiting.take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    }

    async fn flush(self: &Rc<Self>) -> usize {
        if self.delivering.get() {
            let waiting = Rc::clone(self);
            let idle = Promise::new(&mut |resolve, _| waiting.waiting.borrow_mut().push(resolve));
            let _ = JsFuture::from(idle).await;
        }
        self.deliver().await;
        self.log.borrow().pending()
    }
}

/// An audit log: one entry per delete call, kept in memory and handed to an optional sink.
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
            generation: Cell::new(0),
            waiting: RefCell::new(Vec::new()),
        });
        let id = NEXT_ID.with(|n| n.replace(n.get().wrapping_add(1)));
        LOGS.with(|logs| logs.borrow_mut().push((id, Rc::downgrade(&shared))));
        AuditLog { id, shared }
    }

    /// The storage behind an `AuditLog` JavaScript object, if `value` is one.
    pub fn shared_of(value: &JsValue) -> Option<Rc<AuditShared>> {
        let id = js_sys::Reflect::get(value, &"__auditLogId".into()).ok()?.as_f64()? as u32;
        LOGS.with(|logs| logs.borrow().iter().find(|(i, _)| *i == id).and_then(|(_, log)| log.upgrade()))
    }

    /// A new in-memory log without a sink, with its shared storage.
    pub fn in_memory() -> (AuditLog, Rc<AuditShared>) {
        let log = AuditLog::from_core(CoreLog::new(None), None);
        let shared = Rc::clone(&log.shared);
        (log, shared)
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
    pub fn new(options: Option<super::types::AuditLogOptionsArg>) -> Result<AuditLog, JsValue> {
        let options = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let parsed = read_options(&options, "options", &["sink"]).map_err(|e| error_to_js(&e))?;
        let run = || {
            crate::core::options::refuse_unknown(&parsed.json, &["maxEntries"], "options")?;
            let max = opt_number(&parsed.json, "maxEntries", "options.maxEntries", 1.0, 4_294_967_295.0, true)?;
            let sink = parsed.function("sink", "options")?;
            Ok(AuditLog::from_core(CoreLog::new(max.map(|n| n as usize)), sink))
        };
        run().map_err(|e| error_to_js(&e))
    }

    /// Entries in memory, oldest first; only those of `webhookId` when given.
    #[wasm_bindgen(unchecked_return_type = "AuditEntry[]")]
    pub fn history(&self, #[wasm_bindgen(js_name = webhookId)] webhook_id: Option<String>) -> JsValue {
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
        let print = |json: &Json| js_sys::JSON::stringify(&json_to_js(json)).ok().and_then(|s| s.as_string()).unwrap_or_default();
        self.shared.log.borrow().to_jsonl(print)
    }

    /// Reads JSON Lines back into a log (without a sink). A malformed line is an `invalid_input`
    /// error naming its line number.
    #[wasm_bindgen(js_name = fromJSONL)]
    pub fn from_jsonl(text: &str) -> Result<AuditLog, JsValue> {
        let parse = |line: &str| js_sys::JSON::parse(line).ok().and_then(|v| json_from_js(&v));
        CoreLog::from_jsonl(text, parse).map(|log| AuditLog::from_core(log, None)).map_err(|e| error_to_js(&e))
    }

    /// Delivers the entries the sink failed to take, in order; resolves to how many remain.
    #[wasm_bindgen(unchecked_return_type = "Promise<number>")]
    pub fn flush(&self) -> Promise {
        let shared = Rc::clone(&self.shared);
        future_to_promise(async move { Ok(JsValue::from(shared.flush().await as u32)) })
    }

    /// Forgets every entry in memory, delivered or not.
    pub fn clear(&self) {
        self.shared.generation.set(self.shared.generation.get().wrapping_add(1));
        self.shared.log.borrow_mut().clear();
    }

    /// Identifies this log to the clients that write to it.
    #[wasm_bindgen(getter, js_name = "__auditLogId", skip_typescript)]
    pub fn audit_log_id(&self) -> u32 {
        self.id
    }
}
