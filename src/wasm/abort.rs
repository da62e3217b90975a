//! A call's `AbortSignal`, listened to once per call. Attempts and sleeps register triggers with
//! the hub instead of adding listeners to the caller's signal, so a bulk call at concurrency 64
//! adds one listener, not one per request (Node warns past ten on one signal).

use super::timers::{Trigger, Why};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[derive(Default)]
struct Watchers {
    fired: Cell<bool>,
    triggers: RefCell<Vec<Weak<Trigger>>>,
}

impl Watchers {
    fn fire(&self) {
        self.fired.set(true);
        for t in self.triggers.take() {
            if let Some(t) = t.upgrade() {
                t.fire(Why::Aborted);
            }
        }
    }
}

/// The call's signal (if any), with the one listener that fans its abort out.
pub struct AbortHub {
    signal: Option<AbortSignal>,
    watchers: Rc<Watchers>,
    listener: Option<Closure<dyn FnMut()>>,
}

impl AbortHub {
    /// A hub for `signal`; a signal that already fired counts at once.
    pub fn new(signal: Option<AbortSignal>) -> AbortHub {
        let watchers = Rc::new(Watchers::default());
        let mut listener = None;
        if let Some(s) = &signal {
            if s.aborted() {
                watchers.fired.set(true);
            } else {
                let w = Rc::clone(&watchers);
                let callback = Closure::<dyn FnMut()>::new(move || w.fire());
                let _ =
                    s.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
                listener = Some(callback);
            }
        }
        AbortHub {
            signal,
            watchers,
            listener,
        }
    }

    /// Whether the call was aborted.
    pub fn aborted(&self) -> bool {
        self.watchers.fired.get()
    }

    /// Fires `trigger` when the call is aborted (at once if it already was).
    pub fn watch(&self, trigger: &Rc<Trigger>) {
        if self.signal.is_none() {
            return;
        }
        if self.aborted() {
            trigger.fire(Why::Aborted);
            return;
        }
        let mut list = self.watchers.triggers.borrow_mut();
        if list.len() >= 64 {
            list.retain(|t| t.strong_count() > 0);
        }
        list.push(Rc::downgrade(trigger));
    }
}

impl Drop for AbortHub {
    fn drop(&mut self) {
        if let (Some(s), Some(l)) = (&self.signal, &self.listener) {
            let _ = s.remove_event_listener_with_callback("abort", l.as_ref().unchecked_ref());
        }
    }
}
