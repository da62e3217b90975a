//! Backups taken before deletes, and what restoring them gives back.

use super::error::WebhookErrorInfo;
use super::webhook::Webhook;
use serde::{Deserialize, Serialize};

/// A webhook as it was just before it was deleted: what `restoreWebhook` re-creates it from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookBackup {
    /// The webhook as read just before the delete.
    pub webhook: Webhook,
    /// ISO 8601 time of the backup.
    pub backed_up_at: String,
    /// The client's actor.
    pub deleted_by: String,
}

/// A webhook re-created from a backup (or found already there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreResult {
    /// The id the webhook had before it was deleted.
    pub previous_id: String,
    /// The webhook now on the server (a new id: a deleted id never comes back).
    pub webhook: Webhook,
    /// False when a webhook with the same url and event set already existed and was returned.
    pub created: bool,
    /// The new signing secret, returned once by the server on create; the receiver needs it.
    /// Never written to the audit log; null when nothing was created.
    pub secret: Option<String>,
}

/// How one backup of `restoreMany` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestoreOutcome {
    /// Created anew.
    Restored,
    /// A webhook with the same url and event set was already there; nothing was created.
    Existing,
    /// Not restored (see the error).
    Failed,
}

/// One backup's line in a [`RestoreBulkResult`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreItem {
    /// The id the webhook had before it was deleted.
    pub previous_id: String,
    /// How it ended.
    pub outcome: RestoreOutcome,
    /// The restore result, unless it failed.
    pub result: Option<RestoreResult>,
    /// The error, when it failed.
    pub error: Option<WebhookErrorInfo>,
}

/// The answer of `restoreMany`; `results` keeps the input order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreBulkResult {
    /// Backups given.
    pub total: usize,
    /// Webhooks created.
    pub restored: usize,
    /// Backups whose webhook was already there.
    pub existing: usize,
    /// Backups not restored.
    pub failed: usize,
    /// One line per backup, in input order.
    pub results: Vec<RestoreItem>,
}
