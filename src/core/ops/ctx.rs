//! One call's view of the client, and the requests every operation is made of: get, list,
//! attempts, delete and create, each through the retry loop, each error with the key redacted.

use crate::core::audit::entry::outcome_of;
use crate::core::audit::{AuditEntry, AuditOutcome};
use crate::core::env::{CreateBody, Env, HttpRequest, Method};
use crate::core::http::dialect::AttemptQuery;
use crate::core::http::gate::Gate;
use crate::core::http::retry::{send_with_retry, Exchange, Retrying};
use crate::core::http::wire::{attempts_answer, delete_answer, page_answer, webhook_answer};
use crate::core::model::{
    AttemptPage, DeleteResult, ErrorCode, Webhook, WebhookAttempt, WebhookError, WebhookPage,
};
use crate::core::ops::pool::{run_pool, VecSource};
use crate::core::options::client::ClientConfig;
use crate::core::text::time::format_iso;
use std::cell::RefCell;

/// A decode error about an answer that did arrive: its attempts and request id are known.
fn answered(mut e: WebhookError, attempts: u32, request_id: Option<String>) -> WebhookError {
    e.attempts = attempts;
    e.request_id = e.request_id.or(request_id);
    e
}

/// One call's view of the client: its configuration, host environment and the client-wide gate.
pub struct Ctx<'a, E: Env> {
    /// The validated options.
    pub config: &'a ClientConfig,
    /// Transport, timers, abort signal and audit log for this call.
    pub env: &'a E,
    /// The pause and pacing shared by every request of the client.
    pub gate: &'a Gate,
}

impl<'a, E: Env> Ctx<'a, E> {
    /// A request to `url` with the client's auth, timeout and byte limit.
    pub fn request(&self, method: Method, url: String, body: Option<CreateBody>) -> HttpRequest {
        let (auth_name, auth_value) = &self.config.auth_header;
        HttpRequest {
            method,
            url,
            auth_name,
            auth_value: auth_value.clone(),
            body,
            timeout_ms: self.config.timeout_ms,
            max_bytes: self.config.max_response_bytes,
        }
    }

    /// Sends through the retry loop; errors come back with the API key redacted.
    pub async fn exchange(
        &self,
        request: &HttpRequest,
        id: Option<&str>,
        retrying: Retrying,
    ) -> Exchange<E::Body> {
        let mut ex = send_with_retry(
            self.env,
            &self.config.retry,
            self.gate,
            request,
            id,
            retrying,
        )
        .await;
        if let Err(e) = ex.result {
            ex.result = Err(e.redact(&self.config.api_key));
        }
        ex
    }

    /// Now, as ISO 8601.
    pub fn now_iso(&self) -> String {
        format_iso(self.env.now_ms())
    }

    /// Records a finished delete call; returns the entry's ticket.
    pub fn record_delete(
        &self,
        id: &str,
        result: &Result<DeleteResult, WebhookError>,
        started_ms: f64,
        keep: bool,
    ) -> u64 {
        let entry = AuditEntry::for_delete(
            id,
            result,
            &self.config.actor,
            self.now_iso(),
            self.env.now_ms() - started_ms,
        );
        self.env.audit(entry, keep)
    }

    /// Records a delete call that ended before any DELETE was sent (declined, skipped, changed);
    /// `error` is what explains it, if anything. Returns the entry's ticket.
    pub fn record_unsent(
        &self,
        id: &str,
        outcome: AuditOutcome,
        error: Option<&WebhookError>,
        started_ms: f64,
        keep: bool,
    ) -> u64 {
        let mut entry = AuditEntry::ended(
            id,
            outcome,
            &self.config.actor,
            self.now_iso(),
            self.env.now_ms() - started_ms,
        );
        if let Some(e) = error {
            entry = entry.with_error(e);
            entry.attempts = 0;
        }
        self.env.audit(entry, keep)
    }

    /// Records a delete call that failed before its DELETE (a read or a backup store failed):
    /// the outcome follows the error's code (a 404 is `not_found`). Returns the entry's ticket.
    pub fn record_error(&self, id: &str, error: &WebhookError, started_ms: f64, keep: bool) -> u64 {
        self.record_unsent(id, outcome_of(error.code), Some(error), started_ms, keep)
    }

    /// Deletes one webhook (the id must already be valid) and records the outcome.
    pub async fn delete(&self, id: &str) -> Result<DeleteResult, WebhookError> {
        let started = self.env.now_ms();
        let result = self.delete_unrecorded(id).await;
        self.record_delete(id, &result, started, true);
        result
    }

    /// Sends the DELETE; a 404 after an attempt whose outcome is unknown resolves as
    /// `alreadyDeleted`.
    pub async fn delete_unrecorded(&self, id: &str) -> Result<DeleteResult, WebhookError> {
        let request = self.request(
            Method::Delete,
            self.config.provider.item_url(&self.config.base_url, id),
            None,
        );
        let ex = self.exchange(&request, Some(id), Retrying::Always).await;
        match ex.result {
            Ok(answer) => {
                let mut r = delete_answer(self.config.provider, &answer.body, id, self.now_iso());
                r.attempts = ex.attempts;
                r.request_id = answer.request_id;
                Ok(r)
            }
            Err(e) if e.code == ErrorCode::NotFound && ex.earlier_unknown => {
                Ok(self.gone(id, ex.attempts, e.request_id))
            }
            Err(e) => Err(e),
        }
    }

