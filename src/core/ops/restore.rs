//! Restoring deleted webhooks from their backups. A deleted webhook cannot come back under its
//! old id: restoring creates a new one (new id, new signing secret) with the backup's url,
//! events and metadata. It is idempotent: when a webhook with the same url and event set is
//! already there, nothing is created. A create whose outcome is unknown is repeated only after a
//! listing shows it did not happen, so a restore never makes two webhooks.

use super::ctx::Ctx;
use super::pool::{run_pool, Source, VecSource};
use crate::core::audit::{AuditAction, AuditEntry, AuditOutcome};
use crate::core::env::{CreateBody, Env, Method};
use crate::core::http::retry::Retrying;
use crate::core::http::wire::created_answer;
use crate::core::model::{
    event_set, ErrorCode, RestoreBulkResult, RestoreItem, RestoreOutcome, RestoreResult, Webhook,
    WebhookBackup, WebhookError,
};
use crate::core::options::calls::{BulkSettings, DEFAULT_MAX_PAGES};
use crate::core::options::decode::check_id;
use crate::core::options::decode::decode;
use serde::Deserializer;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// What makes two webhooks the same subscription: the url and the event set.
fn key_of(url: &str, events: &[String]) -> (String, Vec<String>) {
    let set = event_set(events).into_iter().map(String::from).collect();
    (url.to_string(), set)
}

/// Checks one backup, naming it `field` (`backup`, `backups[3]`).
pub fn check_backup(b: &WebhookBackup, field: &str) -> Result<(), WebhookError> {
    check_id(&b.webhook.id, format_args!("{field}.webhook.id"))?;
    if b.webhook.url.trim().is_empty() {
        return Err(WebhookError::invalid(format!(
            "{field}.webhook.url must not be empty"
        )));
    }
    if b.webhook.events.is_empty() || b.webhook.events.iter().any(|e| e.trim().is_empty()) {
        return Err(WebhookError::invalid(format!(
            "{field}.webhook.events must be a non-empty list of event types"
        )));
    }
    Ok(())
}

/// Decodes and checks one backup.
pub fn parse_backup<'de, D: Deserializer<'de>>(backup: D) -> Result<WebhookBackup, WebhookError> {
    let b: WebhookBackup = decode(backup, "backup")?;
    check_backup(&b, "backup")?;
    Ok(b)
}

/// Decodes and checks a list of backups (all of them, before anything is sent).
pub fn parse_backups<'de, D: Deserializer<'de>>(
    backups: D,
) -> Result<Vec<WebhookBackup>, WebhookError> {
    let all: Vec<WebhookBackup> = decode(backups, "backups")?;
    for (i, b) in all.iter().enumerate() {
        check_backup(b, &format!("backups[{i}]"))?;
    }
    Ok(all)
}

/// The webhooks on the server, by subscription, as a restore sees them.
#[derive(Default)]
struct Existing(RefCell<HashMap<(String, Vec<String>), Webhook>>);

impl Existing {
    fn of(all: Vec<Webhook>) -> Self {
        let mut map = HashMap::new();
        for w in all {
            map.entry(key_of(&w.url, &w.events)).or_insert(w);
        }
        Existing(RefCell::new(map))
    }

    fn find(&self, backup: &WebhookBackup) -> Option<Webhook> {
        self.0
            .borrow()
            .get(&key_of(&backup.webhook.url, &backup.webhook.events))
            .cloned()
    }
}

/// How one restore ended, as its audit entry tells it.
enum Ended<'a> {
    /// Created (`restored`) or found (`existing`) as webhook `id`, after `attempts` requests.
    As {
        outcome: RestoreOutcome,
        id: &'a str,
        attempts: u32,
        request_id: Option<String>,
    },
    /// Not restored, for this reason (its attempts and request id go into the entry).
    Failed(&'a WebhookError),
}

