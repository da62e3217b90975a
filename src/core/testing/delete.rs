//! One webhook: requests, answers, retries, error bodies and what never leaks.

use super::fake::*;
use crate::core::audit::AuditOutcome;
use crate::core::http::retry::RetryPolicy;
use crate::core::model::{ErrorCode, WebhookStatus};
use crate::core::ops::single::{ConfirmError, SafeDelete};
use serde_json::json;
use std::cell::RefCell;

#[test]
fn generic_delete_sends_one_bearer_request_and_maps_the_answer() {
    let env = FakeEnv::new(ok_generic("webhook_1"));
    let r = with(&generic(), &env, |cx| block_on(cx.delete("webhook_1"))).unwrap();
    assert_eq!(
        env.sent(),
        ["DELETE http://127.0.0.1:9/generic/webhooks/webhook_1"]
    );
    let req = &env.requests.borrow()[0].1;
    assert_eq!(
        (req.auth_name, &*req.auth_value),
        ("authorization", "Bearer sk_test_SECRET")
    );
    assert_eq!(
        (r.attempts, r.already_deleted, r.deleted_at.as_str()),
        (1, false, "2024-01-15T10:30:00Z")
    );
    assert_eq!(r.final_statistics.unwrap().success_rate, 99.76);
    let audit = env.audit.borrow();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].outcome, audit[0].success, &*audit[0].deleted_by),
        (AuditOutcome::Deleted, true, "api")
    );
}

#[test]
fn exa_delete_uses_x_api_key_and_returns_the_webhook() {
    let body = json!({"id": "wh/1", "object": "webhook", "status": "active", "events": ["webset.created"],
        "url": "https://x.test", "secret": null, "metadata": {}, "createdAt": "2023-11-07T05:31:56Z", "updatedAt": "2023-11-07T05:31:56Z"});
    let env = FakeEnv::new(answer(200, body));
    let r = with(&exa(), &env, |cx| block_on(cx.delete("wh/1"))).unwrap();
    assert_eq!(
        env.sent(),
        ["DELETE http://127.0.0.1:9/exa/v0/webhooks/wh%2F1"]
    );
    assert_eq!(env.requests.borrow()[0].1.auth_name, "x-api-key");
    assert_eq!(r.webhook.unwrap().events, ["webset.created"]);
    assert_eq!(r.request_id.as_deref(), Some("hdr_1"));
}

#[test]
fn the_result_id_is_the_id_asked_for_whatever_the_body_says() {
    let env = FakeEnv::new(answer(
        200,
        json!({"id": "wh_other", "status": "active", "url": "u", "events": []}),
    ));
    let r = with(&exa(), &env, |cx| block_on(cx.delete("wh_mine"))).unwrap();
    assert_eq!(r.id, "wh_mine");
    assert!(
        r.webhook.is_none(),
        "a body about another webhook is not returned as the deleted one"
    );
    let env = FakeEnv::new(answer(200, json!({"id": "other", "status": "deleted"})));
    assert_eq!(
        with(&generic(), &env, |cx| block_on(cx.delete("mine")))
            .unwrap()
            .id,
        "mine"
    );
}

#[test]
fn a_get_naming_another_webhook_is_decode() {
    let env = FakeEnv::new(answer(200, json!({"id": "wh_a", "url": "u"})));
    let e = with(&generic(), &env, |cx| block_on(cx.get("WH_A"))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Decode);
    assert!(
        e.message.contains("asked for webhook WH_A"),
        "{}",
        e.message
    );
    assert_eq!(
        (e.attempts, e.request_id.as_deref()),
        (1, Some("hdr_1")),
        "an answer arrived: its attempt and request id count"
    );
}

#[test]
fn a_2xx_delete_past_the_byte_limit_still_counts_as_deleted() {
    let env = FakeEnv::new(Step::Truncated(200, "{\"id\":\"w\",\"final_stat".into()));
    let r = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert_eq!(
        (
            r.id.as_str(),
            r.final_statistics.is_none(),
            r.message.is_none()
        ),
        ("w", true, true)
    );
    let env = FakeEnv::new(Step::Truncated(200, "{\"data\":[{\"id\":\"x\"},".into()));
    let e = with(&exa(), &env, |cx| block_on(cx.list(None, None))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Decode);
    assert!(e.message.contains("maxResponseBytes"), "{}", e.message);
}

