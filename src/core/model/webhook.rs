//! Webhooks, their delivery statistics and delivery attempts, as both dialects are normalised to.

use super::metadata::Metadata;
use serde::{Deserialize, Serialize};

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
    /// ISO 8601 time of the last delivery: the generic dialect's field, or for Exa the newest
    /// attempt's time once a selection has read the delivery history.
    pub last_delivery_at: Option<String>,
    /// Deliveries so far (generic dialect only).
    pub delivery_count: Option<f64>,
    /// Failed deliveries so far (generic dialect only).
    pub failure_count: Option<f64>,
    /// String metadata, in the server's order.
    #[serde(default)]
    pub metadata: Metadata,
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

/// One delivery attempt of an Exa webhook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookAttempt {
    /// The attempt's id.
    pub id: String,
    /// The event delivered.
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The webhook it was delivered for.
    pub webhook_id: String,
    /// Where it was delivered.
    pub url: String,
    /// Whether the receiver accepted it.
    pub successful: bool,
    /// The receiver's HTTP status, if it answered.
    pub response_status_code: Option<u16>,
    /// Which try of this event it was (1 = first).
    pub attempt: u32,
    /// ISO 8601 time of the attempt.
    pub attempted_at: String,
}

/// One page of a webhook's delivery attempts, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttemptPage {
    /// The attempts on this page.
    pub data: Vec<WebhookAttempt>,
    /// Whether another page follows.
    pub has_more: bool,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
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

/// An event list as a set, sorted and without repeats: two webhooks (or a webhook and its plan
/// item or backup) subscribe to the same events when these are equal.
pub fn event_set(events: &[String]) -> Vec<&str> {
    let mut set: Vec<&str> = events.iter().map(String::as_str).collect();
    set.sort_unstable();
    set.dedup();
    set
}

impl Webhook {
    /// This webhook's [`event_set`].
    pub fn event_set(&self) -> Vec<&str> {
        event_set(&self.events)
    }
}
