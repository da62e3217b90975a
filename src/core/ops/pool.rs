//! The one bulk scheduler: items pulled from a source in order, at most `concurrency` running at
//! once, no new item started once the run is told to stop. What an item does, and what its end
//! means, belongs to the caller (deletes, restores); the pool only schedules.

use crate::core::model::WebhookError;
use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Where a bulk run's items come from: an array (validated before the run) or a stream (read
/// as the run goes, so it may end with an error at a bad item).
pub trait Source {
    /// What one item is (an id, a webhook, a plan item, a backup).
    type Item;
    /// The next item; `None` at the end; `Err` ends the run there (nothing after it is read).
    fn poll_next(&mut self, cx: &mut Context<'_>)
        -> Poll<Option<Result<Self::Item, WebhookError>>>;
    /// Items known but never handed out (a run that stopped early reports them as skipped).
    fn rest(&mut self) -> Vec<Self::Item>;
}

/// Items held in memory.
pub struct VecSource<T>(pub VecDeque<T>);

impl<T> VecSource<T> {
    /// A source over `items`, in order.
    pub fn new(items: Vec<T>) -> Self {
        VecSource(items.into())
    }
}

impl<T> Source for VecSource<T> {
    type Item = T;
    fn poll_next(&mut self, _: &mut Context<'_>) -> Poll<Option<Result<T, WebhookError>>> {
        Poll::Ready(self.0.pop_front().map(Ok))
    }
    fn rest(&mut self) -> Vec<T> {
        self.0.drain(..).collect()
    }
}

/// Runs `op(index, item)` for every item of `source` in order, at most `concurrency` at once,
/// starting none once `stop()` is true. Returns when every started item has ended; `Err` is the
/// source's error, if it ended the run.
pub async fn run_pool<S, F, Fut>(
    source: &mut S,
    concurrency: usize,
    stop: &dyn Fn() -> bool,
    op: F,
) -> Result<(), WebhookError>
where
    S: Source,
    F: Fn(usize, S::Item) -> Fut,
    Fut: Future<Output = ()>,
{
    let concurrency = concurrency.max(1);
    let mut running: Vec<Pin<Box<Fut>>> = Vec::with_capacity(concurrency);
    let mut next_index = 0;
    let mut source_done = false;
    let mut error = None;
    poll_fn(|cx| loop {
        while !source_done && running.len() < concurrency && !stop() {
            match source.poll_next(cx) {
                Poll::Ready(Some(Ok(item))) => {
                    running.push(Box::pin(op(next_index, item)));
                    next_index += 1;
                }
                Poll::Ready(Some(Err(e))) => {
                    error = Some(e);
                    source_done = true;
                }
                Poll::Ready(None) => source_done = true,
                Poll::Pending => break,
            }
        }
        let before = running.len();
        running.retain_mut(|f| f.as_mut().poll(cx).is_pending());
        let finished = running.len() < before;
        if running.is_empty() && (source_done || stop()) {
            return Poll::Ready(());
        }
        // Something ended, so there is room for more: go round again. Otherwise the source and
        // every running item have registered the waker.
        if !finished || source_done || stop() {
            return Poll::Pending;
        }
    })
    .await;
    error.map_or(Ok(()), Err)
}
