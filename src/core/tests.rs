//! Scenario tests of the core through the fake environment: retries, outcomes, bulk and audit.

use super::audit::AuditOutcome;
use super::bulk::{delete_inactive, delete_many, prepare_ids, BulkSettings};
use super::error::ErrorCode;
use super::fake::{block_on, FakeEnv, Step};
use super::model::{BulkOutcome, BulkProgress};
use super::ops::{ConfirmError, Ctx, SafeDelete};
use super::options::{parse_client_options, ClientConfig};
use super::retry::RateGate;
use serde_json::json;
use std::cell::RefCell;

const KEY: &str = "sk_test_SECRET";

fn config(options: serde_json::Value) -> ClientConfig {
    parse_client_options(&super::json::Json::parse(&options.to_string()).unwrap()).unwrap()
}

fn generic() -> ClientConfig {
    config(json!({"apiKey": KEY, "provider": "generic", "baseUrl": "http://127.0.0.1:9/generic"}))
}

fn exa() -> ClientConfig {
    config(json!({"apiKey": KEY, "baseUrl": "http://127.0.0.1:9/exa"}))
}

fn ok_generic(id: &str) -> Step {
    Step::Answer(
        200,
        json!({"id": id, "status": "deleted", "message": "Webhook deleted successfully",
            "deleted_at": "2024-01-15T10:30:00Z", "final_statistics": {"total_deliveries": 1250,
            "total_failures": 3, "success_rate": 99.76, "last_delivery_at": "2024-01-15T10:25:00Z"}})
        .to_string(),
    )
}

fn status(code: u16) -> Step {
    Step::Answer(code, json!({"error": format!("status {code}"), "code": code}).to_string())
}

fn conflict(retry_after: f64) -> Step {
    Step::Answer(
        409,
        json!({"error": "Webhook cannot be deleted while processing events", "code": 409,
            "details": {"reason": "Webhook has pending events", "retry_after": retry_after},
            "requestId": "req_409"})
        .to_string(),
    )
}

fn with<T>(config: &ClientConfig, env: &FakeEnv, f: impl FnOnce(&Ctx<'_, FakeEnv>) -> T) -> T {
    let gate = RateGate::default();
    let cx = Ctx { config, env, gate: &gate };
    f(&cx)
}

#[test]
fn generic_delete_sends_one_bearer_request_and_maps_the_answer() {
    let env = FakeEnv::new(ok_generic("webhook_1"));
    let r = with(&generic(), &env, |cx| block_on(cx.delete("webhook_1"))).unwrap();
    assert_eq!(env.sent(), ["DELETE http://127.0.0.1:9/generic/webhooks/webhook_1"]);
    let req = &env.requests.borrow()[0].1;
    assert_eq!((req.auth_name, req.auth_value.as_str()), ("authorization", "Bearer sk_test_SECRET"));
    assert_eq!((r.attempts, r.already_deleted, r.deleted_at.as_str()), (1, false, "2024-01-15T10:30:00Z"));
    assert_eq!(r.final_statistics.unwrap().success_rate, 99.76);
    let audit = env.audit.borrow();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].outcome, audit[0].success, &*audit[0].deleted_by), (AuditOutcome::Deleted, true, "api"));
}

#[test]
fn exa_delete_uses_x_api_key_and_returns_the_webhook() {
    let body = json!({"id": "wh/1", "object": "webhook", "status": "active", "events": ["webset.created"],
        "url": "https://x.test", "secret": null, "metadata": {}, "createdAt": "2023-11-07T05:31:56Z",
        "updatedAt": "2023-11-07T05:31:56Z"});
    let env = FakeEnv::new(Step::Answer(200, body.to_string()));
    let r = with(&exa(), &env, |cx| block_on(cx.delete("wh/1"))).unwrap();
    assert_eq!(env.sent(), ["DELETE http://127.0.0.1:9/exa/v0/webhooks/wh%2F1"]);
    assert_eq!(env.requests.borrow()[0].1.auth_name, "x-api-key");
    assert_eq!(r.webhook.unwrap().events, ["webset.created"]);
    assert_eq!(r.request_id.as_deref(), Some("hdr_1"));
}

#[test]
fn conflict_twice_then_ok_waits_as_the_server_asks() {
    let env = FakeEnv::new(ok_generic("w"));
    env.script("/w", vec![conflict(1.0), conflict(2.0)]);
    let r = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert_eq!(r.attempts, 3);
    assert_eq!(*env.sleeps.borrow(), [1000.0, 2000.0]);
    assert_eq!(env.requests.borrow().len(), 3);
}

