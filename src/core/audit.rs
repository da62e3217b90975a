//! The audit log: one entry per delete call, kept in memory until a sink has taken it.

use super::error::{ErrorCode, WebhookError, WebhookErrorInfo};
use super::json::{Json, ToJson};
use super::model::{DeleteResult, FinalStatistics};
use super::provider::parse_final_statistics;
use std::rc::Rc;

/// How a delete call ended, as the audit log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// The webhook the call was about.
    pub webhook_id: String,
    /// Always `"delete"`.
    pub action: &'static str,
    /// How it ended.
    pub outcome: AuditOutcome,
    /// True only when deleted.
    pub success: bool,
    /// ISO 8601: the server's `deleted_at` when deleted, else when the call ended.
    pub deleted_at: String,
    /// The client's actor (shared by all of its entries).
    pub deleted_by: Rc<str>,
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

impl AuditOutcome {
    const ALL: [AuditOutcome; 6] = [
        AuditOutcome::Deleted,
        AuditOutcome::NotFound,
        AuditOutcome::Conflict,
        AuditOutcome::Failed,
        AuditOutcome::Cancelled,
        AuditOutcome::Aborted,
    ];

    /// The outcome as JavaScript sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditOutcome::Deleted => "deleted",
            AuditOutcome::NotFound => "not_found",
            AuditOutcome::Conflict => "conflict",
            AuditOutcome::Failed => "failed",
            AuditOutcome::Cancelled => "cancelled",
            AuditOutcome::Aborted => "aborted",
        }
    }
}

impl ToJson for AuditEntry {
    fn to_json(&self) -> Json {
        Json::object([
            ("webhookId", self.webhook_id.as_str().into()),
            ("action", self.action.into()),
            ("outcome", self.outcome.as_str().into()),
            ("success", self.success.into()),
            ("deletedAt", self.deleted_at.as_str().into()),
            ("deletedBy", (*self.deleted_by).into()),
            ("attempts", self.attempts.into()),
            ("durationMs", self.duration_ms.into()),
            ("finalStatistics", self.final_statistics.to_json()),
            ("requestId", self.request_id.clone().into()),
            ("error", self.error.to_json()),
        ])
    }
}

impl AuditEntry {
    /// Reads an entry back from its JSON form; the error names the first field that is wrong.
    pub fn from_json(v: &Json) -> Result<AuditEntry, String> {
        let text = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_string).ok_or(format!("{k} is not a string"));
        let number = |k: &str| v.get(k).and_then(Json::as_f64).ok_or(format!("{k} is not a number"));
        let nullable = |k: &str| match v.get(k) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("{k} is not a string or null")),
        };
        let outcome = v.get("outcome").and_then(Json::as_str);
        let outcome = AuditOutcome::ALL.into_iter().find(|o| Some(o.as_str()) == outcome).ok_or("outcome is not an audit outcome")?;
        let final_statistics = match v.get("finalStatistics") {
            None | Some(Json::Null) => None,
            Some(s) => Some(parse_final_statistics(s).ok_or("finalStatistics is not an object")?),
        };
        let error = match v.get("error") {
            None | Some(Json::Null) => None,
            Some(e) => Some(WebhookErrorInfo::from_json(e)?),
        };
        Ok(AuditEntry {
            webhook_id: text("webhookId")?,
            action: match v.get("action").and_then(Json::as_str) {
                Some("delete") => "delete",
                _ => return Err("action is not \"delete\"".into()),
            },
            outcome,
            success: v.get("success").and_then(Json::as_bool).ok_or("success is not a boolean")?,
            deleted_at: text("deletedAt")?,
            deleted_by: text("deletedBy")?.into(),
            attempts: number("attempts")? as u32,
            duration_ms: number("durationMs")?,
            final_statistics,
            request_id: nullable("requestId")?,
            error,
        })
    }
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
        actor: &Rc<str>,
        ended_iso: String,
        duration_ms: f64,
    ) -> Self {
        match result {
            Ok(r) => AuditEntry {
                webhook_id: id.to_string(),
                action: "delete",
                outcome: AuditOutcome::Deleted,
                success: true,
                deleted_at: r.deleted_at.clone(),
                deleted_by: Rc::clone(actor),
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
        actor: &Rc<str>,
        ended_iso: String,
        duration_ms: f64,
        attempts: u32,
    ) -> Self {
        AuditEntry {
            webhook_id: id.to_string(),
            action: "delete",
            outcome,
            success: false,
            deleted_at: ended_iso,
            deleted_by: Rc::clone(actor),
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
    entries: Vec<AuditEntry>,
    /// Index of the first entry the sink has not taken; everything before it was delivered.
    undelivered_from: usize,
    max_entries: Option<usize>,
}

impl AuditLog {
    /// A log that keeps at most `max_entries` delivered entries in memory (all if `None`).
    pub fn new(max_entries: Option<usize>) -> Self {
        AuditLog { entries: Vec::new(), undelivered_from: 0, max_entries }
    }

    /// Appends an entry, not yet delivered.
    pub fn push(&mut self, entry: AuditEntry) {
        self.entries.push(entry);
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
            let drop = self.entries.len().saturating_sub(max).min(self.undelivered_from);
            if drop > 0 {
                self.entries.drain(..drop);
                self.undelivered_from -= drop;
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

    /// One JSON object per line, oldest first, each line ending in `\n`. `print` turns one
    /// entry's JSON into text (the host's printer, as [`AuditLog::from_jsonl`] takes its parser).
    pub fn to_jsonl(&self, print: impl Fn(&Json) -> String) -> String {
        let mut out = String::new();
        for e in &self.entries {
            out.push_str(&print(&e.to_json()));
            out.push('\n');
        }
        out
    }

    /// Reads JSONL written by [`AuditLog::to_jsonl`] (or a file sink); blank lines are skipped.
    /// `parse` turns one line into JSON (the host's parser). A malformed line is an
    /// `invalid_input` error naming its line number.
    pub fn from_jsonl(text: &str, parse: impl Fn(&str) -> Option<Json>) -> Result<AuditLog, WebhookError> {
        let mut log = AuditLog::new(None);
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| WebhookError::invalid(format!("line {} is not an audit entry: {why}", n + 1));
            let json = parse(line).ok_or_else(|| bad("not JSON"))?;
            log.push(AuditEntry::from_json(&json).map_err(|why| bad(&why))?);
        }
        log.mark_all_delivered();
        Ok(log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> AuditEntry {
        AuditEntry::unfinished(id, AuditOutcome::Cancelled, &Rc::from("ops"), "2024-01-01T00:00:00.000Z".into(), 1.0, 0)
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
        let text = log.to_jsonl(Json::to_text);
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("\"webhookId\":\"a\"") && text.contains("\"outcome\":\"cancelled\""));
        let back = AuditLog::from_jsonl(&format!("{text}\n"), Json::parse).unwrap();
        assert_eq!(back.history(None), log.history(None));
        let err = AuditLog::from_jsonl(&format!("{text}{{\"webhookId\": 1}}\n"), Json::parse).unwrap_err();
        assert!(err.message.starts_with("line 3 "), "{}", err.message);
        let err = AuditLog::from_jsonl("not json", Json::parse).unwrap_err();
        assert_eq!(err.message, "line 1 is not an audit entry: not JSON");
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
