//! Bulk runs: order, bounds, stop, abort, pauses, backups, lines kept, plans applied.

use super::fake::*;
use crate::core::audit::AuditOutcome;
use crate::core::model::{BulkOutcome, BulkProgress, ErrorCode, WebhookBackup};
use crate::core::ops::bulk::{run_deletes, BackupStore, BulkHooks, Target};
use crate::core::ops::ids::{prepare_ids, StreamIds};
use crate::core::ops::plan::parse_plan;
use crate::core::ops::pool::VecSource;
use crate::core::options::calls::BulkSettings;
use serde_json::json;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

fn settings(concurrency: usize) -> BulkSettings {
    BulkSettings {
        concurrency,
        stop_on_error: false,
        keep_results: true,
    }
}

fn hooks<'h>(
    on_progress: &'h dyn Fn(&BulkProgress),
    backup: Option<&'h BackupStore<'h>>,
) -> BulkHooks<'h> {
    BulkHooks {
        on_progress,
        backup,
        journal: None,
    }
}

#[test]
fn bulk_keeps_order_bounds_concurrency_and_reports_each_id_once() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w3", vec![status(404)]);
    env.script("/w5", vec![status(400)]);
    let progress = RefCell::new(Vec::<BulkProgress>::new());
    let mut input = ids(20);
    input.push("w1".into());
    let prepared = prepare_ids(input).unwrap();
    let on_progress = |p: &BulkProgress| progress.borrow_mut().push(p.clone());
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(prepared, settings(4), &hooks(&on_progress, None)))
    })
    .unwrap();
    assert_eq!(
        (r.total, r.deleted, r.not_found, r.failed, r.skipped),
        (20, 18, 1, 1, 0)
    );
    assert_eq!(
        r.results.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        ids(20)
    );
    assert_eq!(r.results[3].outcome, BulkOutcome::NotFound);
    assert_eq!(
        r.results[5].error.as_ref().unwrap().code,
        ErrorCode::HttpError
    );
    assert_eq!(env.max_in_flight.get(), 4);
    let done: Vec<usize> = progress.borrow().iter().map(|p| p.done).collect();
    assert_eq!(done, (1..=20).collect::<Vec<_>>());
    assert!(progress.borrow().iter().all(|p| p.total == 20));
    assert_eq!(env.audit.borrow().len(), 20);
}

#[test]
fn keep_results_false_keeps_only_failures_with_exact_counts() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w2", vec![status(403)]);
    let s = BulkSettings {
        keep_results: false,
        ..settings(3)
    };
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(10), s, &hooks(&|_| {}, None)))
    })
    .unwrap();
    assert_eq!((r.total, r.deleted, r.failed), (10, 9, 1));
    assert_eq!(
        r.results
            .iter()
            .map(|i| (i.id.as_str(), i.outcome))
            .collect::<Vec<_>>(),
        [("w2", BulkOutcome::Failed)]
    );
}

#[test]
fn a_stream_of_ids_is_deduped_as_read_and_stops_at_a_bad_id() {
    let env = FakeEnv::new(ok_generic("x"));
    let raw: Vec<String> = ["a", "b", "a", "c"].iter().map(|s| s.to_string()).collect();
    let source = StreamIds::new(VecSource::new(raw));
    let r = with(&generic(), &env, |cx| {
        block_on(run_deletes(
            cx,
            source,
            None,
            settings(2),
            &hooks(&|_| {}, None),
        ))
    })
    .unwrap();
    assert_eq!((r.total, r.deleted), (3, 3));
    let bad: Vec<String> = ["a", "b", "..", "c"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let env = FakeEnv::new(ok_generic("x"));
    let source = StreamIds::new(VecSource::new(bad));
    let e = with(&generic(), &env, |cx| {
        block_on(run_deletes(
            cx,
            source,
            None,
            settings(1),
            &hooks(&|_| {}, None),
        ))
    })
    .unwrap_err();
    assert_eq!(e.message, "ids[2] must not be \".\" or \"..\"");
    assert_eq!(
        env.sent_with("DELETE").len(),
        2,
        "the ids read before it were deleted, nothing after it was sent"
    );
}

#[test]
fn bulk_stop_on_error_skips_the_rest() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w2", vec![status(403)]);
    let s = BulkSettings {
        stop_on_error: true,
        ..settings(1)
    };
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(6), s, &hooks(&|_| {}, None)))
    })
    .unwrap();
    assert_eq!((r.deleted, r.failed, r.skipped), (2, 1, 3));
    assert_eq!(env.requests.borrow().len(), 3);
    let outcomes: Vec<_> = env.audit.borrow().iter().map(|e| e.outcome).collect();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == AuditOutcome::Cancelled)
            .count(),
        3
    );
}

