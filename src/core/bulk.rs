//! Bulk deletes: a bounded pool of workers over one queue, results in input order, one progress
//! event per id, and the rule-based `deleteInactive` on top.

use super::audit::AuditOutcome;
use super::env::Env;
use super::error::{ErrorCode, WebhookError};
use super::id::validate_id;
use super::inactive::select_inactive;
use super::model::{BulkItem, BulkOutcome, BulkProgress, BulkResult, Webhook};
use super::ops::Ctx;
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// How a bulk call runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BulkSettings {
    /// Requests in flight at most.
    pub concurrency: usize,
    /// After the first failure, send nothing more (the rest are `skipped`).
    pub stop_on_error: bool,
}

/// Validates every id (naming the first bad one as `ids[i]`), then drops repeats, keeping the
/// first position. Nothing is sent unless all are valid.
pub fn prepare_ids(ids: &[String]) -> Result<Vec<String>, WebhookError> {
    for (i, id) in ids.iter().enumerate() {
        validate_id(id, &format!("ids[{i}]"))?;
    }
    // Sort positions by id (ties by position), so each repeat follows its first occurrence.
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_unstable_by(|&a, &b| ids[a].cmp(&ids[b]).then(a.cmp(&b)));
    let mut keep = vec![true; ids.len()];
    for pair in order.windows(2) {
        if ids[pair[0]] == ids[pair[1]] {
            keep[pair[1]] = false;
        }
    }
    Ok(ids.iter().zip(keep).filter(|(_, k)| *k).map(|(id, _)| id.clone()).collect())
}

/// Polls every future until all are done (a dependency-free `join_all` for a handful of workers).
pub async fn join_all<F: Future<Output = ()>>(futures: Vec<F>) {
    let mut slots: Vec<Option<Pin<Box<F>>>> = futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    poll_fn(|cx| {
        let mut pending = false;
        for slot in slots.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await
}

struct Queue<'p> {
    ids: Vec<String>,
    next: Cell<usize>,
    stop: Cell<bool>,
    progress: RefCell<BulkProgress>,
    on_progress: &'p dyn Fn(&BulkProgress),
    on_item: &'p dyn Fn(usize, BulkItem),
}

impl Queue<'_> {
    fn finish(&self, index: usize, item: BulkItem) {
        let snapshot = {
            let mut p = self.progress.borrow_mut();
            p.done += 1;
            match item.outcome {
                BulkOutcome::Deleted => p.deleted += 1,
                BulkOutcome::NotFound => p.not_found += 1,
                BulkOutcome::Failed => p.failed += 1,
                BulkOutcome::Skipped => {}
            }
            p.id = item.id.clone();
            p.outcome = item.outcome;
            p.clone()
        };
        (self.on_item)(index, item);
        (self.on_progress)(&snapshot);
    }
}

async fn worker<E: Env>(cx: &Ctx<'_, E>, queue: &Queue<'_>, stop_on_error: bool) {
    loop {
        if queue.stop.get() || cx.env.aborted() {
            return;
        }
        let index = queue.next.get();
        let Some(id) = queue.ids.get(index) else { return };
        queue.next.set(index + 1);
        let item = match cx.delete(id).await {
            Ok(r) => BulkItem { id: id.clone(), outcome: BulkOutcome::Deleted, result: Some(r), error: None },
            Err(e) if e.code == ErrorCode::NotFound => {
                BulkItem { id: id.clone(), outcome: BulkOutcome::NotFound, result: None, error: None }
            }
            Err(e) => {
                if stop_on_error {
                    queue.stop.set(true);
                }
                BulkItem { id: id.clone(), outcome: BulkOutcome::Failed, result: None, error: Some(e.info()) }
            }
        };
        queue.finish(index, item);
    }
}