#[test]
fn conflict_beyond_retries_is_a_conflict_error_and_safe_delete_outcome() {
    let env = FakeEnv::new(conflict(0.5));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.status, e.attempts), (ErrorCode::Conflict, Some(409), 4));
    assert_eq!((e.retry_after_ms, e.request_id.as_deref()), (Some(500.0), Some("req_409")));
    let safe = with(&generic(), &env, |cx| block_on(cx.safe_delete("w"))).unwrap();
    assert!(matches!(safe, SafeDelete::Conflict(ref e) if e.code == ErrorCode::Conflict));
    let outcomes: Vec<_> = env.audit.borrow().iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes, [AuditOutcome::Conflict, AuditOutcome::Conflict]);
}

#[test]
fn server_wait_is_capped_by_max_retry_after() {
    let mut config = generic();
    config.retry.max_retry_after_ms = 5000.0;
    let env = FakeEnv::new(ok_generic("w"));
    env.script("/w", vec![Step::AnswerWithRetryAfter(429, "{}".into(), "120".into())]);
    with(&config, &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert_eq!(*env.sleeps.borrow(), [5000.0]);
}

#[test]
fn server_errors_back_off_exponentially_then_give_up() {
    let env = FakeEnv::new(status(503));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.attempts), (ErrorCode::ServerError, 4));
    assert_eq!(*env.sleeps.borrow(), [500.0, 1000.0, 2000.0], "full jitter at random 0.5");
    assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Failed);
}

#[test]
fn retry_false_makes_one_attempt() {
    let mut config = generic();
    config.retry = super::retry::RetryPolicy::none();
    let env = FakeEnv::new(status(503));
    let e = with(&config, &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.attempts, env.requests.borrow().len()), (1, 1));
}

#[test]
fn client_errors_are_never_retried() {
    for (code, expect) in [
        (400, ErrorCode::HttpError),
        (401, ErrorCode::Unauthorized),
        (403, ErrorCode::Forbidden),
        (404, ErrorCode::NotFound),
        (422, ErrorCode::HttpError),
    ] {
        let env = FakeEnv::new(status(code));
        let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
        assert_eq!((e.code, e.attempts, env.requests.borrow().len()), (expect, 1, 1), "{code}");
    }
}

#[test]
fn html_error_body_is_kept_as_text() {
    let env = FakeEnv::new(Step::Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>".into()));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(e.code, ErrorCode::ServerError);
    assert_eq!(e.body, Some(super::json::Json::String("<html><body><h1>502 Bad Gateway</h1></body></html>".into())));
}

#[test]
fn a_404_after_an_unknown_outcome_means_already_deleted() {
    for first in [Step::Timeout, Step::Network, status(500)] {
        let env = FakeEnv::new(status(404));
        env.script("/w", vec![first.clone()]);
        let r = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap();
        assert!(r.already_deleted, "{first:?}");
        assert_eq!(r.attempts, 2);
        assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Deleted);
    }
    let env = FakeEnv::new(status(404));
    env.script("/w", vec![conflict(0.0)]);
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "a 409 is a known outcome: the 404 is real");
}

#[test]
fn timeouts_and_network_errors_end_with_their_codes() {
    let env = FakeEnv::new(Step::Timeout);
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.attempts), (ErrorCode::Timeout, 4));
    let env = FakeEnv::new(Step::Network);
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Network);
}

#[test]
fn abort_during_backoff_sends_nothing_more() {
    let env = FakeEnv::new(status(503));
    env.abort_on_sleep.set(Some(1));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.attempts, env.requests.borrow().len()), (ErrorCode::Aborted, 1, 1));
    assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Aborted);
}

#[test]
fn pre_aborted_call_sends_nothing() {
    let env = FakeEnv::new(ok_generic("w"));
    env.abort_flag.set(true);
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.attempts), (ErrorCode::Aborted, 0));
    assert!(env.requests.borrow().is_empty());
}

#[test]
fn api_key_echoed_by_the_server_is_scrubbed() {
    let env = FakeEnv::new(Step::Answer(401, json!({"error": format!("bad key {KEY}")}).to_string()));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert!(!format!("{e:?}").contains(KEY));
    assert!(!format!("{:?}", env.audit.borrow()).contains(KEY));
}

