//! The exported `WebhookClient` and the package's free functions. Each method reads and checks
//! its arguments, then runs the core operation on a [`JsEnv`] inside a Promise.

use super::audit_log::{AuditLog, AuditShared};
use super::convert::{error_to_js, json_from_js, object, set, to_js, BulkLines};
use super::host::{call_user, error_message, local_storage_appender, local_time, JsEnv};
use super::input::{read_id, read_ids, read_now, read_options, Options};
use crate::core::bulk::{delete_inactive, prepare_ids, run_bulk, BulkSettings};
use crate::core::error::WebhookError;
use crate::core::model::BulkProgress;
use crate::core::ops::{ConfirmError, Ctx, SafeDelete, DEFAULT_MAX_PAGES};
use crate::core::options::{opt_bool, opt_number, opt_str, parse_client_options, parse_concurrency, refuse_unknown, ClientConfig};
use crate::core::provider::{parse_final_statistics, AuthScheme, Provider};
use crate::core::retry::RateGate;
use super::types::{BulkOptionsArg, CallOptionsArg, DeleteInactiveOptionsArg, ListAllOptionsArg, ListOptionsArg};
use js_sys::{Function, Promise};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

struct Inner {
    config: ClientConfig,
    fetch: JsValue,
    audit: Rc<AuditShared>,
    audit_js: JsValue,
}

/// Deletes webhook subscriptions through the Exa Websets API or a generic `/webhooks/{id}` API.
#[wasm_bindgen]
pub struct WebhookClient {
    inner: Rc<Inner>,
}

/// One call's state: the client, the call's environment (its abort signal) and its rate gate.
struct Call {
    inner: Rc<Inner>,
    env: JsEnv,
    gate: RateGate,
}

impl Call {
    fn cx(&self) -> Ctx<'_, JsEnv> {
        Ctx { config: &self.inner.config, env: &self.env, gate: &self.gate }
    }
}

