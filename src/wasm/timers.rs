//! One-shot triggers fired by a timer, an abort or nothing at all, and the race of a future
//! against one. `setTimeout`/`clearTimeout` are bound as globals, so one build runs in Node,
//! browsers and workers.

use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Why a trigger fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The attempt's time ran out.
    Timeout,
    /// The caller's signal fired.
    Aborted,
    /// A sleep ended.
    Elapsed,
}

/// Fires once; a future can wait for it, or race against it.
#[derive(Default)]
pub struct Trigger {
    fired: Cell<Option<Why>>,
    waker: RefCell<Option<Waker>>,
}

impl Trigger {
    /// A trigger that has not fired.
    pub fn new() -> Rc<Trigger> {
        Rc::new(Trigger::default())
    }

    /// Fires (the first reason wins) and wakes the waiter.
    pub fn fire(&self, why: Why) {
        if self.fired.get().is_none() {
            self.fired.set(Some(why));
            if let Some(w) = self.waker.borrow_mut().take() {
                w.wake();
            }
        }
    }

    /// Why it fired, if it has.
    pub fn fired(&self) -> Option<Why> {
        self.fired.get()
    }

    /// Waits until it fires.
    pub async fn wait(&self) -> Why {
        poll_fn(|cx| match self.fired.get() {
            Some(why) => Poll::Ready(why),
            None => {
                *self.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

/// A running `setTimeout` that fires a trigger; dropping it clears the timeout.
pub struct Timer {
    handle: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Fires `trigger` with `why` after `ms`.
    pub fn start(ms: f64, trigger: &Rc<Trigger>, why: Why) -> Timer {
        let trigger = Rc::clone(trigger);
        let callback = Closure::<dyn FnMut()>::new(move || trigger.fire(why));
        let handle = set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// How a race ended.
pub enum Raced<T> {
    /// The future finished first.
    Done(T),
    /// The trigger fired first.
    Fired(Why),
}

/// Runs `future` until it finishes or `trigger` fires, whichever is first.
pub async fn race<F: Future>(future: F, trigger: &Trigger) -> Raced<F::Output> {
    let mut future = pin!(future);
    poll_fn(|cx| {
        if let Some(why) = trigger.fired() {
            return Poll::Ready(Raced::Fired(why));
        }
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            return Poll::Ready(Raced::Done(out));
        }
        *trigger.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    })
    .await
}