#[test]
fn list_all_follows_cursors_and_refuses_loops() {
    let env = FakeEnv::new(Step::Answer(200, json!({"data": [], "hasMore": false, "nextCursor": null}).to_string()));
    env.script(
        "/v0/webhooks?limit=2",
        vec![Step::Answer(200, json!({"data": [{"id": "a"}, {"id": "b"}], "hasMore": true, "nextCursor": "c1"}).to_string())],
    );
    env.script(
        "/v0/webhooks?cursor=c1&limit=2",
        vec![Step::Answer(200, json!({"data": [{"id": "c"}], "hasMore": false, "nextCursor": null}).to_string())],
    );
    let all = with(&exa(), &env, |cx| block_on(cx.list_all(Some(2), 10))).unwrap();
    assert_eq!(all.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);

    let looping = FakeEnv::new(Step::Answer(200, json!({"data": [{"id": "a"}], "hasMore": true, "nextCursor": "same"}).to_string()));
    let e = with(&exa(), &looping, |cx| block_on(cx.list_all(None, 10))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Decode);
    assert_eq!(looping.requests.borrow().len(), 2);
    assert!(looping.sent()[0].ends_with("/v0/webhooks?limit=200"), "Exa pages at its largest size: {:?}", looping.sent());
}

#[test]
fn generic_get_falls_back_to_list_and_find() {
    let env = FakeEnv::new(Step::Answer(200, json!({"data": [{"id": "x", "active": false}, {"id": "y"}]}).to_string()));
    env.script("/webhooks/x", vec![status(405)]);
    let w = with(&generic(), &env, |cx| block_on(cx.get("x"))).unwrap();
    assert_eq!(w.status, super::model::WebhookStatus::Inactive);
    assert_eq!(env.sent(), ["GET http://127.0.0.1:9/generic/webhooks/x", "GET http://127.0.0.1:9/generic/webhooks"]);
}

#[test]
fn declined_confirmation_deletes_nothing_and_is_audited() {
    let env = FakeEnv::new(Step::Answer(200, json!({"id": "w", "url": "u"}).to_string()));
    let seen = RefCell::new(None);
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_with_confirmation("w", |hook| {
            *seen.borrow_mut() = Some(hook.id.clone());
            async { Ok::<bool, ()>(false) }
        }))
    });
    assert_eq!(r, Ok(None));
    assert_eq!(seen.into_inner().as_deref(), Some("w"));
    assert_eq!(env.sent(), ["GET http://127.0.0.1:9/generic/webhooks/w"]);
    assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Cancelled);

    let env = FakeEnv::new(Step::Answer(200, json!({"id": "w"}).to_string()));
    let r = with(&generic(), &env, |cx| block_on(cx.delete_with_confirmation("w", |_| async { Err::<bool, &str>("boom") })));
    assert_eq!(r, Err(ConfirmError::Confirm("boom")));
    assert_eq!(env.requests.borrow().len(), 1);
}

#[test]
fn confirmed_delete_and_failed_backup() {
    let env = FakeEnv::new(Step::Answer(200, json!({"id": "w", "url": "u"}).to_string()));
    env.script("/webhooks/w", vec![Step::Answer(200, json!({"id": "w"}).to_string()), ok_generic("w")]);
    let r = with(&generic(), &env, |cx| block_on(cx.delete_with_confirmation("w", |_| async { Ok::<bool, ()>(true) })));
    assert!(r.unwrap().is_some());
    assert_eq!(env.audit.borrow().len(), 1);

    let env = FakeEnv::new(Step::Answer(200, json!({"id": "w", "url": "u"}).to_string()));
    let e = with(&generic(), &env, |cx| block_on(cx.delete_with_backup("w", |_| async { Err("disk full".to_string()) })))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::BackupFailed);
    assert!(env.sent().iter().all(|s| s.starts_with("GET")), "nothing deleted");
    let audit = env.audit.borrow();
    assert_eq!((audit.len(), audit[0].outcome), (1, AuditOutcome::Failed));
    assert_eq!(audit[0].error.as_ref().unwrap().code, ErrorCode::BackupFailed);
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("w{i}")).collect()
}