impl<E: Env> Ctx<'_, E> {
    fn record_restore(&self, previous: &str, ended: Ended<'_>, started: f64) {
        let outcome = match &ended {
            Ended::As { outcome, .. } => *outcome,
            Ended::Failed(_) => RestoreOutcome::Failed,
        };
        let mut entry = AuditEntry::ended(
            previous,
            AuditOutcome::from(outcome),
            &self.config.actor,
            self.now_iso(),
            self.env.now_ms() - started,
        );
        entry.action = AuditAction::Restore;
        match ended {
            Ended::As {
                id,
                attempts,
                request_id,
                ..
            } => {
                entry.restored_as = Some(id.to_string());
                entry.attempts = attempts;
                entry.request_id = request_id;
            }
            Ended::Failed(e) => {
                entry = entry.with_error(e);
                if e.code == ErrorCode::Aborted {
                    entry.outcome = AuditOutcome::Aborted;
                }
            }
        }
        self.env.audit(entry, true);
    }

    /// Creates the backup's webhook (its secret, the attempts made and the answer's request id).
    /// An unknown outcome is settled by listing before any retry.
    async fn create(
        &self,
        backup: &WebhookBackup,
    ) -> Result<(Webhook, Option<String>, u32, Option<String>), WebhookError> {
        let body = CreateBody {
            url: backup.webhook.url.clone(),
            events: backup.webhook.events.clone(),
            metadata: backup.webhook.metadata.clone(),
        };
        let request = self.request(
            Method::Post,
            self.config.provider.collection_url(&self.config.base_url),
            Some(body),
        );
        let mut attempts = 0;
        loop {
            let ex = self.exchange(&request, None, Retrying::UntilUnknown).await;
            attempts += ex.attempts;
            let error = match ex.result {
                Ok(answer) => {
                    let request_id = answer.request_id;
                    return created_answer(&answer.body)
                        .map(|(w, secret)| (w, secret, attempts, request_id));
                }
                Err(e) => e,
            };
            if !ex.last_unknown || attempts > self.config.retry.max_retries {
                return Err(WebhookError { attempts, ..error });
            }
            // Did the create happen after all? Only a listing can tell.
            let Ok(all) = self.list_all(None, DEFAULT_MAX_PAGES).await else {
                return Err(WebhookError { attempts, ..error });
            };
            if let Some(w) = Existing::of(all).find(backup) {
                return Ok((w, None, attempts, None));
            }
            let delay = self
                .config
                .retry
                .delay_ms(attempts, None, self.env.random());
            if delay > 0.0 && !self.env.sleep(delay).await {
                return Err(WebhookError {
                    attempts,
                    ..WebhookError::aborted()
                });
            }
        }
    }

    /// Restores one backup against what is on the server now; records the outcome.
    async fn restore_with(
        &self,
        backup: &WebhookBackup,
        existing: &Existing,
    ) -> Result<(RestoreOutcome, RestoreResult), WebhookError> {
        let started = self.env.now_ms();
        let previous = backup.webhook.id.as_str();
        if let Some(w) = existing.find(backup) {
            let found = Ended::As {
                outcome: RestoreOutcome::Existing,
                id: &w.id,
                attempts: 0,
                request_id: None,
            };
            self.record_restore(previous, found, started);
            return Ok((
                RestoreOutcome::Existing,
                RestoreResult {
                    previous_id: previous.to_string(),
                    webhook: w,
                    created: false,
                    secret: None,
                },
            ));
        }
        match self.create(backup).await {
            Ok((webhook, secret, attempts, request_id)) => {
                let made = Ended::As {
                    outcome: RestoreOutcome::Restored,
                    id: &webhook.id,
                    attempts,
                    request_id,
                };
                self.record_restore(previous, made, started);
                existing
                    .0
                    .borrow_mut()
                    .insert(key_of(&webhook.url, &webhook.events), webhook.clone());
                Ok((
                    RestoreOutcome::Restored,
                    RestoreResult {
                        previous_id: previous.to_string(),
                        webhook,
                        created: true,
                        secret,
                    },
                ))
            }
            Err(e) => {
                let e = e.with_id(previous);
                self.record_restore(previous, Ended::Failed(&e), started);
                Err(e)
            }
        }
    }

    /// `restoreWebhook`: lists once to find an existing twin, else creates.
    pub async fn restore_webhook(
        &self,
        backup: &WebhookBackup,
    ) -> Result<RestoreResult, WebhookError> {
        let started = self.env.now_ms();
        let existing = match self.list_all(None, DEFAULT_MAX_PAGES).await {
            Ok(all) => Existing::of(all),
            Err(e) => {
                let e = e.with_id(&backup.webhook.id);
                self.record_restore(&backup.webhook.id, Ended::Failed(&e), started);
                return Err(e);
            }
        };
        self.restore_with(backup, &existing).await.map(|(_, r)| r)
    }

    /// `restoreMany`: one listing, then each backup on the bulk scheduler. Backups of the same
    /// subscription are restored once; the later ones find it `existing`. `on_item` sees each
    /// line as it ends (a new secret included, so a caller can keep it at once).
    pub async fn restore_many(
        &self,
        backups: Vec<WebhookBackup>,
        settings: BulkSettings,
        on_item: &dyn Fn(&RestoreItem),
    ) -> Result<RestoreBulkResult, WebhookError> {
        let total = backups.len();
        let existing = Existing::of(self.list_all(None, DEFAULT_MAX_PAGES).await?);
        // Group by subscription, in order of first appearance, so two backups of one webhook never race.
        let mut groups: Vec<Vec<(usize, WebhookBackup)>> = Vec::new();
        let mut group_of: HashMap<(String, Vec<String>), usize> = HashMap::new();
        for (i, b) in backups.into_iter().enumerate() {
            let g = *group_of
                .entry(key_of(&b.webhook.url, &b.webhook.events))
                .or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
            groups[g].push((i, b));
        }
        let lines: RefCell<Vec<Option<RestoreItem>>> = RefCell::new(vec![None; total]);
        let untried: RefCell<Vec<(usize, WebhookBackup)>> = RefCell::new(Vec::new());
        let stop = Cell::new(false);
        let should_stop = || stop.get() || self.env.aborted();
        let mut source = VecSource::new(groups);
        run_pool(
            &mut source,
            settings.concurrency,
            &should_stop,
            |_, group| {
                let (existing, lines, stop, untried, should_stop, on_item) =
                    (&existing, &lines, &stop, &untried, &should_stop, on_item);
                async move {
                    for (i, backup) in group {
                        if should_stop() {
                            untried.borrow_mut().push((i, backup));
                            continue;
                        }
                        let item = match self.restore_with(&backup, existing).await {
                            Ok((outcome, result)) => RestoreItem {
                                previous_id: result.previous_id.clone(),
                                outcome,
                                result: Some(result),
                                error: None,
                            },
                            Err(e) => {
                                if settings.stop_on_error {
                                    stop.set(true);
                                }
                                RestoreItem {
                                    previous_id: backup.webhook.id.clone(),
                                    outcome: RestoreOutcome::Failed,
                                    result: None,
                                    error: Some(e.info()),
                                }
                            }
                        };
                        on_item(&item);
                        lines.borrow_mut()[i] = Some(item);
                    }
                }
            },
        )
        .await?;
        // Backups never tried (aborted, or stopped on an error): failed, each with its entry.
        let why = if self.env.aborted() {
            WebhookError::new(
                ErrorCode::Aborted,
                "The call was aborted before this backup was restored",
            )
        } else {
            WebhookError::new(
                ErrorCode::Aborted,
                "Not restored: the run stopped at an earlier failure",
            )
        };
        let mut never = untried.into_inner();
        never.extend(source.rest().into_iter().flatten());
        for (i, backup) in never {
            self.record_restore(&backup.webhook.id, Ended::Failed(&why), self.env.now_ms());
            let item = RestoreItem {
                previous_id: backup.webhook.id,
                outcome: RestoreOutcome::Failed,
                result: None,
                error: Some(why.info()),
            };
            on_item(&item);
            lines.borrow_mut()[i] = Some(item);
        }
        let mut result = RestoreBulkResult {
            total,
            ..Default::default()
        };
        for item in lines.into_inner().into_iter().flatten() {
            match item.outcome {
                RestoreOutcome::Restored => result.restored += 1,
                RestoreOutcome::Existing => result.existing += 1,
                RestoreOutcome::Failed => result.failed += 1,
            }
            result.results.push(item);
        }
        Ok(result)
    }
}
