//! Selecting webhooks by rule, and the reviewed plan that `applyPlan` deletes exactly.

use super::metadata::Metadata;
use super::webhook::{Webhook, WebhookStatus};
use serde::{Deserialize, Serialize};

/// Which webhooks to select. Every given field must hold (AND); `{}` selects nothing, and
/// selecting everything must be said with `all: true`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookFilter {
    /// Every webhook (must be `true` when given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<bool>,
    /// Only these ids.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    /// Only webhooks with this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<WebhookStatus>,
    /// Inactive for this many days (status inactive, last delivery older, or never delivered
    /// and created before the cutoff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inactive_days: Option<f64>,
    /// At least this many attempts, the newest this many all failed (Exa's delivery history).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failing_attempts: Option<f64>,
    /// A glob on the whole URL: `*` any run, `?` one character.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Subscribed to this event type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Created before this ISO 8601 time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_before: Option<String>,
    /// Created after this ISO 8601 time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_after: Option<String>,
    /// Every pair present in the webhook's metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Same url and event set as a newer webhook (latest createdAt; on a tie, the first listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<bool>,
    /// The clock for `inactiveDays` (ISO 8601); default the current time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<String>,
}

/// One selected webhook and why it was selected, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// The webhook (for Exa with `lastDeliveryAt` from its newest attempt when history was read).
    pub webhook: Webhook,
    /// Why it was selected.
    pub reasons: Vec<String>,
}

/// The kind tag of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanKind {
    /// `"webhook-delete/plan"`.
    #[serde(rename = "webhook-delete/plan")]
    Plan,
}

/// A reviewed list of webhooks to delete: `applyPlan` deletes exactly these ids and no others,
/// after checking each is unchanged. Plain JSON: it survives `JSON.stringify` and a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletePlan {
    /// Always `"webhook-delete/plan"`.
    pub kind: PlanKind,
    /// The plan format (1).
    pub version: u32,
    /// The API dialect it was made for.
    pub provider: super::Provider,
    /// The base URL it was made for.
    pub base_url: String,
    /// ISO 8601 time it was made.
    pub created_at: String,
    /// The filter that selected the items.
    pub filter: WebhookFilter,
    /// The webhooks to delete, as they were when planned.
    pub items: Vec<PlanItem>,
}

/// One webhook of a plan, with the fields `applyPlan` checks before deleting it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanItem {
    /// The webhook's id.
    pub id: String,
    /// Its URL when planned.
    pub url: String,
    /// Its events when planned.
    pub events: Vec<String>,
    /// Its status when planned.
    pub status: WebhookStatus,
    /// Its last update time when planned.
    pub updated_at: Option<String>,
    /// Why it was selected.
    pub reasons: Vec<String>,
}