/// Runs `body` with the call's options read and its state ready; any error rejects the Promise
/// with a `WebhookError`.
fn call<F, Fut>(inner: &Rc<Inner>, options: Option<JsValue>, host_keys: &[&'static str], json_keys: &[&str], body: F) -> Promise
where
    F: FnOnce(Call, Options) -> Fut + 'static,
    Fut: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    let prepared = read_call_options(options, host_keys, json_keys);
    let inner = Rc::clone(inner);
    future_to_promise(async move {
        let (options, signal) = prepared.map_err(|e| error_to_js(&e))?;
        let env = JsEnv { fetch: inner.fetch.clone(), signal, audit: Rc::clone(&inner.audit) };
        body(Call { inner, env, gate: RateGate::default() }, options).await
    })
}

fn read_call_options(
    options: Option<JsValue>,
    host_keys: &[&'static str],
    json_keys: &[&str],
) -> Result<(Options, JsValue), WebhookError> {
    let options = read_options(&options.unwrap_or(JsValue::UNDEFINED), "options", host_keys)?;
    refuse_unknown(&options.json, json_keys, "options")?;
    let signal = options.signal("options")?;
    Ok((options, signal))
}

fn bulk_settings(inner: &Inner, options: &Options) -> Result<BulkSettings, WebhookError> {
    Ok(BulkSettings {
        concurrency: parse_concurrency(&options.json, "options.concurrency")?.unwrap_or(inner.config.concurrency),
        stop_on_error: opt_bool(&options.json, "stopOnError", "options.stopOnError")?.unwrap_or(false),
    })
}

fn progress_callback(options: &Options) -> Result<impl Fn(&BulkProgress), WebhookError> {
    let callback = options.function("onProgress", "options")?;
    Ok(move |p: &BulkProgress| {
        if let Some(f) = &callback {
            let _ = f.call1(&JsValue::NULL, &to_js(p));
        }
    })
}

fn fail(e: WebhookError) -> JsValue {
    error_to_js(&e)
}

fn checked_function(value: &JsValue, name: &str) -> Result<Function, WebhookError> {
    value.dyn_ref::<Function>().cloned().ok_or_else(|| WebhookError::invalid(format!("{name} must be a function")))
}

#[wasm_bindgen]
impl WebhookClient {
    /// Creates a client. Throws a `WebhookError` with code `invalid_input` naming the field when
    /// an option is wrong; the API key is never quoted.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue) -> Result<WebhookClient, JsValue> {
        Self::build(&options).map_err(fail)
    }

    fn build(options: &JsValue) -> Result<WebhookClient, WebhookError> {
        let parsed = read_options(options, "options", &["fetch", "audit"])?;
        let config = parse_client_options(&parsed.json)?;
        let fetch = match parsed.host("fetch") {
            Some(f) if f.is_function() => f.clone(),
            Some(_) => return Err(WebhookError::invalid("options.fetch must be a function")),
            None => JsValue::UNDEFINED,
        };
        let (audit, audit_js) = match parsed.host("audit") {
            Some(log) => match AuditLog::shared_of(log) {
                Some(shared) => (shared, log.clone()),
                None => return Err(WebhookError::invalid("options.audit must be an AuditLog")),
            },
            None => {
                let (log, shared) = AuditLog::in_memory();
                (shared, JsValue::from(log))
            }
        };
        Ok(WebhookClient { inner: Rc::new(Inner { config, fetch, audit, audit_js }) })
    }

    /// The audit log this client writes one entry to per delete call.
    #[wasm_bindgen(getter, unchecked_return_type = "AuditLog")]
    pub fn audit(&self) -> JsValue {
        self.inner.audit_js.clone()
    }

    /// A description of the client that is safe to log: the API key is replaced by `[redacted]`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ClientDescription")]
    pub fn to_json(&self) -> JsValue {
        let c = &self.inner.config;
        let provider = match c.provider {
            Provider::Exa => "exa",
            Provider::Generic => "generic",
        };
        let auth = match c.auth {
            AuthScheme::ApiKeyHeader => "x-api-key",
            AuthScheme::Bearer => "bearer",
        };
        object(&[
            ("provider", provider.into()),
            ("baseUrl", c.base_url.as_str().into()),
            ("auth", auth.into()),
            ("timeoutMs", c.timeout_ms.into()),
            ("concurrency", (c.concurrency as u32).into()),
            ("actor", (*c.actor).into()),
            ("apiKey", "[redacted]".into()),
        ])
    }

    /// Deletes one webhook, retrying as the server allows. Rejects with a `WebhookError`.
    #[wasm_bindgen(js_name = deleteWebhook, unchecked_return_type = "Promise<DeleteResult>")]
    pub fn delete_webhook(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &[], move |call, _| async move {
            let id = read_id(&id, "id").map_err(fail)?;
            let cx = call.cx();
            cx.delete(&id).await.map(|r| to_js(&r)).map_err(fail)
        })
    }

    /// Deletes one webhook; "not found" and a lasting 409 resolve as outcomes instead of rejecting.
    #[wasm_bindgen(js_name = safeDelete, unchecked_return_type = "Promise<SafeDeleteResult>")]
    pub fn safe_delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &[], move |call, _| async move {
            let id = read_id(&id, "id").map_err(fail)?;
            let cx = call.cx();
            Ok(match cx.safe_delete(&id).await.map_err(fail)? {
                SafeDelete::Deleted(r) => object(&[("outcome", "deleted".into()), ("result", to_js(&r))]),
                SafeDelete::NotFound => object(&[("outcome", "not_found".into()), ("id", id.as_str().into())]),
                SafeDelete::Conflict(e) => {
                    object(&[("outcome", "conflict".into()), ("id", id.as_str().into()), ("error", error_to_js(&e))])
                }
            })
        })
    }

    /// Fetches one webhook (for the generic dialect without GET by id, lists and finds it).
    #[wasm_bindgen(js_name = getWebhook, unchecked_return_type = "Promise<Webhook>")]
    pub fn get_webhook(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &[], move |call, _| async move {
            let id = read_id(&id, "id").map_err(fail)?;
            let cx = call.cx();
            cx.get(&id).await.map(|w| to_js(&w)).map_err(fail)
        })
    }

    /// Fetches one page of webhooks.
    #[wasm_bindgen(js_name = listWebhooks, unchecked_return_type = "Promise<WebhookPage>")]
    pub fn list_webhooks(&self, options: Option<ListOptionsArg>) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &["cursor", "limit"], move |call, options| async move {
            let max = call.inner.config.provider.max_limit();
            let limit = opt_number(&options.json, "limit", "options.limit", 1.0, max, true).map_err(fail)?;
            let cursor = opt_str(&options.json, "cursor", "options.cursor").map_err(fail)?;
            let cx = call.cx();
            cx.list(cursor, limit.map(|n| n as u32)).await.map(|p| to_js(&p)).map_err(fail)
        })
    }

    /// Fetches every webhook, following cursors (at most `maxPages` pages, default 1000).
    #[wasm_bindgen(js_name = listAllWebhooks, unchecked_return_type = "Promise<Webhook[]>")]
    pub fn list_all_webhooks(
        &self,
        options: Option<ListAllOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &["limit", "maxPages"], move |call, options| async move {
            let max = call.inner.config.provider.max_limit();
            let limit = opt_number(&options.json, "limit", "options.limit", 1.0, max, true).map_err(fail)?;
            let pages = opt_number(&options.json, "maxPages", "options.maxPages", 1.0, 1_000_000.0, true).map_err(fail)?;
            let cx = call.cx();
            let all = cx.list_all(limit.map(|n| n as u32), pages.map_or(DEFAULT_MAX_PAGES, |n| n as u32)).await;
            all.map(|w| to_js(&w)).map_err(fail)
        })
    }

    /// Deletes many webhooks with bounded concurrency. Every id is checked before anything is
    /// sent; repeats are dropped (first position wins); results keep the input order.
    #[wasm_bindgen(js_name = deleteMany, unchecked_return_type = "Promise<BulkResult>")]
    pub fn delete_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly string[]")] ids: JsValue,
        options: Option<BulkOptionsArg>,
    ) -> Promise {
        let keys = ["concurrency", "stopOnError"];
        call(&self.inner, options.map(JsValue::from), &["signal", "onProgress"], &keys, move |call, options| async move {
            let ids = read_ids(&ids).and_then(|ids| prepare_ids(&ids)).map_err(fail)?;
            let settings = bulk_settings(&call.inner, &options).map_err(fail)?;
            let on_progress = progress_callback(&options).map_err(fail)?;
            let cx = call.cx();
            let lines = BulkLines::with_capacity(ids.len());
            let result = run_bulk(&cx, ids, settings, &on_progress, &|i, item| lines.put(i, item)).await;
            Ok(lines.into_result(&result))
        })
    }

    /// Lists every webhook and deletes those inactive for `inactiveDays` (default 30); with
    /// `dryRun` only returns the candidates and sends no DELETE.
    #[wasm_bindgen(js_name = deleteInactive, unchecked_return_type = "Promise<DeleteInactiveResult>")]
    pub fn delete_inactive(
        &self,
        options: Option<DeleteInactiveOptionsArg>,
    ) -> Promise {
        let keys = ["inactiveDays", "dryRun", "concurrency", "stopOnError"];
        call(&self.inner, options.map(JsValue::from), &["signal", "onProgress", "now"], &keys, move |call, options| async move {
            let read = || -> Result<(f64, f64, bool), WebhookError> {
                let days = opt_number(&options.json, "inactiveDays", "options.inactiveDays", 0.0, 36_500.0, false)?;
                if days == Some(0.0) {
                    return Err(WebhookError::invalid("options.inactiveDays must be greater than 0"));
                }
                let now = read_now(options.host("now"))?.unwrap_or_else(js_sys::Date::now);
                let dry_run = opt_bool(&options.json, "dryRun", "options.dryRun")?.unwrap_or(false);
                Ok((days.unwrap_or(30.0), now, dry_run))
            };
            let (days, now, dry_run) = read().map_err(fail)?;
            let settings = bulk_settings(&call.inner, &options).map_err(fail)?;
            let on_progress = progress_callback(&options).map_err(fail)?;
            let cx = call.cx();
            let lines = BulkLines::default();
            let (candidates, result) =
                delete_inactive(&cx, days, now, dry_run, settings, &on_progress, &|i, item| lines.put(i, item))
                    .await
                    .map_err(fail)?;
            let result = result.as_ref().map_or(JsValue::NULL, |r| lines.into_result(r));
            Ok(object(&[("candidates", to_js(&candidates)), ("result", result)]))
        })
    }

    /// Fetches the webhook, calls `confirm(webhook)` (sync or async) and deletes only if it
    /// returns `true`; otherwise resolves to `{ cancelled: true, id }`.
    #[wasm_bindgen(js_name = deleteWithConfirmation, unchecked_return_type = "Promise<DeleteResult | Cancelled>")]
    pub fn delete_with_confirmation(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ConfirmFn")] confirm: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &[], move |call, _| async move {
            let id = read_id(&id, "id").map_err(fail)?;
            let confirm = checked_function(&confirm, "confirm").map_err(fail)?;
            let cx = call.cx();
            let ask = |webhook| async move {
                let answer = call_user(&confirm, &to_js(&webhook)).await;
                if answer.ok() {
                    Ok(answer.value().as_bool() == Some(true))
                } else {
                    Err(answer.error())
                }
            };
            match cx.delete_with_confirmation(&id, ask).await {
                Ok(Some(r)) => Ok(to_js(&r)),
                Ok(None) => Ok(object(&[("cancelled", true.into()), ("id", id.as_str().into())])),
                Err(ConfirmError::Api(e)) => Err(fail(e)),
                Err(ConfirmError::Confirm(thrown)) => Err(thrown),
            }
        })
    }

    /// Fetches the webhook, awaits `store(backup)`, then deletes. If the store throws, nothing is
    /// deleted and the call rejects with code `backup_failed`.
    #[wasm_bindgen(js_name = deleteWithBackup, unchecked_return_type = "Promise<DeleteWithBackupResult>")]
    pub fn delete_with_backup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BackupStore")] store: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        call(&self.inner, options.map(JsValue::from), &["signal"], &[], move |call, _| async move {
            let id = read_id(&id, "id").map_err(fail)?;
            let store = checked_function(&store, "store").map_err(fail)?;
            let cx = call.cx();
            let save = |backup| async move {
                let answer = call_user(&store, &to_js(&backup)).await;
                if answer.ok() {
                    Ok(())
                } else {
                    Err(error_message(&answer.error()))
                }
            };
            let (result, backup) = cx.delete_with_backup(&id, save).await.map_err(fail)?;
            let js = to_js(&result);
            set(&js, "backup", &to_js(&backup));
            Ok(js)
        })
    }
}

