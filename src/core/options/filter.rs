//! `WebhookFilter`: decoded strictly (an unknown field must never widen a selection) and
//! checked against what the provider can answer, into a [`Rule`].

use super::decode::{check_id, decode, refuse_unknown};
use crate::core::model::{Provider, WebhookError, WebhookFilter};
use crate::core::text::time::{parse_iso, DAY_MS};
use serde::Deserializer;

/// A checked filter (its fields are read from `filter`), with what it takes work to find out
/// worked out once: its dates and cutoff in ms.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The filter as given (a plan records it).
    pub filter: WebhookFilter,
    /// Whether the filter selects anything at all (`{}` selects nothing).
    pub selects: bool,
    /// Created before (ms).
    pub created_before_ms: Option<f64>,
    /// Created after (ms).
    pub created_after_ms: Option<f64>,
    /// Only duplicates of a newer webhook (`duplicates: false` is no rule).
    pub duplicates: bool,
    /// `inactiveDays`: the cutoff in ms.
    pub inactive_cutoff_ms: Option<f64>,
    /// `failingAttempts`.
    pub failing: Option<u32>,
}

/// Decodes a `WebhookFilter` whose object has `keys`, and checks it (see [`check_filter`]).
/// A key the filter does not define is refused: a typo must never widen a selection.
pub fn parse_filter<'de, D: Deserializer<'de>>(
    keys: &[String],
    filter: D,
    provider: Provider,
    now_ms: f64,
) -> Result<Rule, WebhookError> {
    refuse_unknown::<WebhookFilter>(keys, "filter", "filter field")?;
    check_filter(decode(filter, "filter")?, provider, now_ms)
}

fn iso_field(value: &Option<String>, field: &str) -> Result<Option<f64>, WebhookError> {
    value
        .as_deref()
        .map(|t| {
            parse_iso(t).ok_or_else(|| {
                WebhookError::invalid(format!("filter.{field} must be an ISO 8601 time"))
            })
        })
        .transpose()
}

/// Checks a filter against the contract and what `provider` can answer; `now_ms` is the clock
/// unless the filter gives `now`.
pub fn check_filter(
    filter: WebhookFilter,
    provider: Provider,
    now_ms: f64,
) -> Result<Rule, WebhookError> {
    let bad = |msg: &str| Err(WebhookError::invalid(msg.to_string()));
    if filter.all == Some(false) {
        return bad(
            "filter.all must be true when given (leave it out to select by the other fields)",
        );
    }
    if let Some(ids) = &filter.ids {
        for (i, id) in ids.iter().enumerate() {
            check_id(id, format_args!("filter.ids[{i}]"))?;
        }
    }
    if filter.url.as_deref() == Some("") {
        return bad("filter.url must not be empty");
    }
    if filter.event.as_deref().is_some_and(|e| e.trim().is_empty()) {
        return bad("filter.event must not be empty");
    }
    let now = iso_field(&filter.now, "now")?.unwrap_or(now_ms);
    let inactive = match filter.inactive_days {
        None => None,
        Some(d) if d.is_finite() && d > 0.0 && d <= 36_500.0 => Some(now - d * DAY_MS),
        Some(_) => {
            return bad("filter.inactiveDays must be a number greater than 0, at most 36500")
        }
    };
    let failing = match filter.failing_attempts {
        None => None,
        Some(_) if !provider.has_attempts() => {
            return bad("filter.failingAttempts needs delivery attempts, which the generic provider does not report");
        }
        Some(n) if n.fract() == 0.0 && (1.0..=100.0).contains(&n) => Some(n as u32),
        Some(_) => return bad("filter.failingAttempts must be an integer from 1 to 100"),
    };
    let duplicates = filter.duplicates == Some(true);
    let selects = filter.all == Some(true)
        || filter.ids.is_some()
        || filter.status.is_some()
        || inactive.is_some()
        || failing.is_some()
        || filter.url.is_some()
        || filter.event.is_some()
        || filter.created_before.is_some()
        || filter.created_after.is_some()
        || filter.metadata.is_some()
        || duplicates;
    Ok(Rule {
        created_before_ms: iso_field(&filter.created_before, "createdBefore")?,
        created_after_ms: iso_field(&filter.created_after, "createdAfter")?,
        duplicates,
        inactive_cutoff_ms: inactive,
        failing,
        selects,
        filter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value, provider: Provider) -> Result<Rule, WebhookError> {
        let keys: Vec<String> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        parse_filter(&keys, v, provider, 0.0)
    }

    fn err(v: serde_json::Value, provider: Provider) -> String {
        parse(v, provider).unwrap_err().message
    }

    #[test]
    fn empty_selects_nothing_and_all_must_be_said() {
        assert!(!parse(json!({}), Provider::Exa).unwrap().selects);
        assert!(
            !parse(
                json!({"duplicates": false, "now": "2024-01-01"}),
                Provider::Exa
            )
            .unwrap()
            .selects
        );
        assert!(parse(json!({"all": true}), Provider::Exa).unwrap().selects);
        assert!(err(json!({"all": false}), Provider::Exa).starts_with("filter.all must be true"));
    }

    #[test]
    fn typos_and_bad_values_are_refused_by_name() {
        assert_eq!(
            err(json!({"inactiveDay": 30}), Provider::Exa),
            "filter.inactiveDay is not a known filter field"
        );
        assert_eq!(
            err(json!({"status": "paused"}), Provider::Exa),
            "filter.status must be \"active\" or \"inactive\""
        );
        assert_eq!(
            err(json!({"ids": ["ok", ""]}), Provider::Exa),
            "filter.ids[1] must not be empty"
        );
        assert_eq!(
            err(json!({"createdBefore": "2024-02-31"}), Provider::Exa),
            "filter.createdBefore must be an ISO 8601 time"
        );
        assert_eq!(
            err(json!({"metadata": {"a": 1}}), Provider::Exa),
            "filter.metadata.a must be a string"
        );
        assert!(err(json!({"failingAttempts": 3}), Provider::Generic)
            .starts_with("filter.failingAttempts needs delivery attempts"));
        assert_eq!(
            parse(json!({"failingAttempts": 3}), Provider::Exa)
                .unwrap()
                .failing,
            Some(3)
        );
    }

    #[test]
    fn cutoff_from_now() {
        let r = parse(
            json!({"inactiveDays": 30, "now": "2024-03-01T00:00:00Z"}),
            Provider::Generic,
        )
        .unwrap();
        assert_eq!(r.filter.inactive_days, Some(30.0));
        assert_eq!(
            r.inactive_cutoff_ms,
            Some(parse_iso("2024-01-31T00:00:00Z").unwrap())
        );
        assert_eq!(r.failing, None);
    }
}
