//! A scripted [`Env`] for native tests: answers come from a per-URL script (or a default), time is
//! virtual (sleeping advances the clock at once), and every request and audit entry is recorded.

use super::audit::AuditEntry;
use super::env::{Env, HttpRequest, HttpResponse, TransportError};
use super::json::Json;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// One scripted attempt outcome.
#[derive(Clone, Debug)]
pub enum Step {
    Answer(u16, String),
    AnswerWithRetryAfter(u16, String, String),
    Timeout,
    Network,
    /// Aborts the call while this request is in flight.
    AbortInFlight,
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
        }
    }

    /// Scripts the attempts for URLs ending in `suffix`, in order; after them the default applies.
    pub fn script(&self, suffix: &str, steps: Vec<Step>) {
        self.script.borrow_mut().insert(suffix.to_string(), steps.into());
    }

    pub fn sent(&self) -> Vec<String> {
        self.requests.borrow().iter().map(|(_, r)| format!("{} {}", r.method, r.url)).collect()
    }

    fn next_step(&self, url: &str) -> Step {
        let mut script = self.script.borrow_mut();
        let key = script.keys().filter(|k| url.ends_with(k.as_str())).max_by_key(|k| k.len()).cloned();
        key.and_then(|k| script.get_mut(&k).and_then(VecDeque::pop_front)).unwrap_or_else(|| self.default_step.clone())
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
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.borrow_mut().push((self.clock.get(), request.clone()));
        self.in_flight.set(self.in_flight.get() + 1);
        self.max_in_flight.set(self.max_in_flight.get().max(self.in_flight.get()));
        YieldOnce(false).await;
        self.in_flight.set(self.in_flight.get() - 1);
        // As a JavaScript host does: JSON bodies parsed, anything else kept as text.
        let response = |status, body: String, retry_after| HttpResponse {
            status,
            request_id: Some(format!("hdr_{}", self.requests.borrow().len())),
            retry_after,
            body: if body.trim().is_empty() { Json::Null } else { Json::parse(&body).unwrap_or(Json::String(body)) },
        };
        match self.next_step(&request.url) {
            Step::Answer(s, b) => Ok(response(s, b, None)),
            Step::AnswerWithRetryAfter(s, b, h) => Ok(response(s, b, Some(h))),
            Step::Timeout => {
                self.clock.set(self.clock.get() + request.timeout_ms as f64);
                Err(TransportError::Timeout)
            }
            Step::Network => Err(TransportError::Network("connection reset".into())),
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

    async fn audit(&self, entry: AuditEntry) {
        self.audit.borrow_mut().push(entry);
    }
}

/// Runs a future to completion on this thread (the fake's futures always wake themselves).
pub fn block_on<F: Future>(future: F) -> F::Output {
    fn noop_raw() -> RawWaker {
        fn clone(_: *const ()) -> RawWaker {
            noop_raw()
        }
        fn noop(_: *const ()) {}
        static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
        RawWaker::new(std::ptr::null(), &VTABLE)
    }
    // SAFETY: the vtable's functions ignore the null data pointer.
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    for _ in 0..10_000_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("future never completed");
}