    /// The result for a webhook an earlier attempt (or an earlier run) had already deleted.
    pub fn gone(&self, id: &str, attempts: u32, request_id: Option<String>) -> DeleteResult {
        DeleteResult {
            attempts,
            already_deleted: true,
            request_id,
            ..DeleteResult::deleted(id, self.now_iso())
        }
    }

    /// Fetches one webhook. Where the generic dialect has no GET by id (405/501), lists and finds.
    /// A body that names another webhook is a `decode` error.
    pub async fn get(&self, id: &str) -> Result<Webhook, WebhookError> {
        let request = self.request(
            Method::Get,
            self.config.provider.item_url(&self.config.base_url, id),
            None,
        );
        let ex = self.exchange(&request, Some(id), Retrying::Always).await;
        match ex.result {
            Ok(answer) => webhook_answer(&answer.body, id)
                .map_err(|e| answered(e.with_id(id), ex.attempts, answer.request_id)),
            Err(e) if matches!(e.status, Some(405 | 501)) => {
                let all = self
                    .list_all(None, crate::core::options::calls::DEFAULT_MAX_PAGES)
                    .await?;
                all.into_iter().find(|w| w.id == id).ok_or_else(|| {
                    WebhookError::new(ErrorCode::NotFound, format!("Webhook {id} not found"))
                        .with_id(id)
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Fetches one page of the listing.
    pub async fn list(
        &self,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<WebhookPage, WebhookError> {
        let request = self.request(
            Method::Get,
            self.config
                .provider
                .list_url(&self.config.base_url, cursor, limit),
            None,
        );
        let ex = self.exchange(&request, None, Retrying::Always).await;
        let answer = ex.result?;
        page_answer(&answer.body).map_err(|e| answered(e, ex.attempts, answer.request_id))
    }

    /// Follows cursors to the end. A cursor that repeats, or more than `max_pages` pages, is a
    /// `decode` error rather than an endless loop.
    pub async fn list_all(
        &self,
        limit: Option<u32>,
        max_pages: u32,
    ) -> Result<Vec<Webhook>, WebhookError> {
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
                        return Err(WebhookError::decode(format!(
                            "The server repeated cursor {next}"
                        )));
                    }
                    seen.push(next.clone());
                    cursor = Some(next);
                }
                _ => return Ok(all),
            }
        }
        Err(WebhookError::decode(format!(
            "The listing did not end within maxPages ({max_pages}) pages"
        )))
    }

    /// One page of a webhook's delivery attempts (Exa only; `unsupported` elsewhere).
    pub async fn attempts(
        &self,
        id: &str,
        query: &AttemptQuery,
    ) -> Result<AttemptPage, WebhookError> {
        if !self.config.provider.has_attempts() {
            return Err(WebhookError::new(
                ErrorCode::Unsupported,
                "The generic provider reports no delivery attempts (its webhooks carry delivery counts instead)",
            )
            .with_id(id));
        }
        let request = self.request(
            Method::Get,
            self.config
                .provider
                .attempts_url(&self.config.base_url, id, query),
            None,
        );
        let ex = self.exchange(&request, Some(id), Retrying::Always).await;
        let answer = ex.result?;
        attempts_answer(&answer.body, id)
            .map_err(|e| answered(e.with_id(id), ex.attempts, answer.request_id))
    }

    /// `listAllWebhooks({ lastDelivery: true })`: every webhook, and for Exa (whose webhooks
    /// carry no delivery fields) each one's newest attempt's time as `lastDeliveryAt`, read on
    /// the bulk scheduler with `concurrency` reads in flight.
    pub async fn list_all_with_last_delivery(
        &self,
        limit: Option<u32>,
        max_pages: u32,
        concurrency: usize,
    ) -> Result<Vec<Webhook>, WebhookError> {
        let mut all = self.list_all(limit, max_pages).await?;
        if !self.config.provider.has_attempts() {
            return Ok(all);
        }
        let ids = all.iter().map(|w| w.id.clone()).enumerate().collect();
        for (i, attempts) in self.read_histories(ids, 1, concurrency).await? {
            all[i].last_delivery_at = attempts.into_iter().next().map(|a| a.attempted_at);
        }
        Ok(all)
    }

    /// Reads the newest `limit` attempts of each `(index, id)` on the bulk scheduler, with
    /// `concurrency` reads in flight; returns `(index, attempts)` as the reads end. A webhook
    /// deleted since it was listed is left out; the first other failure stops the reads and is
    /// the error (an abort comes first).
    pub async fn read_histories(
        &self,
        ids: Vec<(usize, String)>,
        limit: u32,
        concurrency: usize,
    ) -> Result<Vec<(usize, Vec<WebhookAttempt>)>, WebhookError> {
        let query = AttemptQuery {
            limit: Some(limit),
            ..AttemptQuery::default()
        };
        let read = RefCell::new(Vec::new());
        let failed = RefCell::new(None);
        let stop = || self.env.aborted() || failed.borrow().is_some();
        run_pool(
            &mut VecSource::new(ids),
            concurrency,
            &stop,
            |_, (i, id)| {
                let (query, read, failed) = (&query, &read, &failed);
                async move {
                    match self.attempts(&id, query).await {
                        Ok(page) => read.borrow_mut().push((i, page.data)),
                        Err(e) if e.code == ErrorCode::NotFound => {}
                        Err(e) => {
                            failed.borrow_mut().get_or_insert(e);
                        }
                    }
                }
            },
        )
        .await?;
        if self.env.aborted() {
            return Err(WebhookError::aborted());
        }
        match failed.into_inner() {
            Some(e) => Err(e),
            None => Ok(read.into_inner()),
        }
    }
}
