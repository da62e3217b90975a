//! Bulk deletes on the one scheduler: by id (`deleteMany`), of webhooks a selection holds
//! (`deleteWhere`, `deleteInactive`) and of a reviewed plan's items (`applyPlan`). Every id ends
//! in exactly one line and one audit entry, ids never sent included; a backup, when asked for,
//! is taken before each DELETE; a journal makes the run resumable.

use super::ctx::Ctx;
use super::journal::{Journal, JournalRecord, JournalRun, JournaledSource, ResumeState, Resumed};
use super::pool::{run_pool, Source, VecSource};
use super::single::backup_failed;
use crate::core::audit::AuditOutcome;
use crate::core::env::Env;
use crate::core::model::{
    event_set, BulkItem, BulkOutcome, BulkProgress, BulkResult, DeleteResult, ErrorCode, PlanItem,
    Selection, Webhook, WebhookBackup, WebhookError, WebhookErrorInfo,
};
use crate::core::options::calls::BulkSettings;
use crate::core::options::filter::Rule;
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::Poll;

/// What one line of a bulk delete starts from.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// An id the caller gave (`deleteMany`).
    Id(String),
    /// A webhook the call already holds from its listing (`deleteWhere`, `deleteInactive`).
    Held(Webhook),
    /// A planned item, read again and compared before it is deleted (`applyPlan`).
    Planned(PlanItem),
}

impl Target {
    /// The webhook's id.
    pub fn id(&self) -> &str {
        match self {
            Target::Id(id) => id,
            Target::Held(w) => &w.id,
            Target::Planned(p) => &p.id,
        }
    }
}

/// A backup store: awaited before each DELETE; `Err` (its message) keeps the webhook.
pub type BackupStore<'a> =
    dyn Fn(WebhookBackup) -> Pin<Box<dyn Future<Output = Result<(), String>>>> + 'a;

/// The caller's hooks into a bulk run.
pub struct BulkHooks<'h> {
    /// Called once per id as it ends (never fails the run).
    pub on_progress: &'h dyn Fn(&BulkProgress),
    /// Called with each webhook's backup before its DELETE.
    pub backup: Option<&'h BackupStore<'h>>,
    /// Makes the run resumable.
    pub journal: Option<&'h dyn Journal>,
}

/// How one id ended.
struct Ended {
    outcome: BulkOutcome,
    result: Option<DeleteResult>,
    error: Option<WebhookErrorInfo>,
    ticket: Option<u64>,
}

/// The fields of a planned item that differ from the webhook now on the server.
pub fn changes(item: &PlanItem, now: &Webhook) -> Vec<&'static str> {
    let mut out = Vec::new();
    if item.url != now.url {
        out.push("url");
    }
    if event_set(&item.events) != now.event_set() {
        out.push("events");
    }
    if item.status != now.status {
        out.push("status");
    }
    if item.updated_at != now.updated_at {
        out.push("updatedAt");
    }
    out
}

impl<E: Env> Ctx<'_, E> {
    fn ended_with_error(&self, id: &str, e: WebhookError, started: f64, keep: bool) -> Ended {
        let ticket = self.record_error(id, &e, started, keep);
        Ended {
            ticket: Some(ticket),
            ..ended_with_error_info(e)
        }
    }

    /// Deletes one target: reads it first when a plan, a backup or a resumed run needs it.
    async fn delete_target(
        &self,
        target: Target,
        resumed: Resumed,
        backup: Option<&BackupStore<'_>>,
        keep: bool,
    ) -> Ended {
        let id = target.id().to_string();
        if let Resumed::Ended(outcome) = resumed {
            return Ended {
                outcome,
                result: None,
                error: None,
                ticket: None,
            };
        }
        let started = self.env.now_ms();
        let (mut snapshot, planned) = match target {
            Target::Held(w) => (Some(w), None),
            Target::Planned(item) => (None, Some(item)),
            Target::Id(_) => (None, None),
        };
        let in_flight = resumed == Resumed::InFlight;
        if planned.is_some() || in_flight || (backup.is_some() && snapshot.is_none()) {
            match self.get(&id).await {
                // An earlier run's DELETE, whose answer was lost, did it.
                Err(e) if e.code == ErrorCode::NotFound && in_flight => {
                    let gone = Ok(self.gone(&id, 0, e.request_id));
                    return self.ended_deleting(&id, gone, started, keep);
                }
                Err(e) => return self.ended_with_error(&id, e, started, keep),
                Ok(now) => {
                    if let Some(item) = &planned {
                        let differ = changes(item, &now);
                        if !differ.is_empty() {
                            let msg = format!("Webhook {id} changed since the plan was made ({}), so it was not deleted", differ.join(", "));
                            let e = WebhookError::new(ErrorCode::Conflict, msg).with_id(&id);
                            let ticket = self.record_unsent(
                                &id,
                                AuditOutcome::Changed,
                                Some(&e),
                                started,
                                keep,
                            );
                            return Ended {
                                outcome: BulkOutcome::Changed,
                                result: None,
                                error: Some(e.info()),
                                ticket: Some(ticket),
                            };
                        }
                    }
                    snapshot = Some(now);
                }
            }
        }
        if let (Some(store), Some(webhook)) = (backup, snapshot) {
            if let Err(why) = store(self.backup_of(webhook)).await {
                return self.ended_with_error(
                    &id,
                    backup_failed(&id, &why, &self.config.api_key),
                    started,
                    keep,
                );
            }
        }
        let result = self.delete_unrecorded(&id).await;
        self.ended_deleting(&id, result, started, keep)
    }

    /// Records how the delete of `id` ended and turns it into the id's line.
    fn ended_deleting(
        &self,
        id: &str,
        result: Result<DeleteResult, WebhookError>,
        started: f64,
        keep: bool,
    ) -> Ended {
        let ticket = Some(self.record_delete(id, &result, started, keep));
        match result {
            Ok(r) => Ended {
                outcome: BulkOutcome::Deleted,
                result: Some(r),
                error: None,
                ticket,
            },
            Err(e) => Ended {
                ticket,
                ..ended_with_error_info(e)
            },
        }
    }
}

