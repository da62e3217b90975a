//! Each method's options, read once into the typed settings the operations take: one
//! `parse_*` per method. `None` stands for an absent (`undefined` or `null`) options argument.
//! The key lists here are the option interfaces of the TypeScript declarations, checked by a
//! native test.

use super::client::concurrency;
use super::fields::{Fields, Reader, Value};
use crate::core::http::dialect::AttemptQuery;
use crate::core::model::{Provider, WebhookError};

/// Pages `listAllWebhooks` follows at most unless told otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 1000;
/// `deleteInactive`'s default number of days.
pub const DEFAULT_INACTIVE_DAYS: f64 = 30.0;

/// The keys of `CallOptions`.
pub const CALL_OPTIONS: &[&str] = &["signal"];
/// The keys of `ListOptions`.
pub const LIST_OPTIONS: &[&str] = &["signal", "cursor", "limit"];
/// The keys of `ListAllOptions`.
pub const LIST_ALL_OPTIONS: &[&str] =
    &["signal", "limit", "maxPages", "lastDelivery", "concurrency"];
/// The keys of `ListAttemptsOptions`.
pub const LIST_ATTEMPTS_OPTIONS: &[&str] =
    &["signal", "cursor", "limit", "eventType", "successful"];
/// The keys of `BulkOptions` (host values: `signal`, `onProgress`, `backup`, `journal`).
pub const BULK_OPTIONS: &[&str] = &[
    "signal",
    "concurrency",
    "stopOnError",
    "onProgress",
    "backup",
    "keepResults",
    "journal",
];
/// The keys of `DeleteWhereOptions`.
pub const DELETE_WHERE_OPTIONS: &[&str] = &[
    "signal",
    "concurrency",
    "stopOnError",
    "onProgress",
    "backup",
    "keepResults",
    "journal",
    "dryRun",
];
/// The keys of `DeleteInactiveOptions` (host value: `now`).
pub const DELETE_INACTIVE_OPTIONS: &[&str] = &[
    "signal",
    "concurrency",
    "stopOnError",
    "onProgress",
    "backup",
    "keepResults",
    "journal",
    "inactiveDays",
    "now",
    "dryRun",
];
/// The keys of `SelectOptions`.
pub const SELECT_OPTIONS: &[&str] = &["signal", "concurrency"];
/// The keys of `RestoreManyOptions` (host value: `onItem`).
pub const RESTORE_MANY_OPTIONS: &[&str] = &["signal", "concurrency", "stopOnError", "onItem"];
/// The keys of `AuditLogOptions` (host value: `sink`).
pub const AUDIT_LOG_OPTIONS: &[&str] = &["sink", "maxEntries"];

/// How a bulk call runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BulkSettings {
    /// Requests in flight at most.
    pub concurrency: usize,
    /// After the first failure, send nothing more (the rest are `skipped`).
    pub stop_on_error: bool,
    /// Keep every line in `results` (`false`: only the failed ones; counts stay exact).
    pub keep_results: bool,
}

/// `listWebhooks`' query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    /// The page's cursor.
    pub cursor: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
}

/// `listAllWebhooks`' query.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ListAllQuery {
    /// Page size.
    pub limit: Option<u32>,
    /// Pages followed at most.
    pub max_pages: u32,
    /// Exa: read each webhook's newest attempt for `lastDeliveryAt`.
    pub last_delivery: bool,
    /// Attempt reads in flight at most (with `last_delivery`).
    pub concurrency: Option<usize>,
}

/// `deleteWhere`'s settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeleteWhereSettings {
    /// How the deletes run.
    pub bulk: BulkSettings,
    /// Select only.
    pub dry_run: bool,
}

/// `deleteInactive`'s settings (its clock is a host value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeleteInactiveSettings {
    /// How the deletes run.
    pub bulk: BulkSettings,
    /// Select only.
    pub dry_run: bool,
    /// The rule's number of days.
    pub inactive_days: f64,
}

