//! The client's operations on one webhook or one listing, written once over [`Env`]: every
//! request goes through the retry loop, and every delete call leaves exactly one audit entry.

use super::audit::{AuditEntry, AuditOutcome};
use super::env::{Env, HttpRequest};
use super::error::{ErrorCode, WebhookError};
use super::model::{DeleteResult, Webhook, WebhookBackup, WebhookPage};
use super::options::ClientConfig;
use super::provider::parse_webhook;
use super::retry::{send_with_retry, Answer, RateGate};
use super::time::format_iso;
use std::future::Future;

/// Pages `listAllWebhooks` follows at most unless told otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

/// One call's view of the client: its configuration, host environment and rate gate.
pub struct Ctx<'a, E: Env> {
    /// The validated options.
    pub config: &'a ClientConfig,
    /// Transport, timers, abort signal and audit sink for this call.
    pub env: &'a E,
    /// The pause shared by the requests of this call.
    pub gate: &'a RateGate,
}

/// How `safeDelete` ended when it did not reject.
#[derive(Debug, PartialEq)]
pub enum SafeDelete {
    /// Deleted.
    Deleted(DeleteResult),
    /// There was no such webhook.
    NotFound,
    /// The server kept answering 409.
    Conflict(WebhookError),
}

/// Why `deleteWithConfirmation` rejected: an API error, or the caller's `confirm` threw `X`.
#[derive(Debug, PartialEq)]
pub enum ConfirmError<X> {
    /// The get or the delete failed.
    Api(WebhookError),
    /// `confirm` threw; nothing was deleted.
    Confirm(X),
}

impl<'a, E: Env> Ctx<'a, E> {
    fn request(&self, method: &'static str, url: String) -> HttpRequest {
        let (auth_name, auth_value) = self.config.auth.header(&self.config.api_key);
        HttpRequest { method, url, auth_name, auth_value, timeout_ms: self.config.timeout_ms }
    }

    /// Sends through the retry loop; errors come back with the API key scrubbed.
    async fn exchange(&self, request: HttpRequest, id: Option<&str>) -> (Result<Answer, WebhookError>, u32, bool) {
        let ex = send_with_retry(self.env, &self.config.retry, self.gate, &request, id).await;
        (ex.result.map_err(|e| e.redact(&self.config.api_key)), ex.attempts, ex.earlier_unknown)
    }

    fn now_iso(&self) -> String {
        format_iso(self.env.now_ms())
    }

    /// Records the entry for a finished delete.
    pub async fn record(&self, id: &str, result: &Result<DeleteResult, WebhookError>, started_ms: f64) {
        let duration = self.env.now_ms() - started_ms;
        self.env.audit(AuditEntry::for_result(id, result, &self.config.actor, self.now_iso(), duration)).await;
    }

    /// Records a delete call that ended before any DELETE was sent.
    pub async fn record_unsent(&self, id: &str, outcome: AuditOutcome, error: Option<&WebhookError>, started_ms: f64) {
        let duration = self.env.now_ms() - started_ms;
        let entry = match error {
            Some(e) => {
                let mut e = e.clone();
                e.attempts = 0;
                AuditEntry::for_result(id, &Err(e), &self.config.actor, self.now_iso(), duration)
            }
            None => AuditEntry::unfinished(id, outcome, &self.config.actor, self.now_iso(), duration, 0),
        };
        self.env.audit(entry).await;
    }

    /// Deletes one webhook (the id must already be valid) and records the outcome.
    pub async fn delete(&self, id: &str) -> Result<DeleteResult, WebhookError> {
        let started = self.env.now_ms();
        let result = self.delete_unrecorded(id).await;
        self.record(id, &result, started).await;
        result
    }

    async fn delete_unrecorded(&self, id: &str) -> Result<DeleteResult, WebhookError> {
        let url = self.config.provider.item_url(&self.config.base_url, id);
        let (result, attempts, earlier_unknown) = self.exchange(self.request("DELETE", url), Some(id)).await;
        match result {
            Ok(answer) => {
                let mut r = self.config.provider.delete_result(id, &answer.body, self.now_iso());
                r.attempts = attempts;
                r.request_id = answer.request_id;
                Ok(r)
            }
            Err(e) if e.code == ErrorCode::NotFound && earlier_unknown => Ok(DeleteResult {
                id: id.to_string(),
                status: "deleted".to_string(),
                deleted_at: self.now_iso(),
                message: None,
                final_statistics: None,
                webhook: None,
                attempts,
                already_deleted: true,
                request_id: e.request_id,
            }),
            Err(e) => Err(e),
        }
    }

    /// `safeDelete`: 404 and a lasting 409 are outcomes; every other error is returned as `Err`.
    pub async fn safe_delete(&self, id: &str) -> Result<SafeDelete, WebhookError> {
        match self.delete(id).await {
            Ok(r) => Ok(SafeDelete::Deleted(r)),
            Err(e) if e.code == ErrorCode::NotFound => Ok(SafeDelete::NotFound),
            Err(e) if e.code == ErrorCode::Conflict => Ok(SafeDelete::Conflict(e)),
            Err(e) => Err(e),
        }
    }