/// How an id ends on an error: 404 is `not_found`, anything else `failed` with its info.
fn ended_with_error_info(e: WebhookError) -> Ended {
    let outcome = if e.code == ErrorCode::NotFound {
        BulkOutcome::NotFound
    } else {
        BulkOutcome::Failed
    };
    let error = (outcome == BulkOutcome::Failed).then(|| e.info());
    Ended {
        outcome,
        result: None,
        error,
        ticket: None,
    }
}

/// The run's bookkeeping: counts, progress, the lines kept, and whether to stop.
struct Tally<'h> {
    result: RefCell<BulkResult>,
    lines: RefCell<Vec<(usize, BulkItem)>>,
    known_total: Option<usize>,
    read: Cell<usize>,
    keep: bool,
    stop: Cell<bool>,
    on_progress: &'h dyn Fn(&BulkProgress),
    journal: Option<JournalRun>,
}

impl Tally<'_> {
    fn finish(&self, index: usize, id: String, ended: Ended, journaled: bool) {
        let outcome = ended.outcome;
        self.result.borrow_mut().count(outcome);
        // An id whose outcome is unknown (cut short by the caller's abort, or failed without an
        // answer that says it was kept: a timeout, a network error, a 5xx) stays "in flight" in
        // the journal, and a resumed run checks it rather than counting it as failed.
        let unknown = |e: &WebhookErrorInfo| {
            matches!(
                e.code,
                ErrorCode::Aborted
                    | ErrorCode::Timeout
                    | ErrorCode::Network
                    | ErrorCode::ServerError
            )
        };
        let cut_short = ended.error.as_ref().is_some_and(unknown);
        if let (Some(run), true, false) = (
            &self.journal,
            journaled && outcome != BulkOutcome::Skipped,
            cut_short,
        ) {
            run.ended(&id, outcome, ended.ticket);
        }
        let snapshot = {
            let r = self.result.borrow();
            let done = r.ended();
            BulkProgress {
                done,
                total: self.known_total.unwrap_or(self.read.get()).max(done),
                deleted: r.deleted,
                not_found: r.not_found,
                failed: r.failed,
                id: id.clone(),
                outcome,
            }
        };
        if self.keep || outcome == BulkOutcome::Failed {
            self.lines.borrow_mut().push((
                index,
                BulkItem {
                    id,
                    outcome,
                    result: ended.result,
                    error: ended.error,
                },
            ));
        }
        (self.on_progress)(&snapshot);
    }
}

