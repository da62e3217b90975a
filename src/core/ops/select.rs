//! Selecting webhooks by a [`Rule`]: the listing is read to the end first (deleting while paging
//! skips webhooks on cursor APIs), the cheap fields decide what they can, and only the webhooks
//! they leave undecided have their delivery history read (Exa), under the bulk concurrency and
//! the client's pacing. Each selection says why, in words.

use super::ctx::Ctx;
use crate::core::env::Env;
use crate::core::model::{Selection, Webhook, WebhookAttempt, WebhookError, WebhookStatus};
use crate::core::options::calls::DEFAULT_MAX_PAGES;
use crate::core::options::filter::Rule;
use crate::core::text::glob::glob_match;
use crate::core::text::time::{date_part, parse_iso, DAY_MS};
use std::collections::HashMap;

/// What the fields a webhook carries say about it.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Not selected.
    No,
    /// Selected, for these reasons.
    Yes(Vec<String>),
    /// Everything so far holds; its delivery history decides (the reasons so far).
    Undecided(Vec<String>),
}

/// How long before the cutoff, in words (`41 days`, `1 day`, `less than a day`).
fn before_cutoff(cutoff: f64, at: f64) -> String {
    match ((cutoff - at) / DAY_MS).floor() as i64 {
        0 => "less than a day".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

/// The inactive rule on the fields both dialects may carry. `None`: the fields cannot tell
/// (Exa, active: its history decides).
fn inactive_by_fields(w: &Webhook, cutoff: f64, has_attempts: bool) -> Option<Option<String>> {
    if w.status == WebhookStatus::Inactive {
        return Some(Some("inactive: status is inactive".to_string()));
    }
    if has_attempts {
        return None;
    }
    if let Some(last) = w.last_delivery_at.as_deref() {
        // An unreadable date never makes a webhook a candidate.
        return Some(parse_iso(last).filter(|t| *t < cutoff).map(|t| {
            format!(
                "inactive: last delivery {}, {} before the cutoff",
                date_part(last),
                before_cutoff(cutoff, t)
            )
        }));
    }
    let created = w
        .created_at
        .as_deref()
        .and_then(|c| parse_iso(c).map(|t| (c, t)));
    Some(match (w.delivery_count, created) {
        (Some(n), Some((c, t))) if n == 0.0 && t < cutoff => Some(format!(
            "inactive: never delivered, created {}",
            date_part(c)
        )),
        _ => None,
    })
}

/// Judges one webhook on its own fields; `newer` is the newer webhook with the same url and
/// event set, if there is one.
pub fn judge(w: &Webhook, rule: &Rule, newer: Option<&str>, has_attempts: bool) -> Verdict {
    if !rule.selects {
        return Verdict::No;
    }
    let mut reasons = Vec::new();
    if rule.filter.all == Some(true) {
        reasons.push("all webhooks".to_string());
    }
    if let Some(ids) = &rule.filter.ids {
        if !ids.contains(&w.id) {
            return Verdict::No;
        }
        reasons.push("id is in the list".to_string());
    }
    if let Some(status) = rule.filter.status {
        if w.status != status {
            return Verdict::No;
        }
        reasons.push(format!("status is {}", status.as_str()));
    }
    if let Some(glob) = &rule.filter.url {
        if !glob_match(glob, &w.url) {
            return Verdict::No;
        }
        reasons.push(format!("url matches {glob}"));
    }
    if let Some(event) = &rule.filter.event {
        if !w.events.iter().any(|e| e == event) {
            return Verdict::No;
        }
        reasons.push(format!("subscribed to {event}"));
    }
    let created = w.created_at.as_deref().and_then(parse_iso);
    if let Some(before) = rule.created_before_ms {
        if !created.is_some_and(|c| c < before) {
            return Verdict::No;
        }
        reasons.push(format!(
            "created {} (before {})",
            date_part(w.created_at.as_deref().unwrap_or("")),
            date_part(rule.filter.created_before.as_deref().unwrap_or(""))
        ));
    }
    if let Some(after) = rule.created_after_ms {
        if !created.is_some_and(|c| c > after) {
            return Verdict::No;
        }
        reasons.push(format!(
            "created {} (after {})",
            date_part(w.created_at.as_deref().unwrap_or("")),
            date_part(rule.filter.created_after.as_deref().unwrap_or(""))
        ));
    }
    if let Some(metadata) = &rule.filter.metadata {
        for (k, v) in &metadata.0 {
            if w.metadata.get(k) != Some(v.as_str()) {
                return Verdict::No;
            }
            reasons.push(format!("metadata {k}={v}"));
        }
    }
    if rule.duplicates {
        match newer {
            Some(newer) => reasons.push(format!("duplicate of {newer} (newer)")),
            None => return Verdict::No,
        }
    }
    let mut undecided = false;
    if let Some(cutoff) = rule.inactive_cutoff_ms {
        match inactive_by_fields(w, cutoff, has_attempts) {
            Some(Some(reason)) => reasons.push(reason),
            Some(None) => return Verdict::No,
            None => undecided = true,
        }
    }
    if rule.failing.is_some() {
        undecided = true;
    }
    if undecided {
        Verdict::Undecided(reasons)
    } else {
        Verdict::Yes(reasons)
    }
}

/// Finishes judging an undecided webhook from its newest attempts (newest first). Sets the
/// webhook's `lastDeliveryAt` to the newest attempt's time.
pub fn judge_history(
    w: &mut Webhook,
    rule: &Rule,
    attempts: &[WebhookAttempt],
    mut reasons: Vec<String>,
) -> Option<Vec<String>> {
    let newest = attempts.first();
    if let Some(a) = newest {
        w.last_delivery_at = Some(a.attempted_at.clone());
    }
    if let Some(cutoff) = rule.inactive_cutoff_ms {
        if w.status != WebhookStatus::Inactive {
            match newest {
                Some(a) => {
                    let at = parse_iso(&a.attempted_at).filter(|t| *t < cutoff)?;
                    reasons.push(format!(
                        "inactive: last delivery {}, {} before the cutoff",
                        date_part(&a.attempted_at),
                        before_cutoff(cutoff, at)
                    ));
                }
                None => {
                    let c = w.created_at.as_deref()?;
                    parse_iso(c).filter(|t| *t < cutoff)?;
                    reasons.push(format!(
                        "inactive: no delivery attempts, created {}",
                        date_part(c)
                    ));
                }
            }
        }
    }
    if let Some(n) = rule.failing {
        let n = n as usize;
        if attempts.len() < n || attempts[..n].iter().any(|a| a.successful) {
            return None;
        }
        let what = if n == 1 {
            "delivery".to_string()
        } else {
            format!("{n} deliveries")
        };
        reasons.push(format!(
            "failing: the last {what} failed (newest {})",
            date_part(&attempts[0].attempted_at)
        ));
    }
    Some(reasons)
}

/// For each webhook with the same url and event set as a newer one: that newer one's id.
/// Newest is the latest `createdAt` (an unreadable one counts as oldest); on a tie, the first listed.
pub fn newer_duplicates(all: &[Webhook]) -> Vec<Option<String>> {
    let keys: Vec<(&str, Vec<&str>)> = all
        .iter()
        .map(|w| (w.url.as_str(), w.event_set()))
        .collect();
    let mut newest: HashMap<&(&str, Vec<&str>), (f64, usize)> = HashMap::new();
    for (i, (w, key)) in all.iter().zip(&keys).enumerate() {
        let created = w
            .created_at
            .as_deref()
            .and_then(parse_iso)
            .unwrap_or(f64::NEG_INFINITY);
        let slot = newest.entry(key).or_insert((created, i));
        if created > slot.0 {
            *slot = (created, i);
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, key)| {
            let winner = newest.get(key).map_or(i, |(_, at)| *at);
            (winner != i).then(|| all[winner].id.clone())
        })
        .collect()
}

impl<E: Env> Ctx<'_, E> {
    /// Lists every webhook and returns those `rule` selects, in listing order. Sends nothing
    /// when the rule selects nothing (`{}`).
    pub async fn select(
        &self,
        rule: &Rule,
        concurrency: usize,
    ) -> Result<Vec<Selection>, WebhookError> {
        if !rule.selects {
            return Ok(Vec::new());
        }
        let all = self.list_all(None, DEFAULT_MAX_PAGES).await?;
        let has_attempts = self.config.provider.has_attempts();
        let newer = if rule.duplicates {
            newer_duplicates(&all)
        } else {
            vec![None; all.len()]
        };
        let mut verdicts: Vec<(Webhook, Verdict)> = all
            .into_iter()
            .zip(newer)
            .map(|(w, newer)| {
                let v = judge(&w, rule, newer.as_deref(), has_attempts);
                (w, v)
            })
            .collect();
        let undecided: Vec<usize> = verdicts
            .iter()
            .enumerate()
            .filter(|(_, (_, v))| matches!(v, Verdict::Undecided(_)))
            .map(|(i, _)| i)
            .collect();
        if !undecided.is_empty() {
            let limit = rule.failing.unwrap_or(1).max(1);
            let ids = undecided
                .iter()
                .map(|&i| (i, verdicts[i].0.id.clone()))
                .collect();
            // A webhook gone since it was listed has no history read: nothing to select.
            for (i, attempts) in self.read_histories(ids, limit, concurrency).await? {
                let (w, verdict) = &mut verdicts[i];
                let Verdict::Undecided(reasons) = std::mem::replace(verdict, Verdict::No) else {
                    continue;
                };
                if let Some(reasons) = judge_history(w, rule, &attempts, reasons) {
                    *verdict = Verdict::Yes(reasons);
                }
            }
        }
        Ok(verdicts
            .into_iter()
            .filter_map(|(webhook, v)| match v {
                Verdict::Yes(reasons) => Some(Selection { webhook, reasons }),
                _ => None,
            })
            .collect())
    }
}
