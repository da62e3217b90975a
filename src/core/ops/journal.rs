//! Resumable bulk runs. The journal says, before an id's first DELETE, that it was started, and
//! once its audit entry has reached the sink, that it ended. A run killed at any moment and
//! started again with the same ids and journal sends nothing for ids that ended, checks ids that
//! were in flight with a GET first, and so leaves exactly one `deleted` audit entry for every
//! webhook the server deleted (the file sink drops a second `deleted` entry for an id, which
//! can only be the replay of an entry written just before a crash).
//!
//! Starts are written ahead in batches (one append for many ids) so DELETEs rarely wait for the
//! journal; ends are written behind, after the sink confirmed the entry: a crash between the two
//! leaves the id "in flight", which a resumed run checks rather than trusts.

use super::pool::Source;
use crate::core::audit::Delivery;
use crate::core::env::Env;
use crate::core::model::{BulkOutcome, ErrorCode, Provider, WebhookError};
use crate::core::text::id::fingerprint;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// One line of a journal (one JSON object per line, written and read by the host).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JournalRecord {
    /// The first line: which API the run talks to.
    #[serde(rename = "run")]
    Run {
        /// The dialect.
        provider: Provider,
        /// The base URL.
        #[serde(rename = "baseUrl")]
        base_url: String,
    },
    /// Ids about to be sent (written before their first DELETE).
    #[serde(rename = "start")]
    Start(Vec<String>),
    /// Ids that ended, with how, once their audit entries reached the sink.
    #[serde(rename = "end")]
    End(Vec<(String, BulkOutcome)>),
}

/// A boxed future borrowing its owner.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A `BulkJournal` as the core sees it (the host turns records into lines and back).
pub trait Journal {
    /// Every record written so far, in order (a torn last line is left out by the host).
    fn load(&self) -> LocalFuture<'_, Result<Vec<JournalRecord>, WebhookError>>;
    /// Appends records; resolves once they are durable.
    fn append(&self, records: Vec<JournalRecord>) -> LocalFuture<'_, Result<(), String>>;
}

/// Where an id stands according to the journal of an earlier run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resumed {
    /// Not in the journal: send it as usual.
    Fresh,
    /// Started, never ended: check with a GET before anything else.
    InFlight,
    /// Ended with this outcome: send nothing, count it as before.
    Ended(BulkOutcome),
}

/// What an earlier run's journal says, by id fingerprint.
#[derive(Debug, Default)]
pub struct ResumeState {
    /// Whether the journal had any record (a fresh journal gets its `run` line first).
    pub started: bool,
    in_flight: HashSet<u64>,
    ended: HashMap<u64, BulkOutcome>,
}

impl ResumeState {
    /// Reads the records of an earlier run, refusing a journal made against another API.
    pub fn from_records(
        records: Vec<JournalRecord>,
        provider: Provider,
        base_url: &str,
    ) -> Result<Self, WebhookError> {
        let mut state = ResumeState {
            started: !records.is_empty(),
            ..Default::default()
        };
        for (i, record) in records.into_iter().enumerate() {
            match record {
                JournalRecord::Run {
                    provider: p,
                    base_url: b,
                } => {
                    if p != provider || b != base_url {
                        return Err(WebhookError::invalid(format!(
                            "options.journal belongs to a run against {} at {b}, not {} at {base_url}",
                            p.as_str(),
                            provider.as_str()
                        )));
                    }
                }
                _ if i == 0 => {
                    return Err(WebhookError::invalid(
                        "options.journal does not start with a run record",
                    ))
                }
                JournalRecord::Start(ids) => {
                    for id in ids {
                        let f = fingerprint(&id);
                        if !state.ended.contains_key(&f) {
                            state.in_flight.insert(f);
                        }
                    }
                }
                JournalRecord::End(ends) => {
                    for (id, outcome) in ends {
                        let f = fingerprint(&id);
                        state.in_flight.remove(&f);
                        state.ended.insert(f, outcome);
                    }
                }
            }
        }
        Ok(state)
    }

    /// Where `id` stands.
    pub fn lookup(&self, id: &str) -> Resumed {
        let f = fingerprint(id);
        match self.ended.get(&f) {
            Some(outcome) => Resumed::Ended(*outcome),
            None if self.in_flight.contains(&f) => Resumed::InFlight,
            None => Resumed::Fresh,
        }
    }
}

/// What the run and the writer share.
#[derive(Default)]
struct Shared {
    /// Ids read and waiting for their start record.
    pending_starts: Vec<String>,
    /// Start records made durable so far (counted in ids).
    durable_starts: usize,
    /// Ended ids waiting for their entry to reach the sink, then for their end record.
    ends: VecDeque<(String, BulkOutcome, Option<u64>)>,
    /// The run has ended: write what is left, then stop.
    finished: bool,
    /// Why the journal could not be written, once it could not.
    failed: Option<String>,
    writer: Option<Waker>,
    source: Option<Waker>,
}

