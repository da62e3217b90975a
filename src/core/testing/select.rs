//! Selection by rule: cheap fields first, delivery history only where it decides.

use super::fake::*;
use crate::core::model::Provider;
use crate::core::options::filter::parse_filter;
use crate::core::text::time::parse_iso;
use serde_json::{json, Value};

const NOW: &str = "2024-03-01T00:00:00Z";

fn select(
    config: &crate::core::options::client::ClientConfig,
    env: &FakeEnv,
    filter: Value,
) -> Vec<(String, Vec<String>)> {
    let keys: Vec<String> = filter
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let rule = parse_filter(&keys, filter, config.provider, parse_iso(NOW).unwrap()).unwrap();
    let picked = with(config, env, |cx| block_on(cx.select(&rule, 4))).unwrap();
    picked
        .into_iter()
        .map(|s| (s.webhook.id, s.reasons))
        .collect()
}

fn ids_of(picked: &[(String, Vec<String>)]) -> Vec<&str> {
    picked.iter().map(|(id, _)| id.as_str()).collect()
}

fn exa_listing() -> FakeEnv {
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [], "hasMore": false, "nextCursor": null}),
    ));
    env.script(
        "GET http://127.0.0.1:9/exa/v0/webhooks?limit=200",
        vec![answer(200, json!({"data": [
            {"id": "recent", "status": "active", "url": "https://a", "events": ["e"], "createdAt": "2023-01-01T00:00:00Z"},
            {"id": "stale", "status": "active", "url": "https://b", "events": ["e"], "createdAt": "2023-01-01T00:00:00Z"},
            {"id": "silent_old", "status": "active", "url": "https://c", "events": ["e"], "createdAt": "2023-01-01T00:00:00Z"},
            {"id": "silent_new", "status": "active", "url": "https://d", "events": ["e"], "createdAt": "2024-02-25T00:00:00Z"},
            {"id": "off", "status": "inactive", "url": "https://e", "events": ["e"], "createdAt": "2023-01-01T00:00:00Z"},
            {"id": "tunnel", "status": "active", "url": "https://x1.ngrok-free.app/h", "events": ["e"], "createdAt": "2024-02-28T00:00:00Z"},
            {"id": "failing", "status": "active", "url": "https://f", "events": ["e"], "createdAt": "2023-01-01T00:00:00Z", "metadata": {"createdBy": "my-app"}}
        ], "hasMore": false, "nextCursor": null}))],
    );
    let attempt = |id: &str, at: &str, ok: bool| json!({"id": format!("att_{id}"), "webhookId": id, "eventId": "evt", "eventType": "e", "url": "u", "successful": ok, "responseStatusCode": if ok {200} else {500}, "attempt": 1, "attemptedAt": at});
    let page = |items: Vec<Value>| {
        answer(
            200,
            json!({"data": items, "hasMore": false, "nextCursor": null}),
        )
    };
    env.script(
        "/recent/attempts?limit=1",
        vec![page(vec![attempt("recent", "2024-02-28T00:00:00Z", true)])],
    );
    env.script(
        "/stale/attempts?limit=1",
        vec![page(vec![attempt("stale", "2024-01-15T00:00:00Z", true)])],
    );
    env.script("/silent_old/attempts?limit=1", vec![page(vec![])]);
    env.script("/silent_new/attempts?limit=1", vec![page(vec![])]);
    env.script(
        "/tunnel/attempts?limit=1",
        vec![page(vec![attempt("tunnel", "2024-02-29T00:00:00Z", true)])],
    );
    env.script(
        "/failing/attempts?limit=3",
        vec![page(vec![
            attempt("failing", "2024-02-29T00:00:00Z", false),
            attempt("failing", "2024-02-28T00:00:00Z", false),
            attempt("failing", "2024-02-27T00:00:00Z", false),
        ])],
    );
    env.script(
        "/recent/attempts?limit=3",
        vec![page(vec![attempt("recent", "2024-02-28T00:00:00Z", true)])],
    );
    env
}

#[test]
fn exa_inactive_reads_history_only_where_the_status_does_not_decide() {
    let env = exa_listing();
    env.script("/failing/attempts?limit=1", vec![answer(200, json!({"data": [{"id": "a", "webhookId": "failing", "successful": false, "attemptedAt": "2024-02-29T00:00:00Z"}], "hasMore": false}))]);
    let picked = select(&exa(), &env, json!({"inactiveDays": 30, "now": NOW}));
    assert_eq!(ids_of(&picked), ["stale", "silent_old", "off"]);
    assert_eq!(
        picked[0].1,
        ["inactive: last delivery 2024-01-15, 16 days before the cutoff"]
    );
    assert_eq!(
        picked[1].1,
        ["inactive: no delivery attempts, created 2023-01-01"]
    );
    assert_eq!(picked[2].1, ["inactive: status is inactive"]);
    let reads: Vec<String> = env
        .sent()
        .into_iter()
        .filter(|s| s.contains("/attempts"))
        .collect();
    assert_eq!(
        reads.len(),
        6,
        "every active webhook once, the inactive one never: {reads:?}"
    );
    assert!(!reads.iter().any(|r| r.contains("/off/")));
}