#[test]
fn numbers_out_of_range_are_refused_not_nulled() {
    let env = FakeEnv::new(Step::Answer(
        200,
        r#"{"data":[{"id":"w","delivery_count":1e400}]}"#.into(),
    ));
    let e = with(&generic(), &env, |cx| block_on(cx.list(None, None))).unwrap_err();
    // (JavaScript's parser reads 1e400 as Infinity and the range check names `deliveryCount`;
    // this host's parser refuses it outright: either way, a decode error, never a null.)
    assert_eq!(e.code, ErrorCode::Decode);
    assert!(
        e.message.contains("delivery_count") || e.message.contains("deliveryCount"),
        "{}",
        e.message
    );
    let env = FakeEnv::new(Step::Answer(
        200,
        r#"{"id":"w","final_statistics":{"total_deliveries":1e400}}"#.into(),
    ));
    let r = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert!(
        r.final_statistics.is_none(),
        "statistics with a number out of range are dropped, the delete stands"
    );
}

#[test]
fn conflict_twice_then_ok_waits_as_the_server_asks() {
    let env = FakeEnv::new(ok_generic("w"));
    env.script("/w", vec![conflict(1.0), conflict(2.0)]);
    let r = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert_eq!(r.attempts, 3);
    assert_eq!(*env.sleeps.borrow(), [1000.0, 2000.0]);
}

#[test]
fn conflict_beyond_retries_is_a_conflict_error_and_safe_delete_outcome() {
    let env = FakeEnv::new(conflict(0.5));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(
        (e.code, e.status, e.attempts),
        (ErrorCode::Conflict, Some(409), 4)
    );
    assert_eq!(
        (e.retry_after_ms, e.request_id.as_deref()),
        (Some(500.0), Some("req_409"))
    );
    assert_eq!(
        e.message,
        "Webhook cannot be deleted while processing events (HTTP 409)"
    );
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
    env.script(
        "/w",
        vec![Step::AnswerWithRetryAfter(429, "{}".into(), "120".into())],
    );
    with(&config, &env, |cx| block_on(cx.delete("w"))).unwrap();
    assert_eq!(*env.sleeps.borrow(), [5000.0]);
}

#[test]
fn server_errors_back_off_exponentially_then_give_up() {
    let env = FakeEnv::new(status(503));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.code, e.attempts), (ErrorCode::ServerError, 4));
    assert_eq!(
        *env.sleeps.borrow(),
        [500.0, 1000.0, 2000.0],
        "full jitter at random 0.5"
    );
    assert_eq!(env.audit.borrow()[0].outcome, AuditOutcome::Failed);
}

