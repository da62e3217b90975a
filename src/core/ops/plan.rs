//! Reviewed plans: `planDelete` writes down what a filter selects (sending no DELETE), and
//! `applyPlan` deletes exactly those ids, never re-running the filter, each only if it is still
//! as planned. A plan is user input once it has been through a file: it is checked whole first.

use super::bulk::Target;
use super::ctx::Ctx;
use crate::core::env::Env;
use crate::core::model::{DeletePlan, PlanItem, PlanKind, WebhookError};
use crate::core::options::client::ClientConfig;
use crate::core::options::decode::check_id;
use crate::core::options::decode::decode;
use crate::core::options::filter::Rule;
use serde::Deserializer;
use std::collections::HashMap;

/// The plan format this version writes and reads.
pub const PLAN_VERSION: u32 = 1;

impl<E: Env> Ctx<'_, E> {
    /// Selects with `rule` and writes the plan down.
    pub async fn plan_delete(
        &self,
        rule: &Rule,
        concurrency: usize,
    ) -> Result<DeletePlan, WebhookError> {
        let selected = self.select(rule, concurrency).await?;
        Ok(DeletePlan {
            kind: PlanKind::Plan,
            version: PLAN_VERSION,
            provider: self.config.provider,
            base_url: self.config.base_url.clone(),
            created_at: self.now_iso(),
            filter: rule.filter.clone(),
            items: selected
                .into_iter()
                .map(|s| PlanItem {
                    id: s.webhook.id,
                    url: s.webhook.url,
                    events: s.webhook.events,
                    status: s.webhook.status,
                    updated_at: s.webhook.updated_at,
                    reasons: s.reasons,
                })
                .collect(),
        })
    }
}

/// Decodes and checks a plan for this client: the right format, made for this provider and
/// base URL, every item's id valid and listed once. Returns the items to apply, in order.
pub fn parse_plan<'de, D: Deserializer<'de>>(
    plan: D,
    config: &ClientConfig,
) -> Result<Vec<Target>, WebhookError> {
    let plan: DeletePlan = decode(plan, "plan")?;
    if plan.version != PLAN_VERSION {
        return Err(WebhookError::invalid(format!(
            "plan.version must be {PLAN_VERSION} (this plan says {})",
            plan.version
        )));
    }
    if plan.provider != config.provider {
        return Err(WebhookError::invalid(format!(
            "plan.provider is \"{}\" but this client speaks \"{}\"; a plan applies only where it was made",
            plan.provider.as_str(),
            config.provider.as_str()
        )));
    }
    if plan.base_url.trim_end_matches('/') != config.base_url {
        return Err(WebhookError::invalid(format!(
            "plan.baseUrl is {} but this client talks to {}; a plan applies only where it was made",
            plan.base_url, config.base_url
        )));
    }
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, item) in plan.items.iter().enumerate() {
        check_id(&item.id, format_args!("plan.items[{i}].id"))?;
        if let Some(j) = first.insert(&item.id, i) {
            return Err(WebhookError::invalid(format!(
                "plan.items[{i}].id repeats plan.items[{j}].id"
            )));
        }
    }
    Ok(plan.items.into_iter().map(Target::Planned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::options::client::parse_client_options;
    use serde_json::json;

    fn config() -> ClientConfig {
        parse_client_options(&json!({"apiKey": "k", "baseUrl": "https://x.test/websets"})).unwrap()
    }

    fn plan(extra: serde_json::Value) -> serde_json::Value {
        let mut p = json!({"kind": "webhook-delete/plan", "version": 1, "provider": "exa", "baseUrl": "https://x.test/websets",
            "createdAt": "2024-01-01T00:00:00Z", "filter": {"all": true},
            "items": [{"id": "a", "url": "u", "events": ["e"], "status": "active", "updatedAt": null, "reasons": []}]});
        for (k, v) in extra.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    }

    #[test]
    fn a_good_plan_gives_its_items() {
        let items = parse_plan(plan(json!({})), &config()).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].id(), "a");
    }

    #[test]
    fn malformed_or_foreign_plans_are_refused() {
        let cases = [
            (
                json!({"baseUrl": "https://evil.test/websets"}),
                "plan.baseUrl is https://evil.test/websets",
            ),
            (
                json!({"provider": "generic"}),
                "plan.provider is \"generic\"",
            ),
            (json!({"kind": "something"}), "plan.kind must be"),
            (json!({"version": 2}), "plan.version must be 1"),
            (
                json!({"items": [{"id": "..", "url": "u", "events": [], "status": "active", "updatedAt": null, "reasons": []}]}),
                "plan.items[0].id must not be",
            ),
            (
                json!({"items": [{"url": "u"}]}),
                "plan.items[0].id is required",
            ),
            (json!({"items": "all"}), "plan.items must be an array"),
        ];
        for (extra, expected) in cases {
            let e = parse_plan(plan(extra.clone()), &config()).unwrap_err();
            assert!(e.message.starts_with(expected), "{extra} -> {}", e.message);
        }
        let twice = json!({"items": [
            {"id": "a", "url": "u", "events": [], "status": "active", "updatedAt": null, "reasons": []},
            {"id": "a", "url": "u", "events": [], "status": "active", "updatedAt": null, "reasons": []}]});
        assert_eq!(
            parse_plan(plan(twice), &config()).unwrap_err().message,
            "plan.items[1].id repeats plan.items[0].id"
        );
    }
}
