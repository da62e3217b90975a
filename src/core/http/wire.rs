//! The answers' shapes on the wire, in both dialects' spellings, and their mapping onto the
//! contract's shapes. Decoding reads only the fields named here (whatever else a server sends is
//! ignored) and refuses what would make a promise false: a number out of range in a field typed
//! `number`, or an answer about another webhook than the one asked for.

use crate::core::env::Body;
use crate::core::model::{
    AttemptPage, DeleteResult, FinalStatistics, Metadata, Provider, Webhook, WebhookAttempt,
    WebhookError, WebhookPage, WebhookStatus,
};
use serde::Deserialize;

/// A webhook object of either dialect (camelCase or snake_case fields; `active: false` or
/// `status: "inactive"` is inactive). Create answers also carry the new `secret`.
#[derive(Deserialize)]
pub struct WireWebhook {
    id: String,
    url: Option<String>,
    events: Option<Vec<String>>,
    status: Option<String>,
    active: Option<bool>,
    #[serde(rename = "createdAt", alias = "created_at")]
    created_at: Option<String>,
    #[serde(rename = "updatedAt", alias = "updated_at")]
    updated_at: Option<String>,
    #[serde(rename = "lastDeliveryAt", alias = "last_delivery_at")]
    last_delivery_at: Option<String>,
    #[serde(rename = "deliveryCount", alias = "delivery_count")]
    delivery_count: Option<f64>,
    #[serde(rename = "failureCount", alias = "failure_count")]
    failure_count: Option<f64>,
    metadata: Option<Metadata>,
    /// Only in the answer to a create.
    pub secret: Option<String>,
}

