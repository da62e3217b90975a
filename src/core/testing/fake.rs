//! A scripted [`Env`]: answers come from a per-request script (or a default), time is virtual
//! (sleeping advances the clock at once), and every request and audit entry is recorded.

use crate::core::audit::AuditEntry;
use crate::core::audit::Delivery;
use crate::core::env::{Body, Env, HttpRequest, HttpResponse, TransportError};
use crate::core::fields::Fields;
use crate::core::http::gate::Gate;
use crate::core::model::WebhookError;
use crate::core::ops::journal::{Journal, JournalRecord, LocalFuture};
use crate::core::ops::Ctx;
use crate::core::options::client::{parse_client_options, ClientConfig};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

pub const KEY: &str = "sk_test_SECRET";

/// One scripted attempt outcome.
#[derive(Clone, Debug)]
pub enum Step {
    Answer(u16, String),
    AnswerWithRetryAfter(u16, String, String),
    /// A body the host stopped reading at the byte limit.
    Truncated(u16, String),
    Timeout,
    Network,
    /// Aborts the call while this request is in flight.
    AbortInFlight,
}

pub fn answer(status: u16, body: serde_json::Value) -> Step {
    Step::Answer(status, body.to_string())
}

/// A body as a JavaScript host hands it over: text, decoded on demand.
#[derive(Clone, Debug, PartialEq)]
pub struct FakeBody {
    text: String,
    truncated: bool,
}

impl Body for FakeBody {
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(&self.text);
        serde_path_to_error::deserialize(&mut de)
            .map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }
    fn object(&self) -> Option<Box<dyn Fields + '_>> {
        let value: serde_json::Value = serde_json::from_str(&self.text).ok()?;
        value
            .is_object()
            .then(|| Box::new(value) as Box<dyn Fields>)
    }
    fn text(&self) -> String {
        self.text.clone()
    }
    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
    fn truncated(&self) -> bool {
        self.truncated
    }
}

pub struct FakeEnv {
    pub clock: Cell<f64>,
    script: RefCell<HashMap<String, VecDeque<Step>>>,
    default_step: Step,
    pub requests: RefCell<Vec<(f64, HttpRequest)>>,
    pub sleeps: RefCell<Vec<f64>>,
    pub audit: RefCell<Vec<AuditEntry>>,
    pub abort_flag: Cell<bool>,
    /// Abort the call when the n-th sleep starts (1-based).
    pub abort_on_sleep: Cell<Option<usize>>,
    pub in_flight: Cell<usize>,
    pub max_in_flight: Cell<usize>,
    /// Tickets the (imagined) sink refuses.
    pub refuse_audit: RefCell<Vec<u64>>,
}

impl FakeEnv {
    pub fn new(default_step: Step) -> Self {
        FakeEnv {
            clock: Cell::new(1_700_000_000_000.0),
            script: RefCell::default(),
            default_step,
            requests: RefCell::default(),
            sleeps: RefCell::default(),
            audit: RefCell::default(),
            abort_flag: Cell::new(false),
            abort_on_sleep: Cell::new(None),
            in_flight: Cell::new(0),
            max_in_flight: Cell::new(0),
            refuse_audit: RefCell::default(),
        }
    }

    /// Scripts the attempts for requests whose "METHOD url" ends in `suffix` (or whose URL does),
    /// in order; after them the default applies.
    pub fn script(&self, suffix: &str, steps: Vec<Step>) {
        self.script
            .borrow_mut()
            .entry(suffix.to_string())
            .or_default()
            .extend(steps);
    }

    pub fn sent(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|(_, r)| format!("{} {}", r.method.as_str(), r.url))
            .collect()
    }

    pub fn sent_with(&self, method: &str) -> Vec<String> {
        self.sent()
            .into_iter()
            .filter(|s| s.starts_with(method))
            .collect()
    }

    fn next_step(&self, request: &HttpRequest) -> Step {
        let full = format!("{} {}", request.method.as_str(), request.url);
        let mut script = self.script.borrow_mut();
        let key = script
            .iter()
            .filter(|(k, steps)| {
                !steps.is_empty()
                    && (full.ends_with(k.as_str())
                        || (!k.contains(' ') && request.url.ends_with(k.as_str())))
            })
            .max_by_key(|(k, _)| k.len())
            .map(|(k, _)| k.clone());
        key.and_then(|k| script.get_mut(&k).and_then(VecDeque::pop_front))
            .unwrap_or_else(|| self.default_step.clone())
    }
}

