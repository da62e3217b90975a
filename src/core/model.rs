//! The result shapes of the public contract, serialised with the camelCase names JavaScript sees.

use super::error::WebhookErrorInfo;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A webhook's delivery state, normalised across dialects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WebhookStatus {
    /// Receiving events.
    Active,
    /// Disabled (`status: "inactive"` or `active: false` on the server).
    Inactive,
}

/// A webhook subscription as both dialects describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// The server's id.
    pub id: String,
    /// Where events are delivered.
    pub url: String,
    /// Subscribed event types.
    pub events: Vec<String>,
    /// Normalised status.
    pub status: WebhookStatus,
    /// ISO 8601 creation time, when the server gives it.
    pub created_at: Option<String>,
    /// ISO 8601 last update time, when the server gives it.
    pub updated_at: Option<String>,
    /// ISO 8601 time of the last delivery (generic dialect only).
    pub last_delivery_at: Option<String>,
    /// Deliveries so far (generic dialect only).
    pub delivery_count: Option<f64>,
    /// Failed deliveries so far (generic dialect only).
    pub failure_count: Option<f64>,
    /// String metadata.
    pub metadata: BTreeMap<String, String>,
}

/// A webhook's delivery statistics at the moment it was deleted (generic dialect).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalStatistics {
    /// Deliveries attempted over its lifetime.
    pub total_deliveries: f64,
    /// Deliveries that failed.
    pub total_failures: f64,
    /// Success rate in percent.
    pub success_rate: f64,
    /// ISO 8601 time of its last delivery.
    pub last_delivery_at: Option<String>,
}

/// A successful delete.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeleteResult {
    /// The deleted webhook's id.
    pub id: String,
    /// Always `"deleted"`.
    pub status: String,
    /// ISO 8601; the server's `deleted_at` when it gives one.
    pub deleted_at: String,
    /// The server's message, if any.
    pub message: Option<String>,
    /// The final statistics, if the server sent them.
    pub final_statistics: Option<FinalStatistics>,
    /// The deleted webhook, if the server returned it (Exa does).
    pub webhook: Option<Webhook>,
    /// HTTP attempts made.
    pub attempts: u32,
    /// True when an earlier attempt with an unknown outcome had already deleted it.
    pub already_deleted: bool,
    /// The server's request id of the last answer.
    pub request_id: Option<String>,
}

/// One page of a listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookPage {
    /// The webhooks on this page.
    pub data: Vec<Webhook>,
    /// Whether another page follows.
    pub has_more: bool,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
}

/// How one id of a bulk call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkOutcome {
    /// Deleted (including `alreadyDeleted`).
    Deleted,
    /// The server had no such webhook.
    NotFound,
    /// Any other error, after retries.
    Failed,
    /// Never sent (the call was aborted or stopped on an error first).
    Skipped,
}

/// One id's line in a [`BulkResult`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkItem {
    /// The id, as given.
    pub id: String,
    /// How it ended.
    pub outcome: BulkOutcome,
    /// The delete result, when deleted.
    pub result: Option<DeleteResult>,
    /// The error, when failed.
    pub error: Option<WebhookErrorInfo>,
}

/// The whole answer of a bulk call; `results` keeps the input order (after de-duplication).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Wall time of the call.
    pub duration_ms: f64,
    /// One line per distinct id, in input order.
    pub results: Vec<BulkItem>,
}

/// What `onProgress` receives after each id ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkProgress {
    /// Ids finished so far (rises by one per call).
    pub done: usize,
    /// Distinct ids in the call.
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

/// The record `deleteWithBackup` hands to the store before deleting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookBackup {
    /// The webhook as fetched just before the delete.
    pub webhook: Webhook,
    /// ISO 8601 time of the backup.
    pub backed_up_at: String,
    /// The client's actor.
    pub deleted_by: String,
}