#[derive(Deserialize)]
struct WirePage<T> {
    data: Vec<T>,
    #[serde(rename = "hasMore", alias = "has_more")]
    has_more: Option<bool>,
    #[serde(rename = "nextCursor", alias = "next_cursor")]
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct WireDeleted {
    message: Option<String>,
    #[serde(rename = "deletedAt", alias = "deleted_at")]
    deleted_at: Option<String>,
    #[serde(rename = "finalStatistics", alias = "final_statistics")]
    final_statistics: Option<WireStatistics>,
}

#[derive(Deserialize)]
struct WireStatistics {
    #[serde(rename = "totalDeliveries", alias = "total_deliveries")]
    total_deliveries: Option<f64>,
    #[serde(rename = "totalFailures", alias = "total_failures")]
    total_failures: Option<f64>,
    #[serde(rename = "successRate", alias = "success_rate")]
    success_rate: Option<f64>,
    #[serde(rename = "lastDeliveryAt", alias = "last_delivery_at")]
    last_delivery_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAttempt {
    id: String,
    event_id: Option<String>,
    event_type: Option<String>,
    webhook_id: Option<String>,
    url: Option<String>,
    successful: bool,
    response_status_code: Option<f64>,
    attempt: Option<f64>,
    attempted_at: String,
}

fn finite(value: Option<f64>, field: &str) -> Result<Option<f64>, String> {
    match value {
        Some(n) if !n.is_finite() => Err(format!("{field} is not a finite number")),
        other => Ok(other),
    }
}

impl WireWebhook {
    /// The contract's webhook; `Err` names the field that is out of range.
    pub fn into_webhook(self) -> Result<Webhook, String> {
        let inactive = self.active == Some(false) || self.status.as_deref() == Some("inactive");
        Ok(Webhook {
            delivery_count: finite(self.delivery_count, "deliveryCount")?,
            failure_count: finite(self.failure_count, "failureCount")?,
            id: self.id,
            url: self.url.unwrap_or_default(),
            events: self.events.unwrap_or_default(),
            status: if inactive {
                WebhookStatus::Inactive
            } else {
                WebhookStatus::Active
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_delivery_at: self.last_delivery_at,
            metadata: self.metadata.unwrap_or_default(),
        })
    }
}

fn shape_error(what: &str, why: &str) -> WebhookError {
    WebhookError::decode(format!("{what} is not the documented shape: {why}"))
}

fn limit_error(body: &impl Body, what: &str) -> Option<WebhookError> {
    body.truncated().then(|| {
        WebhookError::decode(format!(
            "{what} passed maxResponseBytes; the rest was not read"
        ))
    })
}

/// The webhook a GET by id answered; `decode` when the body is not one, passed the byte limit,
/// or names another webhook (nothing is ever deleted on such an answer's word).
pub fn webhook_answer(body: &impl Body, id: &str) -> Result<Webhook, WebhookError> {
    if let Some(e) = limit_error(body, "the webhook answer") {
        return Err(e);
    }
    let wire: WireWebhook = body
        .decode()
        .map_err(|why| shape_error("the webhook answer", &why))?;
    let webhook = wire
        .into_webhook()
        .map_err(|why| shape_error("the webhook answer", &why))?;
    if webhook.id != id {
        return Err(WebhookError::decode(format!(
            "asked for webhook {id}, the server answered with webhook {}",
            webhook.id
        )));
    }
    Ok(webhook)
}

/// The webhook a create answered, with its new secret.
pub fn created_answer(body: &impl Body) -> Result<(Webhook, Option<String>), WebhookError> {
    let mut wire: WireWebhook = body
        .decode()
        .map_err(|why| shape_error("the create answer", &why))?;
    let secret = wire.secret.take();
    let webhook = wire
        .into_webhook()
        .map_err(|why| shape_error("the create answer", &why))?;
    Ok((webhook, secret))
}

fn page_parts<T>(
    page: WirePage<T>,
    what: &str,
) -> Result<(Vec<T>, bool, Option<String>), WebhookError> {
    let has_more = page.has_more.unwrap_or(false);
    if has_more && page.next_cursor.is_none() {
        return Err(WebhookError::decode(format!(
            "{what} has more pages but no next cursor"
        )));
    }
    Ok((
        page.data,
        has_more,
        if has_more { page.next_cursor } else { None },
    ))
}

/// A list page (Exa: `hasMore`/`nextCursor`; generic: `{data}` with optional `has_more`/
/// `next_cursor` in either spelling).
pub fn page_answer(body: &impl Body) -> Result<WebhookPage, WebhookError> {
    let what = "the list answer";
    if let Some(e) = limit_error(body, what) {
        return Err(e);
    }
    let page: WirePage<WireWebhook> = body.decode().map_err(|why| shape_error(what, &why))?;
    let (data, has_more, next_cursor) = page_parts(page, what)?;
    let data = data
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            w.into_webhook()
                .map_err(|why| shape_error(what, &format!("data[{i}].{why}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(WebhookPage {
        data,
        has_more,
        next_cursor,
    })
}

/// A page of one webhook's delivery attempts; every attempt must be about that webhook.
pub fn attempts_answer(body: &impl Body, id: &str) -> Result<AttemptPage, WebhookError> {
    let what = "the attempts answer";
    if let Some(e) = limit_error(body, what) {
        return Err(e);
    }
    let page: WirePage<WireAttempt> = body.decode().map_err(|why| shape_error(what, &why))?;
    let (data, has_more, next_cursor) = page_parts(page, what)?;
    let mut out = Vec::with_capacity(data.len());
    for a in data {
        let webhook_id = a.webhook_id.unwrap_or_else(|| id.to_string());
        if webhook_id != id {
            return Err(WebhookError::decode(format!("asked for the attempts of webhook {id}, the server answered with webhook {webhook_id}'s")));
        }
        let status = finite(a.response_status_code, "responseStatusCode")
            .map_err(|why| shape_error(what, &why))?;
        out.push(WebhookAttempt {
            id: a.id,
            event_id: a.event_id.unwrap_or_default(),
            event_type: a.event_type.unwrap_or_default(),
            webhook_id,
            url: a.url.unwrap_or_default(),
            successful: a.successful,
            response_status_code: status
                .filter(|s| (100.0..=599.0).contains(s) && s.fract() == 0.0)
                .map(|s| s as u16),
            attempt: a
                .attempt
                .filter(|n| n.is_finite() && *n >= 0.0)
                .map_or(1, |n| n.min(u32::MAX as f64) as u32),
            attempted_at: a.attempted_at,
        });
    }
    Ok(AttemptPage {
        data: out,
        has_more,
        next_cursor,
    })
}

/// Maps a 2xx answer to a DELETE onto a [`DeleteResult`]. A 2xx means the webhook is gone, so a
/// body that is empty, cut at the byte limit or not the expected shape still counts as deleted,
/// with the details it lacks left null. The result's id is always `id`; an Exa body about
/// another webhook is not returned as the deleted one.
pub fn delete_answer(
    provider: Provider,
    body: &impl Body,
    id: &str,
    now_iso: String,
) -> DeleteResult {
    let mut result = DeleteResult::deleted(id, now_iso);
    if body.truncated() || body.is_empty() {
        return result;
    }
    match provider {
        Provider::Exa => {
            let webhook = body
                .decode::<WireWebhook>()
                .ok()
                .and_then(|w| w.into_webhook().ok());
            result.webhook = webhook.filter(|w| w.id == id).map(Box::new);
        }
        Provider::Generic => {
            if let Ok(wire) = body.decode::<WireDeleted>() {
                result.message = wire.message;
                if let Some(at) = wire.deleted_at {
                    result.deleted_at = at;
                }
                result.final_statistics = wire
                    .final_statistics
                    .and_then(WireStatistics::into_statistics);
            }
        }
    }
    result
}

impl WireStatistics {
    /// The statistics, or `None` when a number is out of range (missing numbers read as 0).
    fn into_statistics(self) -> Option<FinalStatistics> {
        let n = |v: Option<f64>| finite(v, "").ok().map(|v| v.unwrap_or(0.0));
        Some(FinalStatistics {
            total_deliveries: n(self.total_deliveries)?,
            total_failures: n(self.total_failures)?,
            success_rate: n(self.success_rate)?,
            last_delivery_at: self.last_delivery_at,
        })
    }
}