/// Options not given: every field absent, so each reads as its default.
struct NoOptions;

impl Fields for NoOptions {
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn field(&self, _: &str) -> Value<'_> {
        Value::Absent
    }
}

/// The options object (none given reads as `{}`), checked for unknown keys.
fn read<'a>(options: Option<&'a dyn Fields>, known: &[&str]) -> Result<Reader<'a>, WebhookError> {
    let r = Reader::new(options.unwrap_or(&NoOptions), "options");
    r.known(known)?;
    Ok(r)
}

fn limit(r: &Reader<'_>, max: u32) -> Result<Option<u32>, WebhookError> {
    Ok(r.number("limit", 1.0, f64::from(max), true)?
        .map(|n| n as u32))
}

fn bulk(r: &Reader<'_>, default: usize) -> Result<BulkSettings, WebhookError> {
    Ok(BulkSettings {
        concurrency: concurrency(r)?.unwrap_or(default),
        stop_on_error: r.boolean("stopOnError")?.unwrap_or(false),
        keep_results: r.boolean("keepResults")?.unwrap_or(true),
    })
}

/// `{ signal }` of single-webhook methods.
pub fn parse_call_options(options: Option<&dyn Fields>) -> Result<(), WebhookError> {
    read(options, CALL_OPTIONS).map(|_| ())
}

/// `listWebhooks({ cursor, limit })`.
pub fn parse_list_options(
    options: Option<&dyn Fields>,
    provider: Provider,
) -> Result<ListQuery, WebhookError> {
    let r = read(options, LIST_OPTIONS)?;
    Ok(ListQuery {
        cursor: r.string("cursor")?,
        limit: limit(&r, provider.max_limit())?,
    })
}

/// `listAllWebhooks({ limit, maxPages })`.
pub fn parse_list_all_options(
    options: Option<&dyn Fields>,
    provider: Provider,
) -> Result<ListAllQuery, WebhookError> {
    let r = read(options, LIST_ALL_OPTIONS)?;
    Ok(ListAllQuery {
        limit: limit(&r, provider.max_limit())?,
        max_pages: r
            .number("maxPages", 1.0, 1_000_000.0, true)?
            .map_or(DEFAULT_MAX_PAGES, |n| n as u32),
        last_delivery: r.boolean("lastDelivery")?.unwrap_or(false),
        concurrency: concurrency(&r)?,
    })
}

/// `listAttempts(id, { cursor, limit, eventType, successful })`.
pub fn parse_attempt_options(options: Option<&dyn Fields>) -> Result<AttemptQuery, WebhookError> {
    let r = read(options, LIST_ATTEMPTS_OPTIONS)?;
    Ok(AttemptQuery {
        cursor: r.string("cursor")?,
        limit: limit(&r, 200)?,
        event_type: r.string("eventType")?,
        successful: r.boolean("successful")?,
    })
}

/// `BulkOptions` of `deleteMany` and `applyPlan`.
pub fn parse_bulk_options(
    options: Option<&dyn Fields>,
    default_concurrency: usize,
) -> Result<BulkSettings, WebhookError> {
    bulk(&read(options, BULK_OPTIONS)?, default_concurrency)
}

/// `deleteWhere(filter, { dryRun, ...BulkOptions })`.
pub fn parse_delete_where_options(
    options: Option<&dyn Fields>,
    default_concurrency: usize,
) -> Result<DeleteWhereSettings, WebhookError> {
    let r = read(options, DELETE_WHERE_OPTIONS)?;
    Ok(DeleteWhereSettings {
        bulk: bulk(&r, default_concurrency)?,
        dry_run: r.boolean("dryRun")?.unwrap_or(false),
    })
}

