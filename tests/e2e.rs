//! End-to-end tests of the WebAssembly client against the mock API, in Node
//! (`wasm-pack test --node`) and headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`). The scenarios
//! live in `tests/e2e/scenarios.js`; each test here runs one. `MOCK_API_URL` is fixed at build
//! time by scripts/test.sh, which starts the mock first.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use webhook_delete::{local_storage_sink, WebhookClient};

#[wasm_bindgen(module = "/tests/e2e/scenarios.js")]
extern "C" {
    fn configure(mock_url: &str, client_class: &JsValue, functions: &JsValue);
    fn run(name: &str) -> js_sys::Promise;
}

// The modules scenarios.js imports; naming them here makes the test runner ship them. (Few
// modules: the browser runner's server sometimes stalls when a page loads many at once.)
#[wasm_bindgen(module = "/tests/e2e/support.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = KEY)]
    static SUPPORT_KEY: JsValue;
}
#[wasm_bindgen(module = "/tests/e2e/contract.js")]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = SCENARIOS)]
    static CONTRACT: JsValue;
}

/// Runs the named scenario; a rejection fails the test with its message.
async fn scenario(name: &str) {
    let options = js_sys::JSON::parse(r#"{"apiKey":"k","baseUrl":"http://127.0.0.1:1"}"#).unwrap();
    let sample = JsValue::from(WebhookClient::new(options).unwrap());
    let class = js_sys::Reflect::get(&sample, &"constructor".into()).unwrap();
    let functions = js_sys::Object::new();
    let sink = local_storage_sink(Some("webhook-delete:test".into()));
    js_sys::Reflect::set(&functions, &"storageSink".into(), &sink).unwrap();
    let mock_url = env!(
        "MOCK_API_URL",
        "run these tests through scripts/test.sh, which starts the mock API and sets MOCK_API_URL"
    );
    configure(mock_url, &class, &functions);
    let shipped = SUPPORT_KEY.with(|k| !k.is_undefined()) && CONTRACT.with(|c| !c.is_undefined());
    assert!(shipped, "a scenario module was not shipped with the tests");
    if let Err(e) = JsFuture::from(run(name)).await {
        let message = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string());
        panic!("{name}: {}", message.unwrap_or_else(|| format!("{e:?}")));
    }
}

macro_rules! scenarios {
    ($($test:ident => $name:literal),* $(,)?) => {$(
        #[wasm_bindgen_test]
        async fn $test() {
            scenario($name).await;
        }
    )*};
}

scenarios! {
    generic_delete_maps_final_statistics => "genericDeleteMapsFinalStatistics",
    generic_with_api_key_header => "genericWithApiKeyHeader",
    exa_delete_returns_the_webhook => "exaDeleteReturnsTheWebhook",
    id_is_one_percent_encoded_segment => "idIsOnePercentEncodedSegment",
    bad_ids_send_nothing => "badIdsSendNothing",
    bad_options_throw_naming_the_field => "badOptionsThrowNamingTheField",
    unauthorized_is_not_retried => "unauthorizedIsNotRetried",
    conflict_twice_then_ok => "conflictTwiceThenOk",
    rate_limit_honours_retry_after => "rateLimitHonoursRetryAfter",
    unavailable_then_ok => "unavailableThenOk",
    server_errors_beyond_max_retries => "serverErrorsBeyondMaxRetries",
    html_error_body_is_text => "htmlErrorBodyIsText",
    hang_ends_in_timeout => "hangEndsInTimeout",
    connection_reset_is_retried => "connectionResetIsRetried",
    delete_then_500_means_already_deleted => "deleteThen500MeansAlreadyDeleted",
    abort_during_backoff => "abortDuringBackoff",
    pre_aborted_signal_sends_nothing => "preAbortedSignalSendsNothing",
    safe_delete_outcomes => "safeDeleteOutcomes",
    list_and_paginate => "listAndPaginate",
    get_falls_back_to_list_without_get_by_id => "getFallsBackToListWithoutGetById",
    bulk_bound_order_dedupe_progress => "bulkBoundOrderDedupeProgress",
    bulk_stop_on_error_and_abort => "bulkStopOnErrorAndAbort",
    rate_limit_pauses_the_queue => "rateLimitPausesTheQueue",
    delete_inactive_dry_run_and_run => "deleteInactiveDryRunAndRun",
    confirmation_declined_and_accepted => "confirmationDeclinedAndAccepted",
    failing_backup_deletes_nothing => "failingBackupDeletesNothing",
    audit_one_entry_per_call_and_failing_sink => "auditOneEntryPerCallAndFailingSink",
    api_key_appears_nowhere => "apiKeyAppearsNowhere",
    audit_covers_every_outcome_and_method => "auditCoversEveryOutcomeAndMethod",
    local_storage_sink_keeps_entries => "localStorageSinkKeepsEntries",
    // contract.js: hostile servers
    redirects_are_never_followed => "redirectsAreNeverFollowed",
    bodies_are_read_up_to_the_limit => "bodiesAreReadUpToTheLimit",
    the_key_never_leaks => "theKeyNeverLeaks",
    answers_about_another_webhook_are_refused => "answersAboutAnotherWebhookAreRefused",
    exa_error_bodies_in_their_words => "exaErrorBodiesInTheirWords",
    network_failures_keep_their_cause => "networkFailuresKeepTheirCause",
    hostile_numbers_and_keys => "hostileNumbersAndKeys",
    one_listener_per_call => "oneListenerPerCall",
    // contract.js: selecting, planning, applying, pacing
    exa_inactive_reads_history_only_where_needed => "exaInactiveReadsHistoryOnlyWhereNeeded",
    each_filter_field_selects_and_rejects => "eachFilterFieldSelectsAndRejects",
    apply_plan_deletes_only_what_is_still_as_planned => "applyPlanDeletesOnlyWhatIsStillAsPlanned",
    pacing_holds_the_rate => "pacingHoldsTheRate",
    // contract.js: backups and restore
    bulk_backups_then_restore_bring_everything_back => "bulkBackupsThenRestoreBringEverythingBack",
    a_failing_backup_store_keeps_that_webhook => "aFailingBackupStoreKeepsThatWebhook",
    restore_settles_an_unknown_outcome_by_looking => "restoreSettlesAnUnknownOutcomeByLooking",
    a_429_pauses_every_worker_of_a_backed_up_run => "a429PausesEveryWorkerOfABackedUpRun",
    // contract.js: streams and resumable runs
    ids_stream_in_bounded_results => "idsStreamInBoundedResults",
    a_bad_id_ends_a_stream_there => "aBadIdEndsAStreamThere",
    a_journaled_run_resumes_without_repeats => "aJournaledRunResumesWithoutRepeats",
}
