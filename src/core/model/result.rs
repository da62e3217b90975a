//! What deletes resolve to: one webhook's result, and a bulk call's lines, progress and counts.

use super::error::WebhookErrorInfo;
use super::webhook::{FinalStatistics, Webhook};
use serde::{Deserialize, Serialize};

/// The `status` of a [`DeleteResult`]: always `"deleted"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeletedStatus {
    /// The webhook is gone.
    Deleted,
}

/// A successful delete.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteResult {
    /// The id the caller asked for (never an id taken from the server's answer).
    pub id: String,
    /// Always `"deleted"`.
    pub status: DeletedStatus,
    /// ISO 8601; the server's `deleted_at` when it gives one.
    pub deleted_at: String,
    /// The server's message, if any.
    pub message: Option<String>,
    /// The final statistics, if the server sent them.
    pub final_statistics: Option<FinalStatistics>,
    /// The deleted webhook, if the server returned it (Exa does); boxed to keep bulk lines small.
    pub webhook: Option<Box<Webhook>>,
    /// HTTP attempts made.
    pub attempts: u32,
    /// True when an earlier attempt with an unknown outcome had already deleted it.
    pub already_deleted: bool,
    /// The server's request id of the last answer.
    pub request_id: Option<String>,
}

/// How one id of a bulk call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkOutcome {
    /// Deleted (including `alreadyDeleted`).
    Deleted,
    /// The server had no such webhook.
    NotFound,
    /// Any other error, after retries.
    Failed,
    /// Never sent (the call was aborted or stopped first).
    Skipped,
    /// `applyPlan`: the webhook changed on the server since the plan was made, so it was kept.
    Changed,
}

/// One id's line in a [`BulkResult`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkItem {
    /// The id, as given.
    pub id: String,
    /// How it ended.
    pub outcome: BulkOutcome,
    /// The delete result, when deleted.
    pub result: Option<DeleteResult>,
    /// The error, when failed or changed.
    pub error: Option<WebhookErrorInfo>,
}

/// The whole answer of a bulk call; `results` keeps the input order (after de-duplication).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkResult {
    /// Distinct ids.
    pub total: usize,
    /// How many were deleted.
    pub deleted: usize,
    /// How many were not found.
    pub not_found: usize,
    /// How many failed.
    pub failed: usize,
    /// How many were never sent.
    pub skipped: usize,
    /// How many had changed since their plan (`applyPlan`).
    pub changed: usize,
    /// Wall time of the call.
    pub duration_ms: f64,
    /// One line per distinct id, in input order (only the failed ones with `keepResults: false`).
    pub results: Vec<BulkItem>,
}

/// What `onProgress` receives after each id ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkProgress {
    /// Ids finished so far (rises by one per call).
    pub done: usize,
    /// Distinct ids in the call (for a stream: distinct ids read so far).
    pub total: usize,
    /// Deleted so far.
    pub deleted: usize,
    /// Not found so far.
    pub not_found: usize,
    /// Failed so far.
    pub failed: usize,
    /// The id that just finished.
    pub id: String,
    /// How it ended.
    pub outcome: BulkOutcome,
}

impl DeleteResult {
    /// `id` deleted at `deleted_at`, with nothing else known yet.
    pub fn deleted(id: &str, deleted_at: String) -> Self {
        DeleteResult {
            id: id.to_string(),
            status: DeletedStatus::Deleted,
            deleted_at,
            message: None,
            final_statistics: None,
            webhook: None,
            attempts: 0,
            already_deleted: false,
            request_id: None,
        }
    }
}

impl BulkResult {
    /// Lines counted so far, whatever their outcome.
    pub fn ended(&self) -> usize {
        self.deleted + self.not_found + self.failed + self.skipped + self.changed
    }

    /// Counts one ended line.
    pub fn count(&mut self, outcome: BulkOutcome) {
        match outcome {
            BulkOutcome::Deleted => self.deleted += 1,
            BulkOutcome::NotFound => self.not_found += 1,
            BulkOutcome::Failed => self.failed += 1,
            BulkOutcome::Skipped => self.skipped += 1,
            BulkOutcome::Changed => self.changed += 1,
        }
    }
}