#[test]
fn bulk_abort_fails_in_flight_and_skips_the_rest() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w2", vec![Step::AbortInFlight]);
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(5), settings(1), &hooks(&|_| {}, None)))
    })
    .unwrap();
    assert_eq!((r.deleted, r.failed, r.skipped), (2, 1, 2));
    assert_eq!(
        r.results[2].error.as_ref().unwrap().code,
        ErrorCode::Aborted
    );
    assert_eq!(env.requests.borrow().len(), 3);
    let outcomes: Vec<_> = env.audit.borrow().iter().map(|e| e.outcome).collect();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == AuditOutcome::Aborted)
            .count(),
        3
    );
}

#[test]
fn a_429_pauses_the_whole_queue() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script(
        "/w0",
        vec![Step::AnswerWithRetryAfter(429, "{}".into(), "3".into())],
    );
    let start = env.clock.get();
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(4), settings(2), &hooks(&|_| {}, None)))
    })
    .unwrap();
    assert_eq!(r.deleted, 4);
    let times: Vec<f64> = env
        .requests
        .borrow()
        .iter()
        .map(|(t, _)| t - start)
        .collect();
    assert!(
        times.iter().skip(2).all(|t| *t >= 3000.0),
        "every request after the 429 waited: {times:?}"
    );
}

fn store<'h>(
    log: &'h RefCell<Vec<WebhookBackup>>,
    fail_for: &'h str,
) -> impl Fn(WebhookBackup) -> Pin<Box<dyn Future<Output = Result<(), String>>>> + 'h {
    move |b: WebhookBackup| {
        let fails = b.webhook.id == fail_for;
        log.borrow_mut().push(b);
        let out: Pin<Box<dyn Future<Output = Result<(), String>>>> = Box::pin(async move {
            if fails {
                Err("disk full".to_string())
            } else {
                Ok(())
            }
        });
        out
    }
}

#[test]
fn backups_come_first_and_a_failing_store_keeps_that_webhook() {
    let env = FakeEnv::new(ok_generic("x"));
    for id in ["w0", "w1", "w2"] {
        env.script(
            &format!("GET http://127.0.0.1:9/generic/webhooks/{id}"),
            vec![answer(
                200,
                json!({"id": id, "url": format!("https://h/{id}"), "events": ["e"]}),
            )],
        );
    }
    let taken = RefCell::new(Vec::new());
    let backup = store(&taken, "w1");
    let h = hooks(&|_| {}, Some(&backup));
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(3), settings(1), &h))
    })
    .unwrap();
    assert_eq!((r.deleted, r.failed), (2, 1));
    assert_eq!(
        r.results[1].error.as_ref().unwrap().code,
        ErrorCode::BackupFailed
    );
    assert_eq!(env.sent_with("DELETE").len(), 2);
    assert!(env.sent_with("DELETE").iter().all(|s| !s.ends_with("/w1")));
    assert_eq!(
        taken
            .borrow()
            .iter()
            .map(|b| b.webhook.url.as_str())
            .collect::<Vec<_>>(),
        ["https://h/w0", "https://h/w1", "https://h/w2"]
    );
}

#[test]
fn a_selection_backs_up_from_its_listing_without_a_get() {
    let list = json!({"data": [{"id": "a", "url": "https://a", "active": false}, {"id": "b", "url": "https://b"}]});
    let env = FakeEnv::new(ok_generic("x"));
    env.script(
        "GET http://127.0.0.1:9/generic/webhooks",
        vec![answer(200, list)],
    );
    let rule = crate::core::options::filter::check_filter(
        crate::core::model::WebhookFilter {
            status: Some(crate::core::model::WebhookStatus::Inactive),
            ..Default::default()
        },
        crate::core::model::Provider::Generic,
        0.0,
    )
    .unwrap();
    let taken = RefCell::new(Vec::new());
    let backup = store(&taken, "none");
    let h = hooks(&|_| {}, Some(&backup));
    let (selected, result) = with(&generic(), &env, |cx| {
        block_on(cx.delete_where(&rule, settings(2), false, &h))
    })
    .unwrap();
    assert_eq!(selected.len(), 1);
    assert_eq!(result.unwrap().deleted, 1);
    assert_eq!(
        env.sent(),
        [
            "GET http://127.0.0.1:9/generic/webhooks",
            "DELETE http://127.0.0.1:9/generic/webhooks/a"
        ]
    );
    assert_eq!(taken.borrow()[0].webhook.url, "https://a");
}