/// Deletes `ids` (already prepared) with at most `settings.concurrency` requests in flight,
/// handing each id's line to `on_item` (with its input position) as soon as it ends, so a caller
/// can move it out of the core at once. Ids never sent (abort, stop on error) end `skipped` and
/// are audited as `aborted` or `cancelled`. The returned result carries the counts; its
/// `results` is empty (the lines went to `on_item`).
pub async fn run_bulk<E: Env>(
    cx: &Ctx<'_, E>,
    ids: Vec<String>,
    settings: BulkSettings,
    on_progress: &dyn Fn(&BulkProgress),
    on_item: &dyn Fn(usize, BulkItem),
) -> BulkResult {
    let started = cx.env.now_ms();
    let total = ids.len();
    let queue = Queue {
        progress: RefCell::new(BulkProgress {
            done: 0,
            total,
            deleted: 0,
            not_found: 0,
            failed: 0,
            id: String::new(),
            outcome: BulkOutcome::Skipped,
        }),
        ids,
        next: Cell::new(0),
        stop: Cell::new(false),
        on_progress,
        on_item,
    };
    let workers = settings.concurrency.clamp(1, total.max(1));
    join_all((0..workers).map(|_| worker(cx, &queue, settings.stop_on_error)).collect()).await;

    let why = if cx.env.aborted() { AuditOutcome::Aborted } else { AuditOutcome::Cancelled };
    for index in queue.next.get()..total {
        let id = queue.ids[index].clone();
        cx.record_unsent(&id, why, None, cx.env.now_ms()).await;
        queue.finish(index, BulkItem { id, outcome: BulkOutcome::Skipped, result: None, error: None });
    }
    let p = queue.progress.into_inner();
    BulkResult {
        total,
        deleted: p.deleted,
        not_found: p.not_found,
        failed: p.failed,
        skipped: total - p.deleted - p.not_found - p.failed,
        duration_ms: cx.env.now_ms() - started,
        results: Vec::new(),
    }
}

/// [`run_bulk`], collecting every line into `results` in input order.
pub async fn delete_many<E: Env>(
    cx: &Ctx<'_, E>,
    ids: Vec<String>,
    settings: BulkSettings,
    on_progress: &dyn Fn(&BulkProgress),
) -> BulkResult {
    let lines = RefCell::new(vec![None; ids.len()]);
    let mut result = run_bulk(cx, ids, settings, on_progress, &|index, item| lines.borrow_mut()[index] = Some(item)).await;
    result.results = lines.into_inner().into_iter().flatten().collect();
    result
}

/// Lists every webhook, selects the inactive ones (see [`select_inactive`]) and, unless `dry_run`,
/// deletes them with [`run_bulk`] (lines go to `on_item`). Returns the candidates and the bulk
/// counts (`None` on a dry run).
pub async fn delete_inactive<E: Env>(
    cx: &Ctx<'_, E>,
    inactive_days: f64,
    now_ms: f64,
    dry_run: bool,
    settings: BulkSettings,
    on_progress: &dyn Fn(&BulkProgress),
    on_item: &dyn Fn(usize, BulkItem),
) -> Result<(Vec<Webhook>, Option<BulkResult>), WebhookError> {
    let all = cx.list_all(None, super::ops::DEFAULT_MAX_PAGES).await?;
    let candidates = select_inactive(all, now_ms, inactive_days);
    if dry_run {
        return Ok((candidates, None));
    }
    let ids = prepare_ids(&candidates.iter().map(|w| w.id.clone()).collect::<Vec<_>>())?;
    let result = run_bulk(cx, ids, settings, on_progress, on_item).await;
    Ok((candidates, Some(result)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepare_validates_all_then_dedupes_in_order() {
        let ids: Vec<String> = ["b", "a", "b", "c", "a"].iter().map(|s| s.to_string()).collect();
        assert_eq!(prepare_ids(&ids).unwrap(), ["b", "a", "c"]);
        let bad: Vec<String> = ["ok", "also", ".."].iter().map(|s| s.to_string()).collect();
        assert_eq!(prepare_ids(&bad).unwrap_err().message, "ids[2] must not be \".\" or \"..\"");
    }
}
