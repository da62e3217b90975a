//! One webhook at a time: `safeDelete`, `deleteWithConfirmation` and `deleteWithBackup`. Each
//! call leaves exactly one audit entry, whatever the outcome.

use super::ctx::Ctx;
use crate::core::audit::AuditOutcome;
use crate::core::env::Env;
use crate::core::model::{DeleteResult, ErrorCode, Webhook, WebhookBackup, WebhookError};
use crate::core::text::redact::redact;
use std::future::Future;

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

/// The `backup_failed` error for a store that threw `why` (its words, the key redacted).
pub fn backup_failed(id: &str, why: &str, key: &str) -> WebhookError {
    WebhookError::new(
        ErrorCode::BackupFailed,
        format!(
            "The backup store failed, nothing was deleted: {}",
            redact(why, key)
        ),
    )
    .with_id(id)
}

impl<E: Env> Ctx<'_, E> {
    /// The backup of `webhook`, taken now by this client's actor.
    pub fn backup_of(&self, webhook: Webhook) -> WebhookBackup {
        WebhookBackup {
            webhook,
            backed_up_at: self.now_iso(),
            deleted_by: self.config.actor.to_string(),
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

    /// Fetches the webhook, asks `confirm`, and deletes only on `true`. `Ok(None)` means the
    /// user declined.
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
                self.record_error(id, &e, started, true);
                return Err(ConfirmError::Api(e));
            }
        };
        match confirm(webhook).await {
            Ok(true) => {
                let result = self.delete_unrecorded(id).await;
                self.record_delete(id, &result, started, true);
                result.map(Some).map_err(ConfirmError::Api)
            }
            Ok(false) => {
                self.record_unsent(id, AuditOutcome::Cancelled, None, started, true);
                Ok(None)
            }
            Err(x) => {
                self.record_unsent(id, AuditOutcome::Cancelled, None, started, true);
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
                self.record_error(id, &e, started, true);
                return Err(e);
            }
        };
        let backup = self.backup_of(webhook);
        if let Err(why) = store(backup.clone()).await {
            let e = backup_failed(id, &why, &self.config.api_key);
            self.record_error(id, &e, started, true);
            return Err(e);
        }
        let result = self.delete_unrecorded(id).await;
        self.record_delete(id, &result, started, true);
        result.map(|r| (r, backup))
    }
}
