//! One audit record and how each kind of ending becomes one.

use crate::core::model::{
    DeleteResult, ErrorCode, FinalStatistics, RestoreOutcome, WebhookError, WebhookErrorInfo,
};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// What the call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuditAction {
    /// A delete call (through any method).
    Delete,
    /// A restore from a backup.
    Restore,
}

/// How a call ended, as the audit log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    /// The webhook is gone.
    Deleted,
    /// The server had no such webhook.
    NotFound,
    /// The server kept refusing with 409.
    Conflict,
    /// Any other error.
    Failed,
    /// The user declined, or a bulk call stopped before this id was sent.
    Cancelled,
    /// The caller's signal fired.
    Aborted,
    /// `applyPlan`: the webhook changed since it was planned, so it was kept.
    Changed,
    /// A restore created the webhook anew.
    Restored,
    /// A restore found the webhook already there and created nothing.
    Existing,
}

/// One audit record (JSON field names as in the contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// The webhook the call was about (for a restore: its id before it was deleted).
    pub webhook_id: String,
    /// Delete or restore.
    pub action: AuditAction,
    /// How it ended.
    pub outcome: AuditOutcome,
    /// Restore entries: the id of the webhook now on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_as: Option<String>,
    /// True when deleted, restored or found existing.
    pub success: bool,
    /// ISO 8601: the server's `deleted_at` when deleted, else when the call ended.
    pub deleted_at: String,
    /// The client's actor (shared by all of its entries).
    pub deleted_by: Rc<str>,
    /// HTTP attempts made for the delete (or the create).
    pub attempts: u32,
    /// Wall time of the call.
    pub duration_ms: f64,
    /// Final statistics, when the server sent them.
    pub final_statistics: Option<FinalStatistics>,
    /// The server's request id of the last answer.
    pub request_id: Option<String>,
    /// The error, when it did not succeed.
    pub error: Option<WebhookErrorInfo>,
}

/// Maps an error code to the audit outcome it stands for.
pub fn outcome_of(code: ErrorCode) -> AuditOutcome {
    match code {
        ErrorCode::NotFound => AuditOutcome::NotFound,
        ErrorCode::Conflict => AuditOutcome::Conflict,
        ErrorCode::Aborted => AuditOutcome::Aborted,
        _ => AuditOutcome::Failed,
    }
}

impl From<RestoreOutcome> for AuditOutcome {
    fn from(o: RestoreOutcome) -> Self {
        match o {
            RestoreOutcome::Restored => AuditOutcome::Restored,
            RestoreOutcome::Existing => AuditOutcome::Existing,
            RestoreOutcome::Failed => AuditOutcome::Failed,
        }
    }
}

impl AuditEntry {
    /// The entry for a call that did not succeed (or was never sent): cancelled, aborted,
    /// changed, failed.
    pub fn ended(
        id: &str,
        outcome: AuditOutcome,
        actor: &Rc<str>,
        ended_iso: String,
        duration_ms: f64,
    ) -> Self {
        AuditEntry {
            webhook_id: id.to_string(),
            action: AuditAction::Delete,
            outcome,
            restored_as: None,
            success: matches!(
                outcome,
                AuditOutcome::Deleted | AuditOutcome::Restored | AuditOutcome::Existing
            ),
            deleted_at: ended_iso,
            deleted_by: Rc::clone(actor),
            attempts: 0,
            duration_ms,
            final_statistics: None,
            request_id: None,
            error: None,
        }
    }

    /// The entry for a finished delete.
    pub fn for_delete(
        id: &str,
        result: &Result<DeleteResult, WebhookError>,
        actor: &Rc<str>,
        ended_iso: String,
        duration_ms: f64,
    ) -> Self {
        match result {
            Ok(r) => AuditEntry {
                deleted_at: r.deleted_at.clone(),
                attempts: r.attempts,
                final_statistics: r.final_statistics.clone(),
                request_id: r.request_id.clone(),
                ..Self::ended(id, AuditOutcome::Deleted, actor, String::new(), duration_ms)
            },
            Err(e) => {
                Self::ended(id, outcome_of(e.code), actor, ended_iso, duration_ms).with_error(e)
            }
        }
    }

    /// The same entry, carrying `e` (its request id, attempts and short form).
    pub fn with_error(mut self, e: &WebhookError) -> Self {
        self.request_id = e.request_id.clone();
        self.attempts = e.attempts;
        self.error = Some(e.info());
        self
    }
}