impl Shared {
    fn wake_writer(&mut self) {
        if let Some(w) = self.writer.take() {
            w.wake();
        }
    }
}

/// The journal's side of one run: a handle the run reports to, and a writer future.
#[derive(Clone, Default)]
pub struct JournalRun(Rc<RefCell<Shared>>);

impl JournalRun {
    /// Reports an ended id; its end is written once the audit entry of `ticket` reached the sink
    /// (`None`: nothing to wait for).
    pub fn ended(&self, id: &str, outcome: BulkOutcome, ticket: Option<u64>) {
        let mut s = self.0.borrow_mut();
        s.ends.push_back((id.to_string(), outcome, ticket));
        s.wake_writer();
    }

    /// The run has ended: the writer writes what is left and stops.
    pub fn finish(&self) {
        let mut s = self.0.borrow_mut();
        s.finished = true;
        s.wake_writer();
    }

    /// The journal error that stopped the run, if any.
    pub fn failure(&self) -> Option<WebhookError> {
        let why = self.0.borrow().failed.clone()?;
        Some(WebhookError::new(
            ErrorCode::Aborted,
            format!("The journal could not be written, so the run stopped: {why}"),
        ))
    }

    /// Writes the journal until the run has finished and everything is written: start records
    /// first (DELETEs wait on them), then end records of entries the sink has taken.
    pub async fn write<E: Env>(
        &self,
        journal: &dyn Journal,
        env: &E,
        header: Option<JournalRecord>,
    ) {
        let mut header = header;
        let mut append: Option<(LocalFuture<'_, Result<(), String>>, usize)> = None;
        let mut waiting: Option<(u64, LocalFuture<'_, Delivery>)> = None;
        poll_fn(|cx| loop {
            if let Some((fut, starts)) = append.as_mut() {
                let Poll::Ready(result) = fut.as_mut().poll(cx) else {
                    return Poll::Pending;
                };
                let mut s = self.0.borrow_mut();
                match result {
                    Ok(()) => s.durable_starts += *starts,
                    Err(why) => s.failed = Some(why),
                }
                if let Some(w) = s.source.take() {
                    w.wake();
                }
                append = None;
                continue;
            }
            let mut s = self.0.borrow_mut();
            if s.failed.is_some() {
                s.pending_starts.clear();
                s.ends.clear();
                return if s.finished {
                    Poll::Ready(())
                } else {
                    register(&mut s, cx)
                };
            }
            if !s.pending_starts.is_empty() {
                let ids = std::mem::take(&mut s.pending_starts);
                let count = ids.len();
                let mut records: Vec<JournalRecord> = header.take().into_iter().collect();
                records.push(JournalRecord::Start(ids));
                drop(s);
                append = Some((journal.append(records), count));
                continue;
            }
            // End records for the entries the sink has answered for, in order.
            let mut batch = Vec::new();
            while let Some((_, _, ticket)) = s.ends.front() {
                let status = match ticket {
                    None => Some(Delivery::Delivered),
                    Some(t) => match &mut waiting {
                        Some((w, fut)) if w == t => match fut.as_mut().poll(cx) {
                            Poll::Ready(d) => Some(d),
                            Poll::Pending => None,
                        },
                        _ => {
                            let mut fut: LocalFuture<'_, Delivery> =
                                Box::pin(env.audit_settled(*t));
                            match fut.as_mut().poll(cx) {
                                Poll::Ready(d) => Some(d),
                                Poll::Pending => {
                                    waiting = Some((*t, fut));
                                    None
                                }
                            }
                        }
                    },
                };
                let Some(status) = status else { break };
                waiting = None;
                // An entry the sink refused leaves its id in flight: a resumed run checks it.
                if let Some((id, outcome, _)) =
                    s.ends.pop_front().filter(|_| status == Delivery::Delivered)
                {
                    batch.push((id, outcome));
                }
            }
            if !batch.is_empty() {
                let mut records: Vec<JournalRecord> = header.take().into_iter().collect();
                records.push(JournalRecord::End(batch));
                drop(s);
                append = Some((journal.append(records), 0));
                continue;
            }
            if s.finished && s.ends.is_empty() && s.pending_starts.is_empty() {
                return Poll::Ready(());
            }
            return register(&mut s, cx);
        })
        .await
    }
}

fn register(s: &mut Shared, cx: &mut Context<'_>) -> Poll<()> {
    s.writer = Some(cx.waker().clone());
    Poll::Pending
}

/// A source whose items are handed out only once their start is durable in the journal,
/// reading ahead of the run so that DELETEs rarely wait. Items the journal says ended, or were
/// already started, need no new record but keep their place in line.
pub struct JournaledSource<S: Source> {
    inner: S,
    run: JournalRun,
    resume: Rc<ResumeState>,
    id_of: fn(&S::Item) -> &str,
    /// Items read, each with the count of durable starts it waits for.
    held: VecDeque<(S::Item, usize)>,
    starts_pushed: usize,
    lookahead: usize,
    inner_done: bool,
    inner_error: Option<WebhookError>,
}

impl<S: Source> JournaledSource<S> {
    /// Wraps `inner`, reading up to `lookahead` items ahead.
    pub fn new(
        inner: S,
        run: JournalRun,
        resume: Rc<ResumeState>,
        id_of: fn(&S::Item) -> &str,
        lookahead: usize,
    ) -> Self {
        JournaledSource {
            inner,
            run,
            resume,
            id_of,
            held: VecDeque::new(),
            starts_pushed: 0,
            lookahead: lookahead.max(1),
            inner_done: false,
            inner_error: None,
        }
    }
}

impl<S: Source> Source for JournaledSource<S> {
    type Item = S::Item;

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<S::Item, WebhookError>>> {
        if let Some(why) = self.run.failure() {
            return Poll::Ready(Some(Err(why)));
        }
        // Read ahead in steps of half the lookahead, so start records go out in batches.
        let refill = self.held.len() <= self.lookahead / 2;
        while refill && !self.inner_done && self.held.len() < self.lookahead {
            match self.inner.poll_next(cx) {
                Poll::Ready(Some(Ok(item))) => {
                    let id = (self.id_of)(&item);
                    if self.resume.lookup(id) == Resumed::Fresh {
                        let mut s = self.run.0.borrow_mut();
                        s.pending_starts.push(id.to_string());
                        s.wake_writer();
                        self.starts_pushed += 1;
                    }
                    self.held.push_back((item, self.starts_pushed));
                }
                Poll::Ready(Some(Err(e))) => {
                    self.inner_error = Some(e);
                    self.inner_done = true;
                }
                Poll::Ready(None) => self.inner_done = true,
                Poll::Pending => break,
            }
        }
        let durable = self.run.0.borrow().durable_starts;
        if self
            .held
            .front()
            .is_some_and(|(_, needs)| *needs <= durable)
        {
            return Poll::Ready(self.held.pop_front().map(|(item, _)| Ok(item)));
        }
        if self.held.is_empty() && self.inner_done {
            return Poll::Ready(self.inner_error.take().map(Err));
        }
        self.run.0.borrow_mut().source = Some(cx.waker().clone());
        Poll::Pending
    }

    fn rest(&mut self) -> Vec<S::Item> {
        let mut rest: Vec<S::Item> = self.held.drain(..).map(|(item, _)| item).collect();
        rest.extend(self.inner.rest());
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_state_from_records() {
        let records = vec![
            JournalRecord::Run {
                provider: Provider::Exa,
                base_url: "b".into(),
            },
            JournalRecord::Start(vec!["a".into(), "b".into(), "c".into()]),
            JournalRecord::End(vec![
                ("a".into(), BulkOutcome::Deleted),
                ("c".into(), BulkOutcome::Failed),
            ]),
        ];
        let state = ResumeState::from_records(records.clone(), Provider::Exa, "b").unwrap();
        assert_eq!(state.lookup("a"), Resumed::Ended(BulkOutcome::Deleted));
        assert_eq!(state.lookup("b"), Resumed::InFlight);
        assert_eq!(state.lookup("c"), Resumed::Ended(BulkOutcome::Failed));
        assert_eq!(state.lookup("d"), Resumed::Fresh);
        let e = ResumeState::from_records(records, Provider::Exa, "other").unwrap_err();
        assert!(
            e.message
                .starts_with("options.journal belongs to a run against exa at b"),
            "{}",
            e.message
        );
    }

    #[test]
    fn records_have_a_compact_line_form() {
        let line = serde_json::to_string(&JournalRecord::End(vec![(
            "a".into(),
            BulkOutcome::NotFound,
        )]))
        .unwrap();
        assert_eq!(line, r#"{"end":[["a","not_found"]]}"#);
        let run = serde_json::to_string(&JournalRecord::Run {
            provider: Provider::Generic,
            base_url: "u".into(),
        })
        .unwrap();
        assert_eq!(run, r#"{"run":{"provider":"generic","baseUrl":"u"}}"#);
        assert_eq!(
            serde_json::from_str::<JournalRecord>(r#"{"start":["x"]}"#).unwrap(),
            JournalRecord::Start(vec!["x".into()])
        );
    }
}
