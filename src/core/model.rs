//! The result shapes of the public contract, serialised with the camelCase names JavaScript sees.

use super::error::WebhookErrorInfo;
use super::json::{Json, ToJson};

/// A webhook's delivery state, normalised across dialects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookStatus {
    /// Receiving events.
    Active,
    /// Disabled (`status: "inactive"` or `active: false` on the server).
    Inactive,
}

/// A webhook subscription as both dialects describe it.
#[derive(Clone, Debug, PartialEq)]
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
    /// String metadata, in the server's order.
    pub metadata: Vec<(String, String)>,
}

/// A webhook's delivery statistics at the moment it was deleted (generic dialect).
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
    /// The deleted webhook, if the server returned it (Exa does); boxed to keep bulk lines small.
    pub webhook: Option<Box<Webhook>>,
    /// HTTP attempts made.
    pub attempts: u32,
    /// True when an earlier attempt with an unknown outcome had already deleted it.
    pub already_deleted: bool,
    /// The server's request id of the last answer.
    pub request_id: Option<String>,
}

/// One page of a listing.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookPage {
    /// The webhooks on this page.
    pub data: Vec<Webhook>,
    /// Whether another page follows.
    pub has_more: bool,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
}

/// How one id of a bulk call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookBackup {
    /// The webhook as fetched just before the delete.
    pub webhook: Webhook,
    /// ISO 8601 time of the backup.
    pub backed_up_at: String,
    /// The client's actor.
    pub deleted_by: String,
}

impl WebhookStatus {
    /// `"active"` or `"inactive"`.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookStatus::Active => "active",
            WebhookStatus::Inactive => "inactive",
        }
    }
}

impl BulkOutcome {
    /// The outcome as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            BulkOutcome::Deleted => "deleted",
            BulkOutcome::NotFound => "not_found",
            BulkOutcome::Failed => "failed",
            BulkOutcome::Skipped => "skipped",
        }
    }
}

impl ToJson for Webhook {
    fn to_json(&self) -> Json {
        let metadata = self.metadata.iter().map(|(k, v)| (k.clone(), Json::from(v.as_str()))).collect();
        Json::object([
            ("id", self.id.as_str().into()),
            ("url", self.url.as_str().into()),
            ("events", Json::Array(self.events.iter().map(|e| e.as_str().into()).collect())),
            ("status", self.status.as_str().into()),
            ("createdAt", self.created_at.clone().into()),
            ("updatedAt", self.updated_at.clone().into()),
            ("lastDeliveryAt", self.last_delivery_at.clone().into()),
            ("deliveryCount", self.delivery_count.into()),
            ("failureCount", self.failure_count.into()),
            ("metadata", Json::Object(metadata)),
        ])
    }
}

impl ToJson for FinalStatistics {
    fn to_json(&self) -> Json {
        Json::object([
            ("totalDeliveries", self.total_deliveries.into()),
            ("totalFailures", self.total_failures.into()),
            ("successRate", self.success_rate.into()),
            ("lastDeliveryAt", self.last_delivery_at.clone().into()),
        ])
    }
}

impl ToJson for DeleteResult {
    fn to_json(&self) -> Json {
        Json::object([
            ("id", self.id.as_str().into()),
            ("status", self.status.as_str().into()),
            ("deletedAt", self.deleted_at.as_str().into()),
            ("message", self.message.clone().into()),
            ("finalStatistics", self.final_statistics.to_json()),
            ("webhook", self.webhook.to_json()),
            ("attempts", self.attempts.into()),
            ("alreadyDeleted", self.already_deleted.into()),
            ("requestId", self.request_id.clone().into()),
        ])
    }
}

impl ToJson for WebhookPage {
    fn to_json(&self) -> Json {
        Json::object([
            ("data", self.data.to_json()),
            ("hasMore", self.has_more.into()),
            ("nextCursor", self.next_cursor.clone().into()),
        ])
    }
}

impl ToJson for BulkItem {
    fn to_json(&self) -> Json {
        Json::object([
            ("id", self.id.as_str().into()),
            ("outcome", self.outcome.as_str().into()),
            ("result", self.result.to_json()),
            ("error", self.error.to_json()),
        ])
    }
}

impl ToJson for BulkResult {
    fn to_json(&self) -> Json {
        Json::object([
            ("total", self.total.into()),
            ("deleted", self.deleted.into()),
            ("notFound", self.not_found.into()),
            ("failed", self.failed.into()),
            ("skipped", self.skipped.into()),
            ("durationMs", self.duration_ms.into()),
            ("results", self.results.to_json()),
        ])
    }
}

impl ToJson for BulkProgress {
    fn to_json(&self) -> Json {
        Json::object([
            ("done", self.done.into()),
            ("total", self.total.into()),
            ("deleted", self.deleted.into()),
            ("notFound", self.not_found.into()),
            ("failed", self.failed.into()),
            ("id", self.id.as_str().into()),
            ("outcome", self.outcome.as_str().into()),
        ])
    }
}

impl ToJson for WebhookBackup {
    fn to_json(&self) -> Json {
        Json::object([
            ("webhook", self.webhook.to_json()),
            ("backedUpAt", self.backed_up_at.as_str().into()),
            ("deletedBy", self.deleted_by.as_str().into()),
        ])
    }
}
