//! The audit log's memory: entries in recorded order, each with where it stands with the sink.
//! The host delivers them (in batches, in order) and reports back; an entry the sink refused
//! stays, and is offered again with the next delivery or `flush()`.

use super::entry::AuditEntry;
use std::collections::VecDeque;

#[derive(Debug)]
struct Slot {
    /// `None` once a delivered entry that is not kept has been let go.
    entry: Option<AuditEntry>,
    delivered: bool,
    /// Handed to the sink, answer not back yet.
    in_flight: bool,
    /// The sink's last answer for it was a refusal.
    refused: bool,
    /// Kept in memory after delivery (false for bulk runs with `keepResults: false`).
    keep: bool,
}

/// Where an audit entry stands with the log's sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The sink took it (or the log has no sink).
    Delivered,
    /// The sink threw; the entry stays pending in memory for `flush()`.
    Refused,
}

/// Entries in memory, oldest first. A ticket names an entry for as long as the log lives.
#[derive(Debug, Default)]
pub struct AuditLog {
    slots: VecDeque<Slot>,
    /// Ticket of `slots[0]`.
    first_ticket: u64,
    /// Tickets below this were forgotten by `clear()` (delivered or not).
    cleared_below: u64,
    undelivered: usize,
    /// How many slots at the front are delivered: scans for undelivered entries start here, so
    /// recording and delivering stay constant work per entry however many entries are kept.
    delivered_prefix: usize,
    entries: usize,
    max_entries: Option<usize>,
}

impl AuditLog {
    /// A log that keeps at most `max_entries` delivered entries in memory (all if `None`).
    pub fn new(max_entries: Option<usize>) -> Self {
        AuditLog {
            max_entries,
            ..Default::default()
        }
    }

    fn next_ticket(&self) -> u64 {
        self.first_ticket + self.slots.len() as u64
    }

    /// Appends an entry, not yet delivered; returns its ticket.
    pub fn push(&mut self, entry: AuditEntry, keep: bool) -> u64 {
        let ticket = self.next_ticket();
        self.slots.push_back(Slot {
            entry: Some(entry),
            delivered: false,
            in_flight: false,
            refused: false,
            keep,
        });
        self.undelivered += 1;
        self.entries += 1;
        ticket
    }

    /// Up to `max` undelivered entries not already with the sink, oldest first, each turned into
    /// what the sink takes by `f`, now marked as handed over.
    pub fn take_batch_with<T>(
        &mut self,
        max: usize,
        mut f: impl FnMut(&AuditEntry) -> T,
    ) -> Vec<(u64, T)> {
        let first = self.first_ticket;
        let start = self.delivered_prefix;
        let mut out = Vec::new();
        for (i, slot) in (start..).zip(self.slots.range_mut(start..)) {
            if out.len() == max {
                break;
            }
            if !slot.delivered && !slot.in_flight {
                if let Some(entry) = &slot.entry {
                    slot.in_flight = true;
                    out.push((first + i as u64, f(entry)));
                }
            }
        }
        out
    }

    /// A log without a sink: every entry counts as delivered at once. Entries not kept (bulk
    /// runs with `keepResults: false`) are let go like delivered ones, as the contract bounds
    /// what such a run holds; a log that must keep them is given a sink.
    pub fn settle_all(&mut self) {
        let start = self.delivered_prefix;
        for slot in self.slots.range_mut(start..).filter(|s| !s.delivered) {
            slot.delivered = true;
            slot.in_flight = false;
            slot.refused = false;
            if !slot.keep && slot.entry.take().is_some() {
                self.entries -= 1;
            }
        }
        self.undelivered = 0;
        self.delivered_prefix = self.slots.len();
        self.trim();
    }

    /// Records the sink's answer for the entry of `ticket`.
    pub fn settle(&mut self, ticket: u64, delivered: bool) {
        let Some(slot) = ticket
            .checked_sub(self.first_ticket)
            .and_then(|i| self.slots.get_mut(i as usize))
        else {
            return;
        };
        if !slot.in_flight {
            return;
        }
        slot.in_flight = false;
        slot.refused = !delivered;
        if delivered && !slot.delivered {
            slot.delivered = true;
            self.undelivered -= 1;
            if !slot.keep {
                slot.entry = None;
                self.entries -= 1;
            }
        }
        while self
            .slots
            .get(self.delivered_prefix)
            .is_some_and(|s| s.delivered)
        {
            self.delivered_prefix += 1;
        }
        self.trim();
    }

    fn trim(&mut self) {
        let max = self.max_entries.unwrap_or(usize::MAX);
        while let Some(front) = self.slots.front() {
            let gone = front.entry.is_none();
            if !front.delivered || !(gone || self.entries > max) {
                break;
            }
            if !gone {
                self.entries -= 1;
            }
            self.slots.pop_front();
            self.first_ticket += 1;
            self.delivered_prefix -= 1;
        }
    }

    /// Where the entry of `ticket` stands: `None` while the sink has not answered.
    pub fn status(&self, ticket: u64) -> Option<Delivery> {
        if ticket < self.cleared_below && ticket < self.first_ticket {
            return Some(Delivery::Refused);
        }
        match ticket
            .checked_sub(self.first_ticket)
            .and_then(|i| self.slots.get(i as usize))
        {
            None => Some(Delivery::Delivered),
            Some(slot) if slot.delivered => Some(Delivery::Delivered),
            Some(slot) if slot.refused && !slot.in_flight => Some(Delivery::Refused),
            Some(_) => None,
        }
    }

    /// Whether any entry is waiting to be handed to the sink.
    pub fn has_undelivered_idle(&self) -> bool {
        self.slots
            .range(self.delivered_prefix..)
            .any(|s| !s.delivered && !s.in_flight && s.entry.is_some())
    }

