//! The ids of `deleteMany`: an array is checked whole before anything is sent and de-duplicated
//! exactly; a stream is checked as it is read and de-duplicated by fingerprint, so a stream of
//! millions of ids costs about 8 bytes per id, not the ids themselves.

use super::bulk::Target;
use super::pool::Source;
use crate::core::model::WebhookError;
use crate::core::options::decode::check_id;
use crate::core::text::id::fingerprint;
use std::collections::HashSet;
use std::task::{Context, Poll};

/// Checks every id (naming the first bad one as `ids[i]`), then drops repeats, keeping the first
/// position. Nothing is sent unless all are valid.
pub fn prepare_ids(ids: Vec<String>) -> Result<Vec<String>, WebhookError> {
    for (i, id) in ids.iter().enumerate() {
        check_id(id, format_args!("ids[{i}]"))?;
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
    seen: FingerprintSet,
}

impl<S> StreamIds<S> {
    /// Wraps a stream of raw ids.
    pub fn new(inner: S) -> Self {
        StreamIds {
            inner,
            read: 0,
            seen: FingerprintSet::default(),
        }
    }
}

/// Fingerprints held in a small hash set until there are this many, then merged into the sorted run.
const RECENT: usize = 16_384;

/// A set of 64-bit fingerprints in about 8 bytes each: one sorted vector, plus a small hash set of
/// the latest inserts that is merged into it whenever it fills. Written here because a
/// `HashSet<u64>` costs about 18 bytes an entry at a million (buckets at most 7/8 full, rounded up
/// to a power of two) and 27 while it grows, and wasm memory never shrinks; compact-set crates
/// (roaring bitmaps and the like) suit dense values, not uniformly random 64-bit ones.
#[derive(Default)]
struct FingerprintSet {
    sorted: Vec<u64>,
    recent: HashSet<u64>,
}

impl FingerprintSet {
    /// Adds `f`; false when it was already there.
    fn insert(&mut self, f: u64) -> bool {
        if self.sorted.binary_search(&f).is_ok() || !self.recent.insert(f) {
            return false;
        }
        if self.recent.len() >= RECENT {
            self.merge();
        }
        true
    }

    /// Moves the recent fingerprints into the sorted vector, merging from the back in place.
    fn merge(&mut self) {
        let mut batch: Vec<u64> = self.recent.drain().collect();
        batch.sort_unstable();
        let old = self.sorted.len();
        let needed = old + batch.len();
        if self.sorted.capacity() < needed {
            // Grow by an eighth, not by doubling: a million ids stay near 8 MB.
            self.sorted.reserve_exact(batch.len().max(old / 8));
        }
        self.sorted.resize(needed, 0);
        let (mut i, mut j) = (old, batch.len());
        for k in (0..needed).rev() {
            // No fingerprint is in both: `insert` looked in the sorted vector first.
            if j == 0 {
                break;
            }
            if i > 0 && self.sorted[i - 1] > batch[j - 1] {
                self.sorted[k] = self.sorted[i - 1];
                i -= 1;
            } else {
                self.sorted[k] = batch[j - 1];
                j -= 1;
            }
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
            let at = self.read;
            self.read += 1;
            if let Err(e) = check_id(&id, format_args!("ids[{at}]")) {
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
    fn fingerprint_set_finds_repeats_across_merges_and_stays_sorted() {
        let mut set = FingerprintSet::default();
        let mut exact = HashSet::new();
        // A pseudo-random sequence with repeats: values drawn from a range smaller than the count.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..(RECENT * 4 + 123) {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let f = (x >> 20) % (RECENT as u64 * 3);
            assert_eq!(set.insert(f), exact.insert(f), "fingerprint {f}");
        }
        assert!(
            set.sorted.len() >= RECENT * 2,
            "merged {} times",
            set.sorted.len() / RECENT
        );
        assert!(set.sorted.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(set.sorted.len() + set.recent.len(), exact.len());
        // Extremes go through the merge too.
        assert_eq!(set.insert(0), exact.insert(0));
        assert!(set.insert(u64::MAX));
        set.merge();
        assert!(!set.insert(u64::MAX) && !set.insert(0));
        assert_eq!(set.sorted.last(), Some(&u64::MAX));
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
