//! The rule behind `deleteInactive`.

use super::model::{Webhook, WebhookStatus};
use super::time::parse_iso;

/// A webhook is inactive when its status is `inactive`, or its last delivery is older than the
/// cutoff, or the server reports zero deliveries and it was created before the cutoff. A webhook
/// whose delivery history the server does not report (Exa) is judged by its status alone, and an
/// unreadable date never makes a webhook a candidate: when in doubt, keep it.
pub fn is_inactive(w: &Webhook, cutoff_ms: f64) -> bool {
    if w.status == WebhookStatus::Inactive {
        return true;
    }
    if let Some(last) = w.last_delivery_at.as_deref() {
        return parse_iso(last).is_some_and(|t| t < cutoff_ms);
    }
    let never_delivered = w.delivery_count == Some(0.0);
    never_delivered && w.created_at.as_deref().and_then(parse_iso).is_some_and(|t| t < cutoff_ms)
}

/// The webhooks inactive for `days` days as of `now_ms`, in listing order.
pub fn select_inactive(webhooks: Vec<Webhook>, now_ms: f64, days: f64) -> Vec<Webhook> {
    let cutoff = now_ms - days * 86_400_000.0;
    webhooks.into_iter().filter(|w| is_inactive(w, cutoff)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::parse_iso;

    fn hook(id: &str, status: WebhookStatus, last: Option<&str>, count: Option<f64>, created: Option<&str>) -> Webhook {
        Webhook {
            id: id.into(),
            url: String::new(),
            events: vec![],
            status,
            created_at: created.map(Into::into),
            updated_at: None,
            last_delivery_at: last.map(Into::into),
            delivery_count: count,
            failure_count: None,
            metadata: Vec::new(),
        }
    }

    #[test]
    fn the_rule() {
        use WebhookStatus::*;
        let now = parse_iso("2024-03-01T00:00:00Z").unwrap();
        let hooks = vec![
            hook("disabled", Inactive, Some("2024-02-29T00:00:00Z"), Some(5.0), None),
            hook("stale", Active, Some("2024-01-01T00:00:00Z"), Some(5.0), None),
            hook("fresh", Active, Some("2024-02-20T00:00:00Z"), Some(5.0), None),
            hook("never_old", Active, None, Some(0.0), Some("2023-06-01T00:00:00Z")),
            hook("never_new", Active, None, Some(0.0), Some("2024-02-25T00:00:00Z")),
            hook("exa_unknown_history", Active, None, None, Some("2020-01-01T00:00:00Z")),
            hook("garbled_date", Active, Some("last tuesday"), Some(3.0), None),
        ];
        let ids: Vec<String> = select_inactive(hooks, now, 30.0).into_iter().map(|w| w.id).collect();
        assert_eq!(ids, ["disabled", "stale", "never_old"]);
    }
}