/// Returns `Pending` once (waking itself), so concurrent workers interleave like real requests.
struct YieldOnce(bool);
impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Env for FakeEnv {
    type Body = FakeBody;

    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse<FakeBody>, TransportError> {
        self.requests
            .borrow_mut()
            .push((self.clock.get(), request.clone()));
        self.in_flight.set(self.in_flight.get() + 1);
        self.max_in_flight
            .set(self.max_in_flight.get().max(self.in_flight.get()));
        YieldOnce(false).await;
        self.in_flight.set(self.in_flight.get() - 1);
        let response = |status, text: String, retry_after, truncated| HttpResponse {
            status,
            request_id: Some(format!("hdr_{}", self.requests.borrow().len())),
            retry_after,
            body: FakeBody { text, truncated },
        };
        match self.next_step(request) {
            Step::Answer(s, b) => Ok(response(s, b, None, false)),
            Step::AnswerWithRetryAfter(s, b, h) => Ok(response(s, b, Some(h), false)),
            Step::Truncated(s, b) => Ok(response(s, b, None, true)),
            Step::Timeout => {
                self.clock
                    .set(self.clock.get() + f64::from(request.timeout_ms));
                Err(TransportError::Timeout)
            }
            Step::Network => Err(TransportError::Network {
                message: "connection reset".into(),
                cause: None,
            }),
            Step::AbortInFlight => {
                self.abort_flag.set(true);
                Err(TransportError::Aborted)
            }
        }
    }

    async fn sleep(&self, ms: f64) -> bool {
        self.sleeps.borrow_mut().push(ms);
        if self.abort_on_sleep.get() == Some(self.sleeps.borrow().len()) {
            self.abort_flag.set(true);
        }
        if self.abort_flag.get() {
            return false;
        }
        self.clock.set(self.clock.get() + ms);
        true
    }

    fn now_ms(&self) -> f64 {
        self.clock.get()
    }

    fn random(&self) -> f64 {
        0.5
    }

    fn aborted(&self) -> bool {
        self.abort_flag.get()
    }

    fn audit(&self, entry: AuditEntry, _keep: bool) -> u64 {
        let mut audit = self.audit.borrow_mut();
        audit.push(entry);
        audit.len() as u64 - 1
    }

    async fn audit_settled(&self, ticket: u64) -> Delivery {
        if self.refuse_audit.borrow().contains(&ticket) {
            Delivery::Refused
        } else {
            Delivery::Delivered
        }
    }
}

/// A journal in memory; appends fail once `fail` is set.
#[derive(Default)]
pub struct MemoryJournal {
    pub records: RefCell<Vec<JournalRecord>>,
    pub appends: Cell<usize>,
    pub fail: Cell<bool>,
}

impl Journal for MemoryJournal {
    fn load(&self) -> LocalFuture<'_, Result<Vec<JournalRecord>, WebhookError>> {
        Box::pin(async { Ok(self.records.borrow().clone()) })
    }
    fn append(&self, records: Vec<JournalRecord>) -> LocalFuture<'_, Result<(), String>> {
        Box::pin(async move {
            YieldOnce(false).await;
            if self.fail.get() {
                return Err("disk full".to_string());
            }
            self.appends.set(self.appends.get() + 1);
            self.records.borrow_mut().extend(records);
            Ok(())
        })
    }
}

/// Runs a future to completion on this thread (the fake's futures always wake themselves).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    let mut future = std::pin::pin!(future);
    for _ in 0..10_000_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("future never completed");
}

pub fn config(options: serde_json::Value) -> ClientConfig {
    parse_client_options(&options).unwrap()
}

pub fn generic() -> ClientConfig {
    config(
        serde_json::json!({"apiKey": KEY, "provider": "generic", "baseUrl": "http://127.0.0.1:9/generic"}),
    )
}

pub fn exa() -> ClientConfig {
    config(serde_json::json!({"apiKey": KEY, "baseUrl": "http://127.0.0.1:9/exa"}))
}

/// Runs `f` with a context over `config` and `env` and a fresh gate.
pub fn with<T>(config: &ClientConfig, env: &FakeEnv, f: impl FnOnce(&Ctx<'_, FakeEnv>) -> T) -> T {
    let gate = Gate::new(config.max_requests_per_second);
    let cx = Ctx {
        config,
        env,
        gate: &gate,
    };
    f(&cx)
}

pub fn ok_generic(id: &str) -> Step {
    answer(
        200,
        serde_json::json!({"id": id, "status": "deleted", "message": "Webhook deleted successfully",
            "deleted_at": "2024-01-15T10:30:00Z", "final_statistics": {"total_deliveries": 1250,
            "total_failures": 3, "success_rate": 99.76, "last_delivery_at": "2024-01-15T10:25:00Z"}}),
    )
}

pub fn status(code: u16) -> Step {
    answer(
        code,
        serde_json::json!({"error": format!("status {code}"), "code": code}),
    )
}

pub fn conflict(retry_after: f64) -> Step {
    answer(
        409,
        serde_json::json!({"error": "Webhook cannot be deleted while processing events", "code": 409,
            "details": {"reason": "Webhook has pending events", "retry_after": retry_after}, "requestId": "req_409"}),
    )
}

pub fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("w{i}")).collect()
}