#[test]
fn cheap_fields_decide_before_any_history_is_read() {
    let env = exa_listing();
    let picked = select(
        &exa(),
        &env,
        json!({"url": "https://*.ngrok-free.app/*", "inactiveDays": 30, "now": NOW}),
    );
    assert!(picked.is_empty(), "the tunnel hook delivered yesterday");
    let reads: Vec<String> = env
        .sent()
        .into_iter()
        .filter(|s| s.contains("/attempts"))
        .collect();
    assert_eq!(
        reads,
        ["GET http://127.0.0.1:9/exa/v0/webhooks/tunnel/attempts?limit=1"],
        "only the one the url selected"
    );
}

#[test]
fn failing_attempts_and_metadata() {
    let env = exa_listing();
    let picked = select(
        &exa(),
        &env,
        json!({"failingAttempts": 3, "metadata": {"createdBy": "my-app"}}),
    );
    assert_eq!(ids_of(&picked), ["failing"]);
    assert_eq!(
        picked[0].1,
        [
            "metadata createdBy=my-app",
            "failing: the last 3 deliveries failed (newest 2024-02-29)"
        ]
    );
}

#[test]
fn each_cheap_field_selects_and_rejects() {
    let listing = json!({"data": [
        {"id": "a", "url": "https://a.test/x", "events": ["order.created"], "active": true, "created_at": "2023-06-01T00:00:00Z", "metadata": {"team": "a"}, "delivery_count": 3, "last_delivery_at": "2024-02-28T00:00:00Z"},
        {"id": "b", "url": "https://b.test/x", "events": ["order.paid"], "active": false, "created_at": "2024-01-10T00:00:00Z", "metadata": {"team": "b"}, "delivery_count": 0},
        {"id": "a2", "url": "https://a.test/x", "events": ["order.created"], "active": true, "created_at": "2024-02-01T00:00:00Z", "delivery_count": 0}
    ]});
    let cases = [
        (json!({"all": true}), vec!["a", "b", "a2"]),
        (json!({}), vec![]),
        (json!({"ids": ["b", "zz"]}), vec!["b"]),
        (json!({"status": "inactive"}), vec!["b"]),
        (json!({"status": "active"}), vec!["a", "a2"]),
        (json!({"url": "https://a.test/*"}), vec!["a", "a2"]),
        (json!({"url": "*nomatch*"}), vec![]),
        (json!({"event": "order.paid"}), vec!["b"]),
        (json!({"createdBefore": "2024-01-01T00:00:00Z"}), vec!["a"]),
        (
            json!({"createdAfter": "2024-01-01T00:00:00Z"}),
            vec!["b", "a2"],
        ),
        (json!({"metadata": {"team": "a"}}), vec!["a"]),
        (json!({"metadata": {"team": "c"}}), vec![]),
        (json!({"duplicates": true}), vec!["a"]),
        (json!({"inactiveDays": 30, "now": NOW}), vec!["b"]),
        (
            json!({"status": "active", "url": "https://b.test/*"}),
            vec![],
        ),
    ];
    for (filter, expected) in cases {
        let env = FakeEnv::new(answer(200, listing.clone()));
        let picked = select(&generic(), &env, filter.clone());
        assert_eq!(ids_of(&picked), expected, "{filter}");
        if filter == json!({}) {
            assert!(env.requests.borrow().is_empty(), "{{}} sends nothing");
        }
    }
    let env = FakeEnv::new(answer(200, listing));
    let picked = select(&generic(), &env, json!({"duplicates": true}));
    assert_eq!(picked[0].1, ["duplicate of a2 (newer)"]);
}

#[test]
fn a_filter_the_provider_cannot_answer_is_refused_before_anything_is_sent() {
    let e = parse_filter(
        &["failingAttempts".to_string()],
        json!({"failingAttempts": 2}),
        Provider::Generic,
        0.0,
    )
    .unwrap_err();
    assert!(
        e.message.starts_with("filter.failingAttempts"),
        "{}",
        e.message
    );
}

#[test]
fn exa_listings_can_carry_each_webhooks_last_delivery() {
    let env = exa_listing();
    let all = with(&exa(), &env, |cx| {
        block_on(cx.list_all_with_last_delivery(None, 10, 3))
    })
    .unwrap();
    let last: Vec<(&str, Option<&str>)> = all
        .iter()
        .map(|w| (w.id.as_str(), w.last_delivery_at.as_deref()))
        .collect();
    assert_eq!(last[0], ("recent", Some("2024-02-28T00:00:00Z")));
    assert_eq!(last[2], ("silent_old", None));
    assert_eq!(
        env.sent()
            .iter()
            .filter(|s| s.contains("/attempts?limit=1"))
            .count(),
        all.len()
    );
    let env = FakeEnv::new(answer(
        200,
        json!({"data": [{"id": "g", "last_delivery_at": "2024-01-01T00:00:00Z"}]}),
    ));
    let all = with(&generic(), &env, |cx| {
        block_on(cx.list_all_with_last_delivery(None, 10, 3))
    })
    .unwrap();
    assert_eq!(
        all[0].last_delivery_at.as_deref(),
        Some("2024-01-01T00:00:00Z")
    );
    assert_eq!(
        env.requests.borrow().len(),
        1,
        "the generic dialect carries its own field: no extra request"
    );
}
