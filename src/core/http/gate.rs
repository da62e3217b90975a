//! The client-wide gate every request passes before it is sent: the pause a 429's Retry-After
//! asks for (it holds every request of the client, not only the one that got it), and the
//! optional pacing of `maxRequestsPerSecond`.

use std::cell::Cell;

/// Requests are spaced this much wider than `1000 / N` ms, so that network jitter between the
/// client and the server cannot squeeze N + 1 requests into one second at the server.
pub const PACING_MARGIN: f64 = 1.02;

/// The pause and the pacing shared by every request of one client.
#[derive(Debug, Default)]
pub struct Gate {
    pause_until: Cell<f64>,
    next_slot: Cell<f64>,
    interval_ms: f64,
}

impl Gate {
    /// A gate that spaces requests for `max_per_second` (none when `None`).
    pub fn new(max_per_second: Option<f64>) -> Self {
        let interval_ms = max_per_second.map_or(0.0, |n| 1000.0 / n * PACING_MARGIN);
        Gate { pause_until: Cell::new(0.0), next_slot: Cell::new(0.0), interval_ms }
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

    /// Takes the next free moment to send at (after any pause, and `interval` after the last
    /// one taken) and returns how long to wait for it. Slots are taken in call order, so
    /// concurrent requests queue instead of bunching up.
    pub fn take_slot(&self, now_ms: f64) -> f64 {
        let at = now_ms.max(self.pause_until.get()).max(self.next_slot.get());
        if self.interval_ms > 0.0 {
            self.next_slot.set(at + self.interval_ms);
        }
        at - now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_and_follow_pauses() {
        let g = Gate::new(Some(10.0));
        assert_eq!(g.take_slot(1000.0), 0.0);
        assert_eq!(g.take_slot(1000.0), 102.0);
        assert_eq!(g.take_slot(1000.0), 204.0);
        g.pause_until(2000.0);
        assert_eq!(g.take_slot(1500.0), 500.0);
        let free = Gate::new(None);
        assert_eq!((free.take_slot(5.0), free.take_slot(5.0)), (0.0, 0.0));
    }
}
