//! The audit log: one entry per delete call, kept in memory until a sink has taken it.

use super::error::{ErrorCode, WebhookError, WebhookErrorInfo};
use super::model::{DeleteResult, FinalStatistics};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How a delete call ended, as the audit log records it.
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
    /// The user declined, or a bulk call stopped on an error before this id was sent.
    Cancelled,
    /// The caller's signal fired.
    Aborted,
}

/// One audit record (JSON field names as in the contract).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// The webhook the call was about.
    pub webhook_id: String,
    /// Always `"delete"`.
    pub action: String,
    /// How it ended.
    pub outcome: AuditOutcome,
    /// True only when deleted.
    pub success: bool,
    /// ISO 8601: the server's `deleted_at` when deleted, else when the call ended.
    pub deleted_at: String,
    /// The client's actor.
    pub deleted_by: String,
    /// HTTP attempts made for the delete.
    pub attempts: u32,
    /// Wall time of the call.
    pub duration_ms: f64,
    /// Final statistics, when the server sent them.
    pub final_statistics: Option<FinalStatistics>,
    /// The server's request id of the last answer.
    pub request_id: Option<String>,
    /// The error, when not deleted.
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

impl AuditEntry {
    /// The entry for a finished delete.
    pub fn for_result(
        id: &str,
        result: &Result<DeleteResult, WebhookError>,
        actor: &str,
        ended_iso: String,
        duration_ms: f64,
    ) -> Self {
        match result {
            Ok(r) => AuditEntry {
                webhook_id: id.to_string(),
                action: "delete".to_string(),
                outcome: AuditOutcome::Deleted,
                success: true,
                deleted_at: r.deleted_at.clone(),
                deleted_by: actor.to_string(),
                attempts: r.attempts,
                duration_ms,
                final_statistics: r.final_statistics.clone(),
                request_id: r.request_id.clone(),
                error: None,
            },
            Err(e) => Self::unfinished(id, outcome_of(e.code), actor, ended_iso, duration_ms, e.attempts)
                .with_error(e),
        }
    }

    /// The entry for a call that ended without deleting: cancelled, aborted, or failed.
    pub fn unfinished(
        id: &str,
        outcome: AuditOutcome,
        actor: &str,
        ended_iso: String,
        duration_ms: f64,
        attempts: u32,
    ) -> Self {
        AuditEntry {
            webhook_id: id.to_string(),
            action: "delete".to_string(),
            outcome,
            success: false,
            deleted_at: ended_iso,
            deleted_by: actor.to_string(),
            attempts,
            duration_ms,
            final_statistics: None,
            request_id: None,
            error: None,
        }
    }

    fn with_error(mut self, e: &WebhookError) -> Self {
        self.request_id = e.request_id.clone();
        self.error = Some(e.info());
        self
    }
}

/// Entries in order, with a marker for those the sink has not taken yet.
#[derive(Debug, Default)]
pub struct AuditLog {
    entries: VecDeque<AuditEntry>,
    /// Index of the first entry the sink has not taken; everything before it was delivered.
    undelivered_from: usize,
    max_entries: Option<usize>,
}

impl AuditLog {
    /// A log that keeps at most `max_entries` delivered entries in memory (all if `None`).
    pub fn new(max_entries: Option<usize>) -> Self {
        AuditLog { entries: VecDeque::new(), undelivered_from: 0, max_entries }
    }

    /// Appends an entry, not yet delivered.
    pub fn push(&mut self, entry: AuditEntry) {
        self.entries.push_back(entry);
    }

    /// The oldest entry the sink has not taken.
    pub fn next_undelivered(&self) -> Option<&AuditEntry> {
        self.entries.get(self.undelivered_from)
    }

    /// Marks the oldest undelivered entry as taken, then drops delivered entries beyond `max_entries`.
    pub fn mark_delivered(&mut self) {
        if self.undelivered_from < self.entries.len() {
            self.undelivered_from += 1;
        }
        self.trim();
    }

    /// Marks everything delivered (a log without a sink).
    pub fn mark_all_delivered(&mut self) {
        self.undelivered_from = self.entries.len();
        self.trim();
    }

    fn trim(&mut self) {
        if let Some(max) = self.max_entries {
            while self.entries.len() > max && self.undelivered_from > 0 {
                self.entries.pop_front();
                self.undelivered_from -= 1;
            }
        }
    }

    /// How many entries the sink has not taken yet.
    pub fn pending(&self) -> usize {
        self.entries.len() - self.undelivered_from
    }

    /// Entries in memory, oldest first, optionally only for one webhook.
    pub fn history(&self, webhook_id: Option<&str>) -> Vec<AuditEntry> {
        self.entries.iter().filter(|e| webhook_id.map_or(true, |id| e.webhook_id == id)).cloned().collect()
    }

    /// Entries in memory.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the log holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets every entry, delivered or not.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.undelivered_from = 0;
    }

    /// One JSON object per line, oldest first, each line ending in `\n`.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            if let Ok(line) = serde_json::to_string(e) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    /// Reads JSONL written by [`AuditLog::to_jsonl`] (or a file sink); blank lines are skipped.
    /// A malformed line is an `invalid_input` error naming its line number.
    pub fn from_jsonl(text: &str) -> Result<AuditLog, WebhookError> {
        let mut log = AuditLog::new(None);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry: AuditEntry = serde_json::from_str(line)
                .map_err(|e| WebhookError::invalid(format!("line {} is not an audit entry: {e}", n + 1)))?;
            log.push(entry);
        }
        log.mark_all_delivered();
        Ok(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> AuditEntry {
        AuditEntry::unfinished(id, AuditOutcome::Cancelled, "ops", "2024-01-01T00:00:00.000Z".into(), 1.0, 0)
    }

    #[test]
    fn delivery_marker_and_max_entries() {
        let mut log = AuditLog::new(Some(2));
        for id in ["a", "b", "c"] {
            log.push(entry(id));
        }
        assert_eq!(log.pending(), 3);
        assert_eq!(log.len(), 3, "undelivered entries are never dropped");
        log.mark_delivered();
        assert_eq!(log.next_undelivered().unwrap().webhook_id, "b");
        assert_eq!(log.len(), 2, "the delivered oldest entry went once over the limit");
        log.mark_delivered();
        log.mark_delivered();
        assert_eq!((log.len(), log.pending()), (2, 0));
        assert_eq!(log.history(None).iter().map(|e| e.webhook_id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    }

    #[test]
    fn jsonl_round_trip_and_bad_line() {
        let mut log = AuditLog::new(None);
        log.push(entry("a"));
        log.push(entry("b"));
        let text = log.to_jsonl();
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("\"webhookId\":\"a\"") && text.contains("\"outcome\":\"cancelled\""));
        let back = AuditLog::from_jsonl(&format!("{text}\n")).unwrap();
        assert_eq!(back.history(None), log.history(None));
        let err = AuditLog::from_jsonl(&format!("{text}{{\"webhookId\": 1}}\n")).unwrap_err();
        assert!(err.message.starts_with("line 3 "), "{}", err.message);
    }

    #[test]
    fn history_filters_by_id() {
        let mut log = AuditLog::new(None);
        log.push(entry("a"));
        log.push(entry("b"));
        log.push(entry("a"));
        assert_eq!(log.history(Some("a")).len(), 2);
        log.clear();
        assert!(log.is_empty());
    }
}