/// Deletes every target of `source` under `settings`. Resolves to the counts and lines (input
/// order); rejects only when the run could not start (a journal for another API, unreadable) or
/// a streamed id was invalid (after the ids already read have ended).
pub async fn run_deletes<E: Env, S: Source<Item = Target>>(
    cx: &Ctx<'_, E>,
    source: S,
    known_total: Option<usize>,
    settings: BulkSettings,
    hooks: &BulkHooks<'_>,
) -> Result<BulkResult, WebhookError> {
    let started = cx.env.now_ms();
    let resume = match hooks.journal {
        Some(j) => Some(Rc::new(ResumeState::from_records(
            j.load().await?,
            cx.config.provider,
            &cx.config.base_url,
        )?)),
        None => None,
    };
    let tally = Tally {
        result: RefCell::new(BulkResult::default()),
        lines: RefCell::new(Vec::new()),
        known_total,
        read: Cell::new(0),
        keep: settings.keep_results,
        stop: Cell::new(false),
        on_progress: hooks.on_progress,
        journal: resume.is_some().then(JournalRun::default),
    };
    let stop = || tally.stop.get() || cx.env.aborted();
    let op = |index: usize, target: Target| {
        let tally = &tally;
        let resume = resume.clone();
        async move {
            tally.read.set(tally.read.get().max(index + 1));
            let resumed = resume
                .as_ref()
                .map_or(Resumed::Fresh, |r| r.lookup(target.id()));
            let id = target.id().to_string();
            let ended = cx
                .delete_target(target, resumed, hooks.backup, tally.keep)
                .await;
            if settings.stop_on_error && ended.outcome == BulkOutcome::Failed {
                tally.stop.set(true);
            }
            // An id the journal already ended needs no second end record.
            tally.finish(index, id, ended, !matches!(resumed, Resumed::Ended(_)));
        }
    };
    let (outcome, rest) = match (&tally.journal, hooks.journal, &resume) {
        (Some(run), Some(journal), Some(resume)) => {
            let header = (!resume.started).then(|| JournalRecord::Run {
                provider: cx.config.provider,
                base_url: cx.config.base_url.clone(),
            });
            let mut source = JournaledSource::new(
                source,
                run.clone(),
                Rc::clone(resume),
                Target::id,
                settings.concurrency * 2,
            );
            let writer = pin!(run.write(journal, cx.env, header));
            let pool = pin!(async {
                let outcome = run_pool(&mut source, settings.concurrency, &stop, op).await;
                (outcome, source.rest())
            });
            join_then_finish(pool, writer, run).await
        }
        _ => {
            let mut source = source;
            let outcome = run_pool(&mut source, settings.concurrency, &stop, op).await;
            (outcome, source.rest())
        }
    };
    // Ids never sent: skipped, each with its audit entry (aborted or cancelled).
    let journal_error = tally.journal.as_ref().and_then(JournalRun::failure);
    let why = if cx.env.aborted() {
        AuditOutcome::Aborted
    } else {
        AuditOutcome::Cancelled
    };
    for (index, target) in (tally.read.get()..).zip(rest) {
        let id = target.id().to_string();
        cx.record_unsent(
            &id,
            why,
            journal_error.as_ref(),
            cx.env.now_ms(),
            tally.keep,
        );
        let error = journal_error.as_ref().map(WebhookError::info);
        tally.finish(
            index,
            id,
            Ended {
                outcome: BulkOutcome::Skipped,
                result: None,
                error,
                ticket: None,
            },
            false,
        );
    }
    if let Err(e) = outcome {
        if journal_error.is_none() {
            return Err(e);
        }
    }
    let mut result = tally.result.into_inner();
    let mut lines = tally.lines.into_inner();
    lines.sort_unstable_by_key(|(i, _)| *i);
    result.results = lines.into_iter().map(|(_, item)| item).collect();
    result.total = result.ended();
    result.duration_ms = cx.env.now_ms() - started;
    Ok(result)
}

/// Polls the pool and the journal writer together; tells the writer to finish once the pool has.
async fn join_then_finish<P: Future, W: Future<Output = ()>>(
    mut pool: Pin<&mut P>,
    mut writer: Pin<&mut W>,
    run: &JournalRun,
) -> P::Output {
    let mut pool_out = None;
    let mut writer_done = false;
    poll_fn(|cx| {
        if pool_out.is_none() {
            if let Poll::Ready(out) = pool.as_mut().poll(cx) {
                pool_out = Some(out);
                run.finish();
            }
        }
        if !writer_done {
            writer_done = writer.as_mut().poll(cx).is_ready();
        }
        match pool_out.take() {
            Some(out) if writer_done => Poll::Ready(out),
            other => {
                pool_out = other;
                Poll::Pending
            }
        }
    })
    .await
}

impl<E: Env> Ctx<'_, E> {
    /// `deleteMany` over ids already checked and de-duplicated.
    pub async fn delete_many(
        &self,
        ids: Vec<String>,
        settings: BulkSettings,
        hooks: &BulkHooks<'_>,
    ) -> Result<BulkResult, WebhookError> {
        let total = ids.len();
        let targets = VecSource::new(ids.into_iter().map(Target::Id).collect());
        run_deletes(self, targets, Some(total), settings, hooks).await
    }

    /// `deleteWhere` (and `deleteInactive`): selects with `rule`, then, unless a dry run, deletes
    /// exactly the selected webhooks (backed up from the listing when asked).
    pub async fn delete_where(
        &self,
        rule: &Rule,
        settings: BulkSettings,
        dry_run: bool,
        hooks: &BulkHooks<'_>,
    ) -> Result<(Vec<Selection>, Option<BulkResult>), WebhookError> {
        let selected = self.select(rule, settings.concurrency).await?;
        if dry_run {
            return Ok((selected, None));
        }
        let targets: Vec<Target> = selected
            .iter()
            .map(|s| Target::Held(s.webhook.clone()))
            .collect();
        let total = targets.len();
        let result =
            run_deletes(self, VecSource::new(targets), Some(total), settings, hooks).await?;
        Ok((selected, Some(result)))
    }

    /// `applyPlan`: the plan's items (checked by `parse_plan`), each read again first.
    pub async fn apply_plan(
        &self,
        items: Vec<Target>,
        settings: BulkSettings,
        hooks: &BulkHooks<'_>,
    ) -> Result<BulkResult, WebhookError> {
        let total = items.len();
        run_deletes(self, VecSource::new(items), Some(total), settings, hooks).await
    }
}