    /// Fetches one webhook. Where the generic dialect has no GET by id (405/501), lists and finds.
    pub async fn get(&self, id: &str) -> Result<Webhook, WebhookError> {
        let url = self.config.provider.item_url(&self.config.base_url, id);
        match self.exchange(self.request("GET", url), Some(id)).await.0 {
            Ok(answer) => parse_webhook(&answer.body).map_err(|e| e.with_id(id)),
            Err(e) if matches!(e.status, Some(405 | 501)) => {
                let all = self.list_all(None, DEFAULT_MAX_PAGES).await?;
                all.into_iter().find(|w| w.id == id).ok_or_else(|| {
                    let mut e = WebhookError::new(ErrorCode::NotFound, format!("Webhook {id} not found"));
                    e.webhook_id = Some(id.to_string());
                    e
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Fetches one page of the listing.
    pub async fn list(&self, cursor: Option<&str>, limit: Option<u32>) -> Result<WebhookPage, WebhookError> {
        let url = self.config.provider.list_url(&self.config.base_url, cursor, limit);
        let answer = self.exchange(self.request("GET", url), None).await.0?;
        self.config.provider.parse_page(&answer.body)
    }

    /// Follows cursors to the end. A cursor that repeats, or more than `max_pages` pages, is a
    /// `decode` error rather than an endless loop.
    pub async fn list_all(&self, limit: Option<u32>, max_pages: u32) -> Result<Vec<Webhook>, WebhookError> {
        let limit = limit.or(self.config.provider.bulk_page_size());
        let mut all = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..max_pages {
            let page = self.list(cursor.as_deref(), limit).await?;
            all.extend(page.data);
            match page.next_cursor {
                Some(next) if page.has_more => {
                    if seen.contains(&next) {
                        return Err(WebhookError::new(ErrorCode::Decode, format!("The server repeated cursor {next}")));
                    }
                    seen.push(next.clone());
                    cursor = Some(next);
                }
                _ => return Ok(all),
            }
        }
        Err(WebhookError::new(ErrorCode::Decode, format!("The listing did not end within maxPages ({max_pages}) pages")))
    }

    /// Fetches the webhook, asks `confirm`, and deletes only on `true`. `Ok(None)` means the
    /// user declined. One audit entry either way.
    pub async fn delete_with_confirmation<F, Fut, X>(
        &self,
        id: &str,
        confirm: F,
    ) -> Result<Option<DeleteResult>, ConfirmError<X>>
    where
        F: FnOnce(Webhook) -> Fut,
        Fut: Future<Output = Result<bool, X>>,
    {
        let started = self.env.now_ms();
        let webhook = match self.get(id).await {
            Ok(w) => w,
            Err(e) => {
                self.record_unsent(id, AuditOutcome::Failed, Some(&e), started).await;
                return Err(ConfirmError::Api(e));
            }
        };
        match confirm(webhook).await {
            Ok(true) => {
                let result = self.delete_unrecorded(id).await;
                self.record(id, &result, started).await;
                result.map(Some).map_err(ConfirmError::Api)
            }
            Ok(false) => {
                self.record_unsent(id, AuditOutcome::Cancelled, None, started).await;
                Ok(None)
            }
            Err(x) => {
                self.record_unsent(id, AuditOutcome::Cancelled, None, started).await;
                Err(ConfirmError::Confirm(x))
            }
        }
    }

    /// Fetches the webhook, hands the backup to `store`, and deletes only once it succeeded. A
    /// failing store (its message in `Err`) is a `backup_failed` error and nothing is deleted.
    pub async fn delete_with_backup<F, Fut>(
        &self,
        id: &str,
        store: F,
    ) -> Result<(DeleteResult, WebhookBackup), WebhookError>
    where
        F: FnOnce(WebhookBackup) -> Fut,
        Fut: Future<Output = Result<(), String>>,
    {
        let started = self.env.now_ms();
        let webhook = match self.get(id).await {
            Ok(w) => w,
            Err(e) => {
                self.record_unsent(id, AuditOutcome::Failed, Some(&e), started).await;
                return Err(e);
            }
        };
        let backup = WebhookBackup { webhook, backed_up_at: self.now_iso(), deleted_by: self.config.actor.to_string() };
        if let Err(why) = store(backup.clone()).await {
            let why = why.replace(&self.config.api_key, "[redacted]");
            let e = WebhookError::new(ErrorCode::BackupFailed, format!("The backup store failed, nothing was deleted: {why}"))
                .with_id(id);
            self.record_unsent(id, AuditOutcome::Failed, Some(&e), started).await;
            return Err(e);
        }
        let result = self.delete_unrecorded(id).await;
        self.record(id, &result, started).await;
        result.map(|r| (r, backup))
    }
}
