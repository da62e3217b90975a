//! Resumable runs: what a journal holds, and what a resumed run sends and records.

use super::fake::*;
use crate::core::audit::AuditOutcome;
use crate::core::model::{BulkOutcome, Provider};
use crate::core::ops::bulk::BulkHooks;
use crate::core::ops::journal::JournalRecord;
use crate::core::options::calls::BulkSettings;

fn settings() -> BulkSettings {
    BulkSettings {
        concurrency: 2,
        stop_on_error: false,
        keep_results: true,
    }
}

fn run(env: &FakeEnv, journal: &MemoryJournal, ids: Vec<String>) -> crate::core::model::BulkResult {
    let hooks = BulkHooks {
        on_progress: &|_| {},
        backup: None,
        journal: Some(journal),
    };
    with(&generic(), env, |cx| {
        block_on(cx.delete_many(ids, settings(), &hooks))
    })
    .unwrap()
}

fn started(journal: &MemoryJournal) -> Vec<String> {
    journal
        .records
        .borrow()
        .iter()
        .filter_map(|r| {
            if let JournalRecord::Start(ids) = r {
                Some(ids.clone())
            } else {
                None
            }
        })
        .flatten()
        .collect()
}

fn ended(journal: &MemoryJournal) -> Vec<(String, BulkOutcome)> {
    journal
        .records
        .borrow()
        .iter()
        .filter_map(|r| {
            if let JournalRecord::End(e) = r {
                Some(e.clone())
            } else {
                None
            }
        })
        .flatten()
        .collect()
}

#[test]
fn a_run_writes_starts_before_deletes_and_ends_after() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w1", vec![status(404)]);
    let journal = MemoryJournal::default();
    let r = run(&env, &journal, ids(5));
    assert_eq!((r.deleted, r.not_found), (4, 1));
    let records = journal.records.borrow().clone();
    assert_eq!(
        records[0],
        JournalRecord::Run {
            provider: Provider::Generic,
            base_url: "http://127.0.0.1:9/generic".into()
        }
    );
    let mut s = started(&journal);
    s.sort();
    assert_eq!(s, ids(5));
    let mut e = ended(&journal);
    e.sort();
    assert_eq!(
        e.iter().filter(|(_, o)| *o == BulkOutcome::Deleted).count(),
        4
    );
    assert!(
        journal.appends.get() < 10,
        "starts and ends are batched: {} appends for 5 ids",
        journal.appends.get()
    );
}

#[test]
fn a_resumed_run_sends_nothing_for_ended_ids_and_checks_ids_in_flight() {
    let journal = MemoryJournal::default();
    journal.records.borrow_mut().extend([
        JournalRecord::Run {
            provider: Provider::Generic,
            base_url: "http://127.0.0.1:9/generic".into(),
        },
        JournalRecord::Start(vec!["w0".into(), "w1".into(), "w2".into(), "w3".into()]),
        JournalRecord::End(vec![
            ("w0".into(), BulkOutcome::Deleted),
            ("w1".into(), BulkOutcome::Failed),
        ]),
    ]);
    let env = FakeEnv::new(ok_generic("x"));
    // w2 was deleted by the crashed run (its answer was lost); w3 was started but never sent.
    env.script(
        "GET http://127.0.0.1:9/generic/webhooks/w2",
        vec![status(404)],
    );
    env.script(
        "GET http://127.0.0.1:9/generic/webhooks/w3",
        vec![answer(200, serde_json::json!({"id": "w3", "url": "u"}))],
    );
    let r = run(&env, &journal, ids(5));
    assert_eq!(
        (r.deleted, r.failed, r.total),
        (4, 1, 5),
        "ended ids count as before"
    );
    let sent = env.sent();
    assert!(
        !sent
            .iter()
            .any(|s| s.ends_with("/w0") || s.ends_with("/w1")),
        "nothing for ended ids: {sent:?}"
    );
    assert!(
        !sent.contains(&"DELETE http://127.0.0.1:9/generic/webhooks/w2".to_string()),
        "w2 was checked, not deleted again"
    );
    assert!(sent.contains(&"DELETE http://127.0.0.1:9/generic/webhooks/w3".to_string()));
    let w2 = r.results.iter().find(|i| i.id == "w2").unwrap();
    assert!(w2.result.as_ref().unwrap().already_deleted);
    let audit: Vec<_> = env
        .audit
        .borrow()
        .iter()
        .map(|e| (e.webhook_id.clone(), e.outcome))
        .collect();
    assert_eq!(
        audit
            .iter()
            .filter(|(id, _)| id == "w0" || id == "w1")
            .count(),
        0,
        "ended ids were audited by the first run"
    );
    assert!(audit.contains(&("w2".into(), AuditOutcome::Deleted)));
    assert!(
        started(&journal)
            .iter()
            .filter(|id| *id == "w2")
            .nth(1)
            .is_none(),
        "an id in flight gets no second start"
    );
}

#[test]
fn an_entry_the_sink_refused_leaves_its_id_in_flight() {
    let env = FakeEnv::new(ok_generic("x"));
    env.refuse_audit.borrow_mut().push(0);
    let journal = MemoryJournal::default();
    run(&env, &journal, vec!["only".into()]);
    assert!(
        ended(&journal).is_empty(),
        "no end record without the audit entry on disk"
    );
}

#[test]
fn a_journal_that_cannot_be_written_stops_the_run_before_any_delete() {
    let env = FakeEnv::new(ok_generic("x"));
    let journal = MemoryJournal::default();
    journal.fail.set(true);
    let r = run(&env, &journal, ids(3));
    assert_eq!((r.skipped, r.deleted), (3, 0));
    assert!(env.sent_with("DELETE").is_empty());
    assert!(r.results[0]
        .error
        .as_ref()
        .unwrap()
        .message
        .contains("journal"));
}

#[test]
fn a_journal_for_another_api_is_refused() {
    let journal = MemoryJournal::default();
    journal.records.borrow_mut().push(JournalRecord::Run {
        provider: Provider::Exa,
        base_url: "https://api.exa.ai/websets".into(),
    });
    let env = FakeEnv::new(ok_generic("x"));
    let hooks = BulkHooks {
        on_progress: &|_| {},
        backup: None,
        journal: Some(&journal),
    };
    let e = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(1), settings(), &hooks))
    })
    .unwrap_err();
    assert!(e
        .message
        .starts_with("options.journal belongs to a run against exa"));
    assert!(env.requests.borrow().is_empty());
}

#[test]
fn an_id_cut_short_by_an_abort_stays_in_flight() {
    let env = FakeEnv::new(ok_generic("x"));
    env.script("/w1", vec![Step::AbortInFlight]);
    let journal = MemoryJournal::default();
    let hooks = BulkHooks {
        on_progress: &|_| {},
        backup: None,
        journal: Some(&journal),
    };
    let s = BulkSettings {
        concurrency: 1,
        ..settings()
    };
    let r = with(&generic(), &env, |cx| {
        block_on(cx.delete_many(ids(3), s, &hooks))
    })
    .unwrap();
    assert_eq!((r.deleted, r.failed, r.skipped), (1, 1, 1));
    assert_eq!(
        ended(&journal),
        [("w0".to_string(), BulkOutcome::Deleted)],
        "w1's outcome is unknown: no end record"
    );
}