#[test]
fn apply_plan_deletes_only_unchanged_planned_ids() {
    let plan = json!({"kind": "webhook-delete/plan", "version": 1, "provider": "generic", "baseUrl": "http://127.0.0.1:9/generic",
        "createdAt": "2024-01-01T00:00:00Z", "filter": {"status": "inactive"}, "items": [
        {"id": "same", "url": "https://s", "events": ["a", "b"], "status": "inactive", "updatedAt": "2024-01-01T00:00:00Z", "reasons": ["status is inactive"]},
        {"id": "moved", "url": "https://old", "events": ["a"], "status": "inactive", "updatedAt": "2024-01-01T00:00:00Z", "reasons": []},
        {"id": "woke", "url": "https://w", "events": ["a"], "status": "inactive", "updatedAt": "2024-01-01T00:00:00Z", "reasons": []},
        {"id": "gone", "url": "https://g", "events": ["a"], "status": "inactive", "updatedAt": null, "reasons": []}]});
    let env = FakeEnv::new(ok_generic("x"));
    let get = |id: &str| format!("GET http://127.0.0.1:9/generic/webhooks/{id}");
    env.script(&get("same"), vec![answer(200, json!({"id": "same", "url": "https://s", "events": ["b", "a"], "active": false, "updated_at": "2024-01-01T00:00:00Z"}))]);
    env.script(&get("moved"), vec![answer(200, json!({"id": "moved", "url": "https://new", "events": ["a"], "active": false, "updated_at": "2024-01-01T00:00:00Z"}))]);
    env.script(&get("woke"), vec![answer(200, json!({"id": "woke", "url": "https://w", "events": ["a"], "active": true, "updated_at": "2024-02-01T00:00:00Z"}))]);
    env.script(&get("gone"), vec![status(404)]);
    let items = parse_plan(plan, &generic()).unwrap();
    let r = with(&generic(), &env, |cx| {
        block_on(cx.apply_plan(items, settings(2), &hooks(&|_| {}, None)))
    })
    .unwrap();
    let outcomes: Vec<_> = r
        .results
        .iter()
        .map(|i| (i.id.as_str(), i.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("same", BulkOutcome::Deleted),
            ("moved", BulkOutcome::Changed),
            ("woke", BulkOutcome::Changed),
            ("gone", BulkOutcome::NotFound)
        ]
    );
    assert_eq!((r.deleted, r.changed, r.not_found), (1, 2, 1));
    assert!(r.results[2]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("(status, updatedAt)"));
    assert_eq!(
        env.sent_with("DELETE"),
        ["DELETE http://127.0.0.1:9/generic/webhooks/same"]
    );
    let audit: Vec<_> = env
        .audit
        .borrow()
        .iter()
        .map(|e| (e.webhook_id.clone(), e.outcome))
        .collect();
    assert!(
        audit.contains(&("moved".into(), AuditOutcome::Changed))
            && audit.contains(&("gone".into(), AuditOutcome::NotFound))
    );
    assert_eq!(audit.len(), 4);
}

#[test]
fn skipped_targets_are_never_sent() {
    let env = FakeEnv::new(ok_generic("x"));
    env.abort_flag.set(true);
    let targets = VecSource::new(ids(3).into_iter().map(Target::Id).collect());
    let r = with(&generic(), &env, |cx| {
        block_on(run_deletes(
            cx,
            targets,
            Some(3),
            settings(2),
            &hooks(&|_| {}, None),
        ))
    })
    .unwrap();
    assert_eq!((r.skipped, r.total), (3, 3));
    assert!(env.requests.borrow().is_empty());
    assert!(env
        .audit
        .borrow()
        .iter()
        .all(|e| e.outcome == AuditOutcome::Aborted));
}