#[test]
fn retry_false_makes_one_attempt() {
    let mut config = generic();
    config.retry = RetryPolicy::none();
    let env = FakeEnv::new(status(503));
    let e = with(&config, &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!((e.attempts, env.requests.borrow().len()), (1, 1));
}

#[test]
fn client_errors_and_redirects_are_never_retried() {
    for (code, expect) in [
        (301, ErrorCode::HttpError),
        (307, ErrorCode::HttpError),
        (400, ErrorCode::HttpError),
        (401, ErrorCode::Unauthorized),
        (403, ErrorCode::Forbidden),
        (404, ErrorCode::NotFound),
        (422, ErrorCode::HttpError),
    ] {
        let env = FakeEnv::new(status(code));
        let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
        assert_eq!(
            (e.code, e.attempts, env.requests.borrow().len()),
            (expect, 1, 1),
            "{code}"
        );
    }
}

#[test]
fn an_opaque_redirect_is_an_http_error_never_a_network_failure() {
    let env = FakeEnv::new(Step::Answer(0, String::new()));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(
        (e.code, e.status, e.attempts),
        (ErrorCode::HttpError, None, 1)
    );
    assert!(e.message.contains("redirect"), "{}", e.message);
    assert_eq!(
        env.audit.borrow()[0].outcome,
        AuditOutcome::Failed,
        "a redirected DELETE is not a delete"
    );
}

#[test]
fn exa_error_shapes_say_what_the_server_said() {
    let cases = [
        (
            404,
            json!({"requestId": "req_x", "error": "Webhook not found", "tag": "WEBHOOK_NOT_FOUND"}),
            "Webhook not found (HTTP 404, WEBHOOK_NOT_FOUND)",
            Some("WEBHOOK_NOT_FOUND"),
            Some("req_x"),
        ),
        (
            400,
            json!({"statusCode": 400, "message": ["limit must not be greater than 200", "cursor is bad"], "error": "Bad Request", "path": "/v0/webhooks", "timestamp": "t"}),
            "limit must not be greater than 200; cursor is bad (HTTP 400)",
            None,
            Some("hdr_1"),
        ),
        (
            500,
            json!({"error": {"type": "internal_error", "code": "INTERNAL_ERROR", "message": "Something broke", "detail": "while deleting"}, "requestId": "req_n"}),
            "Something broke: while deleting (HTTP 500, INTERNAL_ERROR)",
            Some("INTERNAL_ERROR"),
            Some("req_n"),
        ),
        (
            404,
            json!({"error": "Webhook not found", "code": 404, "details": {"webhook_id": "w"}, "timestamp": "t", "requestId": "req_g"}),
            "Webhook not found (HTTP 404)",
            Some("404"),
            Some("req_g"),
        ),
        (
            401,
            json!({"error": 5, "message": {"odd": true}}),
            "The API key was refused (HTTP 401)",
            None,
            Some("hdr_1"),
        ),
    ];
    for (code, body, message, server_code, request_id) in cases {
        let mut config = exa();
        config.retry = RetryPolicy::none();
        let env = FakeEnv::new(answer(code, body.clone()));
        let e = with(&config, &env, |cx| block_on(cx.delete("w"))).unwrap_err();
        assert_eq!(e.message, message, "{body}");
        assert_eq!(e.server_code.as_deref(), server_code, "{body}");
        assert_eq!(e.request_id.as_deref(), request_id, "{body}");
    }
}

#[test]
fn html_error_body_is_kept_as_text() {
    let env = FakeEnv::new(Step::Answer(
        502,
        "<html><body><h1>502 Bad Gateway</h1></body></html>".into(),
    ));
    let e = with(&generic(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert_eq!(e.code, ErrorCode::ServerError);
    assert_eq!(
        e.body.as_deref(),
        Some("<html><body><h1>502 Bad Gateway</h1></body></html>")
    );
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
    assert_eq!(
        e.code,
        ErrorCode::NotFound,
        "a 409 is a known outcome: the 404 is real"
    );
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
    assert_eq!(
        (e.code, e.attempts, env.requests.borrow().len()),
        (ErrorCode::Aborted, 1, 1)
    );
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
fn the_key_echoed_anywhere_is_redacted() {
    let echo = json!({"requestId": format!("req {KEY}"), "error": format!("bad key {KEY}"), "tag": KEY, format!("{KEY}"): "x"});
    let env = FakeEnv::new(Step::Answer(401, echo.to_string()));
    let e = with(&exa(), &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert!(!format!("{e:?}").contains(KEY), "{e:?}");
    assert!(!format!("{:?}", env.audit.borrow()).contains(KEY));
    // A key with surrounding spaces reaches the server trimmed; that form is redacted too.
    let spaced =
        config(json!({"apiKey": format!("  {KEY} "), "baseUrl": "http://127.0.0.1:9/exa"}));
    let env = FakeEnv::new(Step::Answer(
        401,
        json!({"error": format!("bad key {KEY}")}).to_string(),
    ));
    let e = with(&spaced, &env, |cx| block_on(cx.delete("w"))).unwrap_err();
    assert!(!e.message.contains(KEY), "{}", e.message);
}

#[test]
fn list_all_follows_cursors_and_refuses_loops() {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [], "hasMore": false, "nextCursor": null}),
    ));
    env.script(
        "/v0/webhooks?limit=2",
        vec![answer(
            200,
            json!({"data": [{"id": "a"}, {"id": "b"}], "hasMore": true, "nextCursor": "c1"}),
        )],
    );
    env.script(
        "/v0/webhooks?cursor=c1&limit=2",
        vec![answer(
            200,
            json!({"data": [{"id": "c"}], "hasMore": false, "nextCursor": null}),
        )],
    );
    let all = with(&exa(), &env, |cx| block_on(cx.list_all(Some(2), 10))).unwrap();
    assert_eq!(
        all.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c"]
    );

    let looping = FakeEnv::new(answer(
        200,
        json!({"data": [{"id": "a"}], "hasMore": true, "nextCursor": "same"}),
    ));
    let e = with(&exa(), &looping, |cx| block_on(cx.list_all(None, 10))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Decode);
    assert_eq!(looping.requests.borrow().len(), 2);
    assert!(
        looping.sent()[0].ends_with("/v0/webhooks?limit=200"),
        "Exa pages at its largest size: {:?}",
        looping.sent()
    );
}

#[test]
fn generic_get_falls_back_to_list_and_find() {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [{"id": "x", "active": false}, {"id": "y"}]}),
    ));
    env.script("/webhooks/x", vec![status(405)]);
    let w = with(&generic(), &env, |cx| block_on(cx.get("x"))).unwrap();
    assert_eq!(w.status, WebhookStatus::Inactive);
    assert_eq!(
        env.sent(),
        [
            "GET http://127.0.0.1:9/generic/webhooks/x",
            "GET http://127.0.0.1:9/generic/webhooks"
        ]
    );
}

