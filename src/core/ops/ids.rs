//! The ids of `deleteMany`: an array is checked whole before anything is sent and de-duplicated
//! exactly; a stream is checked as it is read and de-duplicated by fingerprint, so a stream of
//! millions of ids costs a few bytes per id, not the ids themselves.

use super::bulk::Target;
use super::pool::Source;
use crate::core::model::WebhookError;
use crate::core::text::id::{fingerprint, id_problem};
use std::collections::HashSet;
use std::task::{Context, Poll};

/// Checks an id, naming it as `field` (`id`, `ids[3]`) in the error.
pub fn check_id(id: &str, field: &str) -> Result<(), WebhookError> {
    match id_problem(id) {
        Some(problem) => Err(WebhookError::invalid(format!("{field} {problem}"))),
        None => Ok(()),
    }
}

/// Checks every id (naming the first bad one as `ids[i]`), then drops repeats, keeping the first
/// position. Nothing is sent unless all are valid.
pub fn prepare_ids(ids: Vec<String>) -> Result<Vec<String>, WebhookError> {
    for (i, id) in ids.iter().enumerate() {
        check_id(id, &format!("ids[{i}]"))?;
    }
    let mut seen = HashSet::with_capacity(ids.len());
    let keep: Vec<bool> = ids.iter().map(|id| seen.insert(id.as_str())).collect();
    drop(seen);
    Ok(ids
        .into_iter()
        .zip(keep)
        .filter_map(|(id, k)| k.then_some(id))
        .collect())
}

/// A stream of ids checked as read: the first bad id ends the stream with `invalid_input`
/// naming its position; a repeat (by 64-bit fingerprint) is skipped.
pub struct StreamIds<S> {
    inner: S,
    read: usize,
    seen: HashSet<u64>,
}

impl<S> StreamIds<S> {
    /// Wraps a stream of raw ids.
    pub fn new(inner: S) -> Self {
        StreamIds {
            inner,
            read: 0,
            seen: HashSet::new(),
        }
    }
}

impl<S: Source<Item = String>> Source for StreamIds<S> {
    type Item = Target;

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Target, WebhookError>>> {
        loop {
            let id = match self.inner.poll_next(cx) {
                Poll::Ready(Some(Ok(id))) => id,
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            };
            let field = format!("ids[{}]", self.read);
            self.read += 1;
            if let Err(e) = check_id(&id, &field) {
                return Poll::Ready(Some(Err(e)));
            }
            if self.seen.insert(fingerprint(&id)) {
                return Poll::Ready(Some(Ok(Target::Id(id))));
            }
        }
    }

    fn rest(&mut self) -> Vec<Target> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ops::pool::VecSource;
    use std::task::Waker;

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prepare_validates_all_then_dedupes_in_order() {
        assert_eq!(
            prepare_ids(strings(&["b", "a", "b", "c", "a"])).unwrap(),
            ["b", "a", "c"]
        );
        assert_eq!(
            prepare_ids(strings(&["ok", "also", ".."]))
                .unwrap_err()
                .message,
            "ids[2] must not be \".\" or \"..\""
        );
    }

    #[test]
    fn a_stream_is_checked_as_read_and_stops_at_a_bad_id() {
        let mut s = StreamIds::new(VecSource::new(strings(&["a", "b", "a", "", "c"])));
        let mut cx = Context::from_waker(Waker::noop());
        let mut out = Vec::new();
        while let Poll::Ready(Some(item)) = s.poll_next(&mut cx) {
            match item {
                Ok(target) => out.push(target.id().to_string()),
                Err(e) => {
                    assert_eq!(e.message, "ids[3] must not be empty");
                    break;
                }
            }
        }
        assert_eq!(out, ["a", "b"]);
    }
}
