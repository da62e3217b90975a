//! Restores: idempotent, never two webhooks for one backup, secrets never audited.

use super::fake::*;
use crate::core::audit::{AuditAction, AuditOutcome};
use crate::core::model::{ErrorCode, RestoreOutcome};
use crate::core::ops::restore::{parse_backup, parse_backups};
use crate::core::options::calls::BulkSettings;
use serde_json::{json, Value};

fn backup(id: &str, url: &str) -> Value {
    json!({"webhook": {"id": id, "url": url, "events": ["order.created"], "status": "active", "createdAt": null, "updatedAt": null,
        "lastDeliveryAt": null, "deliveryCount": null, "failureCount": null, "metadata": {"team": "a"}}, "backedUpAt": "2024-01-01T00:00:00Z", "deletedBy": "ops"})
}

const LIST: &str = "GET http://127.0.0.1:9/generic/webhooks";
const CREATE: &str = "POST http://127.0.0.1:9/generic/webhooks";

#[test]
fn restore_creates_with_the_backup_fields_and_returns_the_secret_once() {
    let env = FakeEnv::new(answer(200, json!({"data": []})));
    env.script(CREATE, vec![answer(201, json!({"id": "new_1", "url": "https://h/1", "events": ["order.created"], "metadata": {"team": "a"}, "secret": "whsec_1"}))]);
    let b = parse_backup(backup("old_1", "https://h/1")).unwrap();
    let r = with(&generic(), &env, |cx| block_on(cx.restore_webhook(&b))).unwrap();
    assert_eq!(
        (
            r.previous_id.as_str(),
            r.webhook.id.as_str(),
            r.created,
            r.secret.as_deref()
        ),
        ("old_1", "new_1", true, Some("whsec_1"))
    );
    let sent = &env.requests.borrow()[1].1;
    let body = sent.body.as_ref().unwrap();
    assert_eq!(
        (
            body.url.as_str(),
            body.events.clone(),
            body.metadata.get("team")
        ),
        ("https://h/1", vec!["order.created".to_string()], Some("a"))
    );
    let audit = env.audit.borrow();
    assert_eq!(
        (
            audit[0].action,
            audit[0].outcome,
            audit[0].restored_as.as_deref()
        ),
        (AuditAction::Restore, AuditOutcome::Restored, Some("new_1"))
    );
    assert_eq!(
        audit[0].request_id.as_deref(),
        Some("hdr_2"),
        "the create's request id"
    );
    assert!(
        !format!("{:?}", *audit).contains("whsec_1"),
        "the secret never reaches the audit log"
    );
}

#[test]
fn an_existing_twin_is_returned_and_nothing_is_created() {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [{"id": "live", "url": "https://h/1", "events": ["order.created"]}]}),
    ));
    let b = parse_backup(backup("old_1", "https://h/1")).unwrap();
    let r = with(&generic(), &env, |cx| block_on(cx.restore_webhook(&b))).unwrap();
    assert_eq!(
        (r.webhook.id.as_str(), r.created, r.secret),
        ("live", false, None)
    );
    assert!(env.sent_with("POST").is_empty());
    assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Existing);
}

#[test]
fn an_unknown_outcome_is_looked_up_before_any_second_create() {
    // The create timed out but happened: the listing finds it, nothing is created twice.
    let env = FakeEnv::new(answer(200, json!({"data": []})));
    env.script(LIST, vec![answer(200, json!({"data": []})), answer(200, json!({"data": [{"id": "made", "url": "https://h/1", "events": ["order.created"]}]}))]);
    env.script(CREATE, vec![Step::Timeout]);
    let b = parse_backup(backup("old_1", "https://h/1")).unwrap();
    let r = with(&generic(), &env, |cx| block_on(cx.restore_webhook(&b))).unwrap();
    assert_eq!(
        (r.webhook.id.as_str(), r.created, r.secret),
        ("made", true, None)
    );
    assert_eq!(env.sent_with("POST").len(), 1);
    // The create failed with a 500 and did not happen: it is retried once the listing shows so.
    let env = FakeEnv::new(answer(200, json!({"data": []})));
    env.script(CREATE, vec![status(500), answer(201, json!({"id": "made", "url": "https://h/1", "events": ["order.created"], "secret": "s"}))]);
    let r = with(&generic(), &env, |cx| block_on(cx.restore_webhook(&b))).unwrap();
    assert_eq!(
        (r.webhook.id.as_str(), r.secret.as_deref()),
        ("made", Some("s"))
    );
    assert_eq!(env.sent_with("POST").len(), 2);
    assert_eq!(
        env.sent_with("GET").len(),
        2,
        "one listing up front, one to settle the 500"
    );
}

#[test]
fn restore_many_restores_each_subscription_once() {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [{"id": "live", "url": "https://h/2", "events": ["order.created"]}]}),
    ));
    env.script(
        CREATE,
        vec![answer(
            201,
            json!({"id": "n1", "url": "https://h/1", "events": ["order.created"], "secret": "s1"}),
        )],
    );
    env.script(CREATE, vec![status(400)]);
    let backups = parse_backups(json!([
        backup("a", "https://h/1"),
        backup("b", "https://h/2"),
        backup("c", "https://h/1"),
        backup("d", "https://h/3")
    ]))
    .unwrap();
    let s = BulkSettings {
        concurrency: 2,
        stop_on_error: false,
        keep_results: true,
    };
    let seen = std::cell::RefCell::new(Vec::new());
    let r = with(&generic(), &env, |cx| {
        block_on(cx.restore_many(backups, s, &|item| {
            seen.borrow_mut().push(item.previous_id.clone())
        }))
    })
    .unwrap();
    let mut seen = seen.into_inner();
    seen.sort();
    assert_eq!(
        seen,
        ["a", "b", "c", "d"],
        "each line is handed over as it ends"
    );
    let outcomes: Vec<_> = r
        .results
        .iter()
        .map(|i| (i.previous_id.as_str(), i.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("a", RestoreOutcome::Restored),
            ("b", RestoreOutcome::Existing),
            ("c", RestoreOutcome::Existing),
            ("d", RestoreOutcome::Failed)
        ]
    );
    assert_eq!((r.total, r.restored, r.existing, r.failed), (4, 1, 2, 1));
    assert_eq!(
        r.results[2].result.as_ref().unwrap().webhook.id,
        "n1",
        "the second backup of a subscription finds the first's webhook"
    );
    assert_eq!(
        r.results[3].error.as_ref().unwrap().code,
        ErrorCode::HttpError
    );
    assert_eq!(env.sent_with("POST").len(), 2);
    assert_eq!(env.audit.borrow().len(), 4);
}

#[test]
fn malformed_backups_are_refused_by_name() {
    let mut b = backup("x", "");
    assert_eq!(
        parse_backup(b.clone()).unwrap_err().message,
        "backup.webhook.url must not be empty"
    );
    b["webhook"]["url"] = json!("https://h");
    b["webhook"]["events"] = json!([]);
    assert!(parse_backup(b)
        .unwrap_err()
        .message
        .starts_with("backup.webhook.events"));
    let e =
        parse_backups(json!([backup("ok", "https://h"), {"webhook": {"id": "y"}}])).unwrap_err();
    assert!(
        e.message.starts_with("backups[1].webhook."),
        "{}",
        e.message
    );
}