/// `deleteInactive({ inactiveDays, dryRun, ...BulkOptions })` (the host reads `now`).
pub fn parse_delete_inactive_options(
    options: Option<&dyn Fields>,
    default_concurrency: usize,
) -> Result<DeleteInactiveSettings, WebhookError> {
    let r = read(options, DELETE_INACTIVE_OPTIONS)?;
    let days = r.number("inactiveDays", 0.0, 36_500.0, false)?;
    if days == Some(0.0) {
        return Err(WebhookError::invalid(
            "options.inactiveDays must be greater than 0",
        ));
    }
    Ok(DeleteInactiveSettings {
        bulk: bulk(&r, default_concurrency)?,
        dry_run: r.boolean("dryRun")?.unwrap_or(false),
        inactive_days: days.unwrap_or(DEFAULT_INACTIVE_DAYS),
    })
}

/// `selectWebhooks` / `planDelete` options: the concurrency of history reads.
pub fn parse_select_options(
    options: Option<&dyn Fields>,
    default_concurrency: usize,
) -> Result<usize, WebhookError> {
    let r = read(options, SELECT_OPTIONS)?;
    Ok(concurrency(&r)?.unwrap_or(default_concurrency))
}

/// `restoreMany(backups, { concurrency, stopOnError })`.
pub fn parse_restore_many_options(
    options: Option<&dyn Fields>,
    default_concurrency: usize,
) -> Result<BulkSettings, WebhookError> {
    // `keepResults` is not one of its keys, so it reads as absent: every line is kept.
    bulk(&read(options, RESTORE_MANY_OPTIONS)?, default_concurrency)
}

/// `new AuditLog({ sink, maxEntries })`: the most delivered entries kept in memory.
pub fn parse_audit_log_options(
    options: Option<&dyn Fields>,
) -> Result<Option<usize>, WebhookError> {
    let r = read(options, AUDIT_LOG_OPTIONS)?;
    Ok(r.number("maxEntries", 1.0, 4_294_967_295.0, true)?
        .map(|n| n as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bulk_options_defaults_and_refusals() {
        let s = parse_bulk_options(None, 8).unwrap();
        assert_eq!(
            s,
            BulkSettings {
                concurrency: 8,
                stop_on_error: false,
                keep_results: true
            }
        );
        let s = parse_bulk_options(
            Some(&json!({"concurrency": 2, "keepResults": false, "signal": {}, "onProgress": 1})),
            8,
        )
        .unwrap();
        assert_eq!((s.concurrency, s.keep_results), (2, false));
        let e = parse_bulk_options(Some(&json!({"dryRun": true})), 8).unwrap_err();
        assert_eq!(e.message, "options.dryRun is not a known option");
        let e = parse_bulk_options(Some(&json!({"concurrency": 0})), 8).unwrap_err();
        assert_eq!(
            e.message,
            "options.concurrency must be an integer from 1 to 64"
        );
        let e = parse_bulk_options(Some(&json!({"stopOnError": "yes"})), 8).unwrap_err();
        assert_eq!(e.message, "options.stopOnError must be a boolean");
    }

    #[test]
    fn list_limits_follow_the_dialect() {
        assert!(parse_list_options(Some(&json!({"limit": 201})), Provider::Exa).is_err());
        assert_eq!(
            parse_list_options(Some(&json!({"limit": 1000})), Provider::Generic)
                .unwrap()
                .limit,
            Some(1000)
        );
        assert_eq!(
            parse_list_all_options(None, Provider::Exa)
                .unwrap()
                .max_pages,
            DEFAULT_MAX_PAGES
        );
        assert_eq!(
            parse_attempt_options(Some(&json!({"eventType": 3})))
                .unwrap_err()
                .message,
            "options.eventType must be a string"
        );
    }

    #[test]
    fn delete_inactive_days() {
        assert_eq!(
            parse_delete_inactive_options(None, 8)
                .unwrap()
                .inactive_days,
            30.0
        );
        let e = parse_delete_inactive_options(Some(&json!({"inactiveDays": 0})), 8).unwrap_err();
        assert_eq!(e.message, "options.inactiveDays must be greater than 0");
        assert!(
            parse_delete_inactive_options(Some(&json!({"now": "x", "dryRun": true})), 8)
                .unwrap()
                .dry_run
        );
    }
}