    /// How many entries the sink has not taken yet.
    pub fn pending(&self) -> usize {
        self.undelivered
    }

    /// Entries in memory, oldest first, optionally only for one webhook.
    pub fn history(&self, webhook_id: Option<&str>) -> Vec<&AuditEntry> {
        self.slots
            .iter()
            .filter_map(|s| s.entry.as_ref())
            .filter(|e| webhook_id.is_none_or(|id| e.webhook_id == id))
            .collect()
    }

    /// Entries in memory.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether the log holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Forgets every entry, delivered or not.
    pub fn clear(&mut self) {
        self.first_ticket = self.next_ticket();
        self.cleared_below = self.first_ticket;
        self.slots.clear();
        self.undelivered = 0;
        self.delivered_prefix = 0;
        self.entries = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::audit::AuditOutcome;
    use std::rc::Rc;

    fn entry(id: &str) -> AuditEntry {
        AuditEntry::ended(
            id,
            AuditOutcome::Cancelled,
            &Rc::from("ops"),
            "2024-01-01T00:00:00.000Z".into(),
            1.0,
        )
    }

    fn ids(log: &AuditLog) -> Vec<&str> {
        log.history(None)
            .iter()
            .map(|e| e.webhook_id.as_str())
            .collect()
    }

    #[test]
    fn delivery_in_batches_with_a_refusal() {
        let mut log = AuditLog::new(Some(2));
        for id in ["a", "b", "c"] {
            log.push(entry(id), true);
        }
        assert_eq!(log.pending(), 3);
        let batch = log.take_batch_with(10, |e| e.webhook_id.clone());
        assert_eq!(
            batch,
            [
                (0, "a".to_string()),
                (1, "b".to_string()),
                (2, "c".to_string())
            ]
        );
        assert!(
            log.take_batch_with(10, |_| ()).is_empty(),
            "entries with the sink are not offered twice"
        );
        log.settle(0, false);
        log.settle(1, true);
        log.settle(2, true);
        assert_eq!(
            (log.status(0), log.status(1), log.status(2)),
            (
                Some(Delivery::Refused),
                Some(Delivery::Delivered),
                Some(Delivery::Delivered)
            )
        );
        assert_eq!(log.pending(), 1);
        assert_eq!(
            ids(&log),
            ["a", "b", "c"],
            "an undelivered entry is never dropped, and holds the trimming back"
        );
        assert_eq!(
            log.take_batch_with(10, |_| ())
                .iter()
                .map(|(t, _)| *t)
                .collect::<Vec<_>>(),
            [0],
            "the refused entry is offered again"
        );
        assert_eq!(log.status(0), None);
        log.settle(0, true);
        assert_eq!(ids(&log), ["b", "c"], "max entries applies once delivered");
        assert_eq!(log.pending(), 0);
    }

    #[test]
    fn entries_not_kept_are_let_go_once_delivered() {
        let mut log = AuditLog::new(None);
        let t = log.push(entry("x"), false);
        log.push(entry("y"), true);
        assert_eq!(log.len(), 2);
        for (t, _) in log.take_batch_with(10, |_| ()) {
            log.settle(t, true);
        }
        let mut without_sink = AuditLog::new(Some(1));
        without_sink.push(entry("p"), true);
        without_sink.push(entry("q"), true);
        without_sink.settle_all();
        assert_eq!((without_sink.pending(), ids(&without_sink)), (0, vec!["q"]));
        let mut stream = AuditLog::new(None);
        stream.push(entry("s"), false);
        stream.push(entry("t"), true);
        stream.settle_all();
        assert_eq!(
            (stream.len(), ids(&stream)),
            (1, vec!["t"]),
            "without a sink, entries not kept are let go too (keepResults: false stays bounded)"
        );
        assert_eq!(ids(&log), ["y"]);
        assert_eq!(log.status(t), Some(Delivery::Delivered));
    }

    #[test]
    fn a_refused_entry_behind_delivered_ones_is_still_offered() {
        let mut log = AuditLog::new(None);
        for id in ["a", "b", "c", "d", "e"] {
            log.push(entry(id), true);
        }
        let tickets = |batch: Vec<(u64, ())>| batch.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(tickets(log.take_batch_with(10, |_| ())), [0, 1, 2, 3, 4]);
        for t in [0, 1, 3, 4] {
            log.settle(t, true);
        }
        log.settle(2, false);
        assert!(log.has_undelivered_idle());
        assert_eq!(tickets(log.take_batch_with(10, |_| ())), [2]);
        log.settle(2, true);
        assert!(!log.has_undelivered_idle());
        assert_eq!(log.pending(), 0);
        log.push(entry("f"), true);
        assert_eq!(tickets(log.take_batch_with(10, |_| ())), [5]);
        log.settle(5, true);
        log.push(entry("g"), true);
        log.settle_all();
        assert_eq!((log.pending(), log.len()), (0, 7));
        assert_eq!(ids(&log), ["a", "b", "c", "d", "e", "f", "g"]);
    }

    #[test]
    fn clear_forgets_and_refuses_what_was_waiting() {
        let mut log = AuditLog::new(None);
        let t = log.push(entry("a"), true);
        let _ = log.take_batch_with(1, |_| ());
        log.clear();
        assert!(log.is_empty());
        assert_eq!(log.status(t), Some(Delivery::Refused));
        log.settle(t, true);
        let u = log.push(entry("b"), true);
        assert_eq!(u, t + 1);
        assert_eq!(log.history(Some("b")).len(), 1);
    }
}