#[test]
fn bulk_keeps_order_bounds_concurrency_and_reports_each_id_once() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w3", vec![status(404)]);
    env.script("/w5", vec![status(400)]);
    let progress = RefCell::new(Vec::<BulkProgress>::new());
    let mut input = ids(20);
    input.push("w1".into());
    let prepared = prepare_ids(&input).unwrap();
    let settings = BulkSettings { concurrency: 4, stop_on_error: false };
    let r = with(&generic(), &env, |cx| {
        block_on(delete_many(cx, prepared, settings, &|p| progress.borrow_mut().push(p.clone())))
    });
    assert_eq!((r.total, r.deleted, r.not_found, r.failed, r.skipped), (20, 18, 1, 1, 0));
    assert_eq!(r.results.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), ids(20));
    assert_eq!(r.results[3].outcome, BulkOutcome::NotFound);
    assert_eq!(r.results[5].error.as_ref().unwrap().code, ErrorCode::HttpError);
    assert_eq!(env.max_in_flight.get(), 4);
    let done: Vec<usize> = progress.borrow().iter().map(|p| p.done).collect();
    assert_eq!(done, (1..=20).collect::<Vec<_>>());
    assert_eq!(env.audit.borrow().len(), 20);
}

#[test]
fn bulk_stop_on_error_skips_the_rest() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w2", vec![status(403)]);
    let settings = BulkSettings { concurrency: 1, stop_on_error: true };
    let r = with(&generic(), &env, |cx| block_on(delete_many(cx, ids(6), settings, &|_| {})));
    assert_eq!((r.deleted, r.failed, r.skipped), (2, 1, 3));
    assert_eq!(env.requests.borrow().len(), 3);
    let outcomes: Vec<_> = env.audit.borrow().iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes.iter().filter(|o| **o == AuditOutcome::Cancelled).count(), 3);
}

#[test]
fn bulk_abort_fails_in_flight_and_skips_the_rest() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w2", vec![Step::AbortInFlight]);
    let settings = BulkSettings { concurrency: 1, stop_on_error: false };
    let r = with(&generic(), &env, |cx| block_on(delete_many(cx, ids(5), settings, &|_| {})));
    assert_eq!((r.deleted, r.failed, r.skipped), (2, 1, 2));
    assert_eq!(r.results[2].error.as_ref().unwrap().code, ErrorCode::Aborted);
    assert_eq!(env.requests.borrow().len(), 3);
    let outcomes: Vec<_> = env.audit.borrow().iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes.iter().filter(|o| **o == AuditOutcome::Aborted).count(), 3);
}

#[test]
fn a_429_pauses_the_whole_queue() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w0", vec![Step::AnswerWithRetryAfter(429, "{}".into(), "3".into())]);
    let start = env.clock.get();
    let settings = BulkSettings { concurrency: 2, stop_on_error: false };
    let r = with(&generic(), &env, |cx| block_on(delete_many(cx, ids(4), settings, &|_| {})));
    assert_eq!(r.deleted, 4);
    let times: Vec<f64> = env.requests.borrow().iter().map(|(t, _)| t - start).collect();
    let after_429: Vec<f64> = times.iter().skip(2).copied().collect();
    assert!(after_429.iter().all(|t| *t >= 3000.0), "every request after the 429 waited: {times:?}");
}

#[test]
fn delete_inactive_dry_run_sends_no_delete() {
    let list = json!({"data": [
        {"id": "old", "active": true, "last_delivery_at": "2023-01-01T00:00:00Z", "delivery_count": 3},
        {"id": "off", "active": false},
        {"id": "busy", "active": true, "last_delivery_at": "2023-11-14T00:00:00Z", "delivery_count": 9}]});
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/webhooks", vec![Step::Answer(200, list.to_string()), Step::Answer(200, list.to_string())]);
    let now = super::time::parse_iso("2023-11-15T00:00:00Z").unwrap();
    let settings = BulkSettings { concurrency: 8, stop_on_error: false };
    let (candidates, result) = with(&generic(), &env, |cx| block_on(delete_inactive(cx, 30.0, now, true, settings, &|_| {}, &|_, _| {}))).unwrap();
    assert_eq!(candidates.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["old", "off"]);
    assert!(result.is_none());
    assert!(env.sent().iter().all(|s| s.starts_with("GET")));
    assert!(env.audit.borrow().is_empty(), "a dry run leaves no audit entry");

    let lines = RefCell::new(Vec::new());
    let (_, result) = with(&generic(), &env, |cx| {
        block_on(delete_inactive(cx, 30.0, now, false, settings, &|_| {}, &|i, item| lines.borrow_mut().push((i, item.id))))
    })
    .unwrap();
    let result = result.unwrap();
    assert_eq!((result.deleted, result.skipped, result.results.len()), (2, 0, 0), "lines went to on_item");
    let mut lines = lines.into_inner();
    lines.sort();
    assert_eq!(lines, [(0, "old".to_string()), (1, "off".to_string())]);
    assert_eq!(env.sent().iter().filter(|s| s.starts_with("DELETE")).count(), 2);
}
