//! The client-wide gate every request passes before it is sent: the pause a 429's Retry-After
//! asks for (it holds every request of the client, not only the one that got it), and the
//! optional pacing of `maxRequestsPerSecond`.
//!
//! Pacing spaces requests `1000 / N` ms apart (slots taken in call order, so concurrent requests
//! queue instead of bunching up), and checks the actual times too: a timer that fires late would
//! otherwise squeeze the next gap, and a request slow to reach the server (the first one of a
//! process opens the connection) would arrive closer to the next. No request leaves while N of
//! the last ones left, or were answered, within the last second (widened by [`PACING_MARGIN`]):
//! a request reaches the server between its send and its answer, so counting the later of the
//! two keeps the server's view within the limit too.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

/// How much wider than the nominal spacing and window the gate keeps requests apart.
pub const PACING_MARGIN: f64 = 1.05;

/// The pause and the pacing shared by every request of one client.
#[derive(Debug, Default)]
pub struct Gate {
    pause_until: Cell<f64>,
    next_slot: Cell<f64>,
    interval_ms: f64,
    /// The last `window_count` requests: a number each, and when they left (or, once
    /// answered, when their answer came).
    recent: RefCell<VecDeque<(u64, f64)>>,
    sent_count: Cell<u64>,
    window_count: usize,
    window_ms: f64,
}

impl Gate {
    /// A gate that paces for `max_per_second` (none when `None`).
    pub fn new(max_per_second: Option<f64>) -> Self {
        let Some(n) = max_per_second else {
            return Gate::default();
        };
        // At most `count` requests in any `window` ms: N per second, or one per 1/N s below 1.
        let count = n.floor().max(1.0);
        Gate {
            interval_ms: 1000.0 / n * PACING_MARGIN,
            window_count: count as usize,
            window_ms: 1000.0 * count / n * PACING_MARGIN,
            ..Gate::default()
        }
    }

    /// Holds every request until `until_ms` (never shortens an existing pause).
    pub fn pause_until(&self, until_ms: f64) {
        if until_ms > self.pause_until.get() {
            self.pause_until.set(until_ms);
        }
    }

    /// How long the pause still holds.
    pub fn paused_for(&self, now_ms: f64) -> f64 {
        (self.pause_until.get() - now_ms).max(0.0)
    }

    /// Takes the next free slot (after any pause, `interval` after the last one taken) and
    /// returns how long to wait for it.
    pub fn take_slot(&self, now_ms: f64) -> f64 {
        let at = now_ms.max(self.pause_until.get()).max(self.next_slot.get());
        if self.interval_ms > 0.0 {
            self.next_slot.set(at + self.interval_ms);
        }
        (at - now_ms).max(self.window_wait(now_ms))
    }

    /// How long until one more request may leave without exceeding the window.
    pub fn window_wait(&self, now_ms: f64) -> f64 {
        let recent = self.recent.borrow();
        if self.window_count == 0 || recent.len() < self.window_count {
            return 0.0;
        }
        let oldest = recent.iter().map(|(_, t)| *t).fold(f64::INFINITY, f64::min);
        (oldest + self.window_ms - now_ms).max(0.0)
    }

    /// Notes that a request leaves now; returns its number for [`Gate::answered`].
    pub fn sent(&self, now_ms: f64) -> u64 {
        let n = self.sent_count.get();
        self.sent_count.set(n + 1);
        if self.window_count > 0 {
            let mut recent = self.recent.borrow_mut();
            recent.push_back((n, now_ms));
            while recent.len() > self.window_count {
                recent.pop_front();
            }
        }
        n
    }

    /// Notes that request `n` got its answer (or gave up) now.
    pub fn answered(&self, n: u64, now_ms: f64) {
        if let Some(entry) = self.recent.borrow_mut().iter_mut().find(|(i, _)| *i == n) {
            entry.1 = entry.1.max(now_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_and_follow_pauses() {
        let g = Gate::new(Some(10.0));
        assert_eq!(g.take_slot(1000.0), 0.0);
        assert_eq!(g.take_slot(1000.0), 105.0);
        assert_eq!(g.take_slot(1000.0), 210.0);
        g.pause_until(2000.0);
        assert_eq!(g.take_slot(1500.0), 500.0);
        let free = Gate::new(None);
        assert_eq!((free.take_slot(5.0), free.take_slot(5.0)), (0.0, 0.0));
    }

    #[test]
    fn late_sends_never_squeeze_the_window() {
        let g = Gate::new(Some(2.0));
        let first = g.sent(0.0);
        g.sent(900.0);
        // Two sent in the window: the next must wait until the first is a (widened) second old.
        assert_eq!(g.window_wait(950.0), 1050.0 - 950.0);
        assert_eq!(g.window_wait(1100.0), 0.0);
        // A first request answered late may have reached the server late: the window follows it.
        g.answered(first, 80.0);
        assert_eq!(g.window_wait(1100.0), 1130.0 - 1100.0);
        let slow = Gate::new(Some(0.5));
        slow.sent(0.0);
        assert_eq!(
            slow.window_wait(1000.0),
            2100.0 - 1000.0,
            "one request per two seconds"
        );
    }
}