#[test]
fn attempts_are_exa_only_and_about_the_webhook_asked_for() {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [], "hasMore": false, "nextCursor": null}),
    ));
    let e = with(&generic(), &env, |cx| {
        block_on(cx.attempts("w", &Default::default()))
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unsupported);
    assert!(env.requests.borrow().is_empty());
    let lie = json!({"data": [{"id": "a1", "webhookId": "other", "successful": true, "attemptedAt": "2024-01-01T00:00:00Z"}], "hasMore": false});
    let env = FakeEnv::new(answer(200, lie));
    let e = with(&exa(), &env, |cx| {
        block_on(cx.attempts("w", &Default::default()))
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Decode);
}

#[test]
fn declined_confirmation_deletes_nothing_and_is_audited() {
    let env = FakeEnv::new(answer(200, json!({"id": "w", "url": "u"})));
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

    let env = FakeEnv::new(answer(200, json!({"id": "w"})));
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_with_confirmation("w", |_| async { Err::<bool, &str>("boom") }))
    });
    assert_eq!(r, Err(ConfirmError::Confirm("boom")));
    assert_eq!(env.requests.borrow().len(), 1);
}

#[test]
fn confirmed_delete_and_failed_backup() {
    let env = FakeEnv::new(answer(200, json!({"id": "w", "url": "u"})));
    env.script(
        "DELETE http://127.0.0.1:9/generic/webhooks/w",
        vec![ok_generic("w")],
    );
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_with_confirmation("w", |_| async { Ok::<bool, ()>(true) }))
    });
    assert!(r.unwrap().is_some());
    assert_eq!(env.audit.borrow().len(), 1);

    let env = FakeEnv::new(answer(200, json!({"id": "w", "url": "u"})));
    let e = with(&generic(), &env, |cx| {
        block_on(cx.delete_with_backup("w", |_| async { Err(format!("disk full near {KEY}")) }))
    })
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::BackupFailed);
    assert!(!e.message.contains(KEY));
    assert!(env.sent_with("DELETE").is_empty(), "nothing deleted");
    let audit = env.audit.borrow();
    assert_eq!((audit.len(), audit[0].outcome), (1, AuditOutcome::Failed));
    assert_eq!(
        audit[0].error.as_ref().unwrap().code,
        ErrorCode::BackupFailed
    );
}

#[test]
fn pacing_spaces_every_request_of_the_client() {
    let config = config(
        json!({"apiKey": KEY, "provider": "generic", "baseUrl": "http://127.0.0.1:9/generic", "maxRequestsPerSecond": 10}),
    );
    let env = FakeEnv::new(ok_generic("w"));
    env.script("/w0", vec![status(503)]);
    with(&config, &env, |cx| {
        for id in ["w0", "w1"] {
            block_on(cx.delete(id)).unwrap();
        }
    });
    let times: Vec<f64> = env.requests.borrow().iter().map(|(t, _)| *t).collect();
    assert_eq!(times.len(), 3, "a retry is paced like any request");
    assert!(times.windows(2).all(|w| w[1] - w[0] >= 100.0), "{times:?}");
}