/// True when `error` is a `WebhookError` thrown or rejected by this library.
#[wasm_bindgen(js_name = isWebhookError, unchecked_return_type = "error is WebhookError")]
pub fn is_webhook_error(#[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue) -> bool {
    error.is_instance_of::<js_sys::Error>()
        && error.unchecked_ref::<js_sys::Error>().name() == "WebhookError"
        && js_sys::Reflect::get(&error, &"code".into()).is_ok_and(|c| c.is_string())
}

/// Formats a webhook's final statistics as the source documents print them: deliveries,
/// failures, success rate with two decimals, and the last delivery in local time.
#[wasm_bindgen(js_name = formatFinalStatistics)]
pub fn format_final_statistics(
    id: &str,
    #[wasm_bindgen(unchecked_param_type = "FinalStatistics")] stats: JsValue,
) -> Result<String, JsValue> {
    let value = json_from_js(&stats).unwrap_or_default();
    let stats = parse_final_statistics(&value).ok_or_else(|| fail(WebhookError::invalid("stats must be a FinalStatistics object")))?;
    Ok(crate::core::stats::format_final_statistics(id, &stats, local_time))
}

/// An audit sink for browsers that appends each entry as one JSON line to `localStorage[key]`
/// (default `"webhook-delete:audit"`).
#[wasm_bindgen(js_name = localStorageSink, unchecked_return_type = "AuditSink")]
pub fn local_storage_sink_for(key: Option<String>) -> Function {
    local_storage_appender(key.as_deref().unwrap_or("webhook-delete:audit"))
}
