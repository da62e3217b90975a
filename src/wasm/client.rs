//! The exported `WebhookClient`. Each method decodes its arguments with the core's `parse_*`,
//! runs the core operation on a [`JsEnv`] inside a Promise, and converts the answer; every
//! rejection is a `WebhookError`.

use super::abort::AbortHub;
use super::audit_log::{AuditLog, AuditShared};
use super::body::describe;
use super::callbacks::call_user;
use super::convert::{to_js, webhook_error};
use super::env::JsEnv;
use super::fields::{is_plain_object, JsFields};
use super::journal::JsJournal;
use super::sources::{read_ids, Ids};
use super::types::{
    BulkOptionsArg, CallOptionsArg, DeleteInactiveOptionsArg, DeleteWhereOptionsArg,
    ListAllOptionsArg, ListAttemptsOptionsArg, ListOptionsArg, RestoreManyOptionsArg,
    SelectOptionsArg,
};
use crate::core::http::gate::Gate;
use crate::core::model::{BulkProgress, RestoreItem, WebhookBackup, WebhookError, WebhookFilter};
use crate::core::ops::bulk::{run_deletes, BackupStore, BulkHooks};
use crate::core::ops::ids::{prepare_ids, StreamIds};
use crate::core::ops::journal::Journal;
use crate::core::ops::plan::parse_plan;
use crate::core::ops::restore::{parse_backup, parse_backups};
use crate::core::ops::single::{ConfirmError, SafeDelete};
use crate::core::ops::Ctx;
use crate::core::options::calls::{
    parse_attempt_options, parse_bulk_options, parse_call_options, parse_delete_inactive_options,
    parse_delete_where_options, parse_list_all_options, parse_list_options,
    parse_restore_many_options, parse_select_options,
};
use crate::core::options::client::{parse_client_options, ClientConfig};
use crate::core::options::decode::check_id;
use crate::core::options::fields::Fields;
use crate::core::options::filter::{check_filter, parse_filter, Rule};
use crate::core::text::time::{format_iso, parse_iso};
use js_sys::{Function, Object, Promise, Reflect};
use serde_wasm_bindgen::Deserializer;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

struct Inner {
    config: ClientConfig,
    gate: Gate,
    fetch: Option<Function>,
    audit: Rc<AuditShared>,
    audit_js: JsValue,
}

/// Deletes webhook subscriptions through the Exa Websets API or a generic `/webhooks/{id}` API.
#[wasm_bindgen]
pub struct WebhookClient {
    inner: Rc<Inner>,
}

/// An optional argument as a JavaScript value (`undefined` when absent).
fn arg<T: Into<JsValue>>(value: Option<T>) -> JsValue {
    value.map_or(JsValue::UNDEFINED, Into::into)
}

/// An options argument as the core's readers see it, refused when it is not an object.
fn given(options: &JsValue) -> Result<Option<JsFields>, WebhookError> {
    match JsFields::given(options) {
        Some(o) if is_plain_object(&o.0) => Ok(Some(o)),
        Some(_) => Err(WebhookError::invalid("options must be an object")),
        None => Ok(None),
    }
}

/// The core's view of an options argument.
fn view(options: &Option<JsFields>) -> Option<&dyn Fields> {
    options.as_ref().map(|o| o as &dyn Fields)
}

/// A host-valued field of an options object (`undefined` and `null` count as absent).
fn host(options: &JsValue, key: &str) -> Option<JsValue> {
    if !options.is_object() {
        return None;
    }
    Reflect::get(options, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn signal_of(options: &JsValue) -> Result<Option<AbortSignal>, WebhookError> {
    let Some(signal) = host(options, "signal") else {
        return Ok(None);
    };
    let aborted = Reflect::get(&signal, &"aborted".into())
        .ok()
        .and_then(|a| a.as_bool());
    let listens = Reflect::get(&signal, &"addEventListener".into()).is_ok_and(|f| f.is_function());
    if aborted.is_none() || !listens {
        return Err(WebhookError::invalid(
            "options.signal must be an AbortSignal",
        ));
    }
    Ok(Some(signal.unchecked_into()))
}

fn function_of(options: &JsValue, key: &str) -> Result<Option<Function>, WebhookError> {
    match host(options, key) {
        None => Ok(None),
        Some(f) => f
            .dyn_into::<Function>()
            .map(Some)
            .map_err(|_| WebhookError::invalid(format!("options.{key} must be a function"))),
    }
}

fn read_id(value: &JsValue, field: &str) -> Result<String, WebhookError> {
    let id = value
        .as_string()
        .ok_or_else(|| WebhookError::invalid(format!("{field} must be a string")))?;
    check_id(&id, field)?;
    Ok(id)
}

/// `deleteInactive`'s `now`: a `Date`, ms since the epoch, or an ISO string.
fn now_of(options: &JsValue) -> Result<f64, WebhookError> {
    let Some(v) = host(options, "now") else {
        return Ok(js_sys::Date::now());
    };
    let bad = || {
        WebhookError::invalid("options.now must be a Date, a number of ms or an ISO 8601 string")
    };
    let ms = if let Some(date) = v.dyn_ref::<js_sys::Date>() {
        date.get_time()
    } else if let Some(n) = v.as_f64() {
        n
    } else if let Some(s) = v.as_string() {
        parse_iso(&s).ok_or_else(bad)?
    } else {
        return Err(bad());
    };
    ms.is_finite().then_some(ms).ok_or_else(bad)
}

/// The bulk hooks a call's options name: progress, backup store, journal.
struct Hooks {
    on_progress: Box<dyn Fn(&BulkProgress)>,
    backup: Option<Box<BackupStore<'static>>>,
    journal: Option<JsJournal>,
}

impl Hooks {
    fn of(options: &JsValue) -> Result<Hooks, WebhookError> {
        let progress = function_of(options, "onProgress")?;
        let on_progress = Box::new(move |p: &BulkProgress| {
            if let Some(f) = &progress {
                // A throwing onProgress is ignored: it never fails the run.
                let _ = f.call1(&JsValue::NULL, &to_js(p));
            }
        });
        let backup = function_of(options, "backup")?.map(|f| -> Box<BackupStore<'static>> {
            Box::new(
                move |b: WebhookBackup| -> Pin<Box<dyn Future<Output = Result<(), String>>>> {
                    let f = f.clone();
                    Box::pin(async move {
                        call_user(&f, &to_js(&b))
                            .await
                            .map(|_| ())
                            .map_err(|e| describe(&e))
                    })
                },
            )
        });
        let journal = host(options, "journal").map(JsJournal::new).transpose()?;
        Ok(Hooks {
            on_progress,
            backup,
            journal,
        })
    }

    /// The core's view of these hooks.
    fn view(&self) -> BulkHooks<'_> {
        BulkHooks {
            on_progress: &*self.on_progress,
            backup: self.backup.as_deref(),
            journal: self.journal.as_ref().map(|j| j as &dyn Journal),
        }
    }
}

impl WebhookClient {
    fn build(options: &JsValue) -> Result<WebhookClient, WebhookError> {
        if !is_plain_object(options) {
            return Err(WebhookError::invalid(
                "options must be an object with at least apiKey",
            ));
        }
        let config = parse_client_options(&JsFields(options.clone()))?;
        let fetch = function_of(options, "fetch")?;
        let (audit, audit_js) = match host(options, "audit") {
            Some(log) => match AuditLog::shared_of(&log) {
                Some(shared) => (shared, log),
                None => return Err(WebhookError::invalid("options.audit must be an AuditLog")),
            },
            None => {
                let (log, shared) = AuditLog::in_memory();
                (shared, JsValue::from(log))
            }
        };
        let gate = Gate::new(config.max_requests_per_second);
        Ok(WebhookClient {
            inner: Rc::new(Inner {
                config,
                gate,
                fetch,
                audit,
                audit_js,
            }),
        })
    }

    /// Runs one call: its signal read, its environment made, `body` run; any error rejects the
    /// Promise with a `WebhookError` (the key redacted from the parsed body too).
    fn call<F, Fut>(&self, options: JsValue, body: F) -> Promise
    where
        F: FnOnce(Rc<Inner>, JsEnv, JsValue) -> Fut + 'static,
        Fut: Future<Output = Result<JsValue, WebhookError>> + 'static,
    {
        let inner = Rc::clone(&self.inner);
        let signal = signal_of(&options);
        future_to_promise(async move {
            let env = match signal {
                Ok(signal) => JsEnv {
                    fetch: inner.fetch.clone(),
                    hub: AbortHub::new(signal),
                    audit: Rc::clone(&inner.audit),
                },
                Err(e) => return Err(webhook_error(&e, "")),
            };
            let key = inner.config.api_key.clone();
            body(inner, env, options)
                .await
                .map_err(|e| webhook_error(&e, &key))
        })
    }
}

fn cx<'a>(inner: &'a Inner, env: &'a JsEnv) -> Ctx<'a, JsEnv> {
    Ctx {
        config: &inner.config,
        env,
        gate: &inner.gate,
    }
}

/// `{ candidates, result }`: the answer of `deleteInactive` and `deleteWhere`.
fn candidates_and_result(candidates: JsValue, result: JsValue) -> JsValue {
    let out = Object::new();
    let _ = Reflect::set(&out, &"candidates".into(), &candidates);
    let _ = Reflect::set(&out, &"result".into(), &result);
    out.into()
}

fn rule_of(filter: &JsValue, inner: &Inner) -> Result<Rule, WebhookError> {
    if !is_plain_object(filter) {
        return Err(WebhookError::invalid(
            "filter must be an object (a WebhookFilter)",
        ));
    }
    let keys = JsFields(filter.clone()).keys();
    parse_filter(
        &keys,
        Deserializer::from(filter.clone()),
        inner.config.provider,
        js_sys::Date::now(),
    )
}

#[wasm_bindgen]
impl WebhookClient {
    /// Creates a client. Throws a `WebhookError` with code `invalid_input` naming the field when
    /// an option is wrong; the API key is never quoted.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<WebhookClient, JsValue> {
        Ok(Self::build(&options)?)
    }

    /// The audit log this client writes one entry to per delete or restore call.
    #[wasm_bindgen(getter, unchecked_return_type = "AuditLog")]
    pub fn audit(&self) -> JsValue {
        self.inner.audit_js.clone()
    }

    /// A description of the client that is safe to log: the API key is replaced by `[redacted]`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ClientDescription")]
    pub fn to_json(&self) -> JsValue {
        let c = &self.inner.config;
        let o = Object::new();
        let pairs: [(&str, JsValue); 9] = [
            ("provider", c.provider.as_str().into()),
            ("baseUrl", c.base_url.as_str().into()),
            ("auth", c.auth.as_str().into()),
            ("timeoutMs", c.timeout_ms.into()),
            ("concurrency", (c.concurrency as u32).into()),
            ("actor", (*c.actor).into()),
            (
                "maxRequestsPerSecond",
                c.max_requests_per_second
                    .map_or(JsValue::NULL, JsValue::from),
            ),
            ("maxResponseBytes", c.max_response_bytes.into()),
            ("apiKey", "[redacted]".into()),
        ];
        for (k, v) in pairs {
            let _ = Reflect::set(&o, &k.into(), &v);
        }
        o.into()
    }

    /// Deletes one webhook, retrying as the server allows. Rejects with a `WebhookError`.
    #[wasm_bindgen(js_name = deleteWebhook, unchecked_return_type = "Promise<DeleteResult>")]
    pub fn delete_webhook(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            parse_call_options(view(&given(&options)?))?;
            let id = read_id(&id, "id")?;
            Ok(to_js(&cx(&inner, &env).delete(&id).await?))
        })
    }

    /// Deletes one webhook; "not found" and a lasting 409 resolve as outcomes instead of rejecting.
    #[wasm_bindgen(js_name = safeDelete, unchecked_return_type = "Promise<SafeDeleteResult>")]
    pub fn safe_delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            parse_call_options(view(&given(&options)?))?;
            let id = read_id(&id, "id")?;
            let out = Object::new();
            let set = |k: &str, v: JsValue| {
                let _ = Reflect::set(&out, &k.into(), &v);
            };
            match cx(&inner, &env).safe_delete(&id).await? {
                SafeDelete::Deleted(r) => {
                    set("outcome", "deleted".into());
                    set("result", to_js(&r));
                }
                SafeDelete::NotFound => {
                    set("outcome", "not_found".into());
                    set("id", id.as_str().into());
                }
                SafeDelete::Conflict(e) => {
                    set("outcome", "conflict".into());
                    set("id", id.as_str().into());
                    set("error", webhook_error(&e, &inner.config.api_key));
                }
            }
            Ok(out.into())
        })
    }

    /// Fetches one webhook (for the generic dialect without GET by id, lists and finds it).
    #[wasm_bindgen(js_name = getWebhook, unchecked_return_type = "Promise<Webhook>")]
    pub fn get_webhook(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            parse_call_options(view(&given(&options)?))?;
            let id = read_id(&id, "id")?;
            Ok(to_js(&cx(&inner, &env).get(&id).await?))
        })
    }

    /// Fetches one page of webhooks.
    #[wasm_bindgen(js_name = listWebhooks, unchecked_return_type = "Promise<WebhookPage>")]
    pub fn list_webhooks(&self, options: Option<ListOptionsArg>) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let q = parse_list_options(view(&given(&options)?), inner.config.provider)?;
            Ok(to_js(
                &cx(&inner, &env).list(q.cursor.as_deref(), q.limit).await?,
            ))
        })
    }

    /// Fetches every webhook, following cursors (at most `maxPages` pages, default 1000). With
    /// `lastDelivery: true`, Exa webhooks get `lastDeliveryAt` from their newest attempt.
    #[wasm_bindgen(js_name = listAllWebhooks, unchecked_return_type = "Promise<Webhook[]>")]
    pub fn list_all_webhooks(&self, options: Option<ListAllOptionsArg>) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let q = parse_list_all_options(view(&given(&options)?), inner.config.provider)?;
            let cx = cx(&inner, &env);
            let all = if q.last_delivery {
                cx.list_all_with_last_delivery(
                    q.limit,
                    q.max_pages,
                    q.concurrency.unwrap_or(inner.config.concurrency),
                )
                .await?
            } else {
                cx.list_all(q.limit, q.max_pages).await?
            };
            Ok(to_js(&all))
        })
    }

    /// Fetches one page of a webhook's delivery attempts, newest first (Exa; other providers
    /// reject with `unsupported`).
    #[wasm_bindgen(js_name = listAttempts, unchecked_return_type = "Promise<AttemptPage>")]
    pub fn list_attempts(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        options: Option<ListAttemptsOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let q = parse_attempt_options(view(&given(&options)?))?;
            let id = read_id(&id, "id")?;
            Ok(to_js(&cx(&inner, &env).attempts(&id, &q).await?))
        })
    }

    /// Deletes many webhooks with bounded concurrency. An array is checked whole before anything
    /// is sent; an iterable or async iterable is read as the run goes (millions are fine with
    /// `keepResults: false`). Repeats are dropped (first position wins); results keep the order.
    #[wasm_bindgen(js_name = deleteMany, unchecked_return_type = "Promise<BulkResult>")]
    pub fn delete_many(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "readonly string[] | Iterable<string> | AsyncIterable<string>"
        )]
        ids: JsValue,
        options: Option<BulkOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let settings = parse_bulk_options(view(&given(&options)?), inner.config.concurrency)?;
            let ids = read_ids(&ids)?;
            let hooks = Hooks::of(&options)?;
            let hooks = hooks.view();
            let cx = cx(&inner, &env);
            let result = match ids {
                Ids::Array(ids) => cx.delete_many(prepare_ids(ids)?, settings, &hooks).await?,
                Ids::Stream(stream) => {
                    run_deletes(&cx, StreamIds::new(stream), None, settings, &hooks).await?
                }
            };
            Ok(to_js(&result))
        })
    }

    /// Lists every webhook and deletes those inactive for `inactiveDays` (default 30); with
    /// `dryRun` only returns the candidates and sends no DELETE.
    #[wasm_bindgen(js_name = deleteInactive, unchecked_return_type = "Promise<DeleteInactiveResult>")]
    pub fn delete_inactive(&self, options: Option<DeleteInactiveOptionsArg>) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let s =
                parse_delete_inactive_options(view(&given(&options)?), inner.config.concurrency)?;
            let now = now_of(&options)?;
            let filter = WebhookFilter {
                inactive_days: Some(s.inactive_days),
                now: Some(format_iso(now)),
                ..Default::default()
            };
            let rule = check_filter(filter, inner.config.provider, now)?;
            let hooks = Hooks::of(&options)?;
            let (selected, result) = cx(&inner, &env)
                .delete_where(&rule, s.bulk, s.dry_run, &hooks.view())
                .await?;
            let candidates: Vec<_> = selected.into_iter().map(|s| s.webhook).collect();
            Ok(candidates_and_result(to_js(&candidates), to_js(&result)))
        })
    }

    /// Selects webhooks with `filter` (every given field must hold; `{}` selects nothing) and,
    /// unless `dryRun`, deletes exactly those. Listing finishes before any DELETE is sent.
    #[wasm_bindgen(js_name = deleteWhere, unchecked_return_type = "Promise<DeleteWhereResult>")]
    pub fn delete_where(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebhookFilter")] filter: JsValue,
        options: Option<DeleteWhereOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let rule = rule_of(&filter, &inner)?;
            let s = parse_delete_where_options(view(&given(&options)?), inner.config.concurrency)?;
            let hooks = Hooks::of(&options)?;
            let (selected, result) = cx(&inner, &env)
                .delete_where(&rule, s.bulk, s.dry_run, &hooks.view())
                .await?;
            Ok(candidates_and_result(to_js(&selected), to_js(&result)))
        })
    }

    /// The webhooks `filter` selects, each with the reasons it was selected; sends no DELETE.
    #[wasm_bindgen(js_name = selectWebhooks, unchecked_return_type = "Promise<Selection[]>")]
    pub fn select_webhooks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebhookFilter")] filter: JsValue,
        options: Option<SelectOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let rule = rule_of(&filter, &inner)?;
            let concurrency =
                parse_select_options(view(&given(&options)?), inner.config.concurrency)?;
            Ok(to_js(&cx(&inner, &env).select(&rule, concurrency).await?))
        })
    }

    /// Writes down what `filter` selects as a `DeletePlan` to review; sends no DELETE.
    #[wasm_bindgen(js_name = planDelete, unchecked_return_type = "Promise<DeletePlan>")]
    pub fn plan_delete(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebhookFilter")] filter: JsValue,
        options: Option<SelectOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let rule = rule_of(&filter, &inner)?;
            let concurrency =
                parse_select_options(view(&given(&options)?), inner.config.concurrency)?;
            Ok(to_js(
                &cx(&inner, &env).plan_delete(&rule, concurrency).await?,
            ))
        })
    }

    /// Deletes exactly the plan's webhooks, each read again first: gone is `not_found`, different
    /// from the plan is `changed` (kept). A plan for another provider or base URL is refused.
    #[wasm_bindgen(js_name = applyPlan, unchecked_return_type = "Promise<BulkResult>")]
    pub fn apply_plan(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeletePlan")] plan: JsValue,
        options: Option<BulkOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let items = parse_plan(Deserializer::from(plan), &inner.config)?;
            let settings = parse_bulk_options(view(&given(&options)?), inner.config.concurrency)?;
            let hooks = Hooks::of(&options)?;
            Ok(to_js(
                &cx(&inner, &env)
                    .apply_plan(items, settings, &hooks.view())
                    .await?,
            ))
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
        let options = arg(options);
        let inner = Rc::clone(&self.inner);
        let key = inner.config.api_key.clone();
        let signal = signal_of(&options);
        future_to_promise(async move {
            let fail = |e: WebhookError| webhook_error(&e, &key);
            parse_call_options(view(&given(&options)?)).map_err(fail)?;
            let id = read_id(&id, "id").map_err(fail)?;
            let confirm: Function = confirm
                .dyn_into()
                .map_err(|_| fail(WebhookError::invalid("confirm must be a function")))?;
            let env = JsEnv {
                fetch: inner.fetch.clone(),
                hub: AbortHub::new(signal.map_err(fail)?),
                audit: Rc::clone(&inner.audit),
            };
            let ask = |webhook| async move {
                call_user(&confirm, &to_js(&webhook))
                    .await
                    .map(|v| v.as_bool() == Some(true))
            };
            match cx(&inner, &env).delete_with_confirmation(&id, ask).await {
                Ok(Some(r)) => Ok(to_js(&r)),
                Ok(None) => {
                    let out = Object::new();
                    let _ = Reflect::set(&out, &"cancelled".into(), &JsValue::TRUE);
                    let _ = Reflect::set(&out, &"id".into(), &id.as_str().into());
                    Ok(out.into())
                }
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
        self.call(arg(options), move |inner, env, options| async move {
            parse_call_options(view(&given(&options)?))?;
            let id = read_id(&id, "id")?;
            let store: Function = store
                .dyn_into()
                .map_err(|_| WebhookError::invalid("store must be a function"))?;
            let save = |backup| async move {
                call_user(&store, &to_js(&backup))
                    .await
                    .map(|_| ())
                    .map_err(|e| describe(&e))
            };
            let (result, backup) = cx(&inner, &env).delete_with_backup(&id, save).await?;
            let js = to_js(&result);
            let _ = Reflect::set(&js, &"backup".into(), &to_js(&backup));
            Ok(js)
        })
    }

    /// Re-creates a deleted webhook from its backup (a new id and a new signing secret, returned
    /// once). When a webhook with the same url and event set exists, returns it (`created: false`).
    #[wasm_bindgen(js_name = restoreWebhook, unchecked_return_type = "Promise<RestoreResult>")]
    pub fn restore_webhook(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WebhookBackup")] backup: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            parse_call_options(view(&given(&options)?))?;
            let backup = parse_backup(Deserializer::from(backup))?;
            Ok(to_js(&cx(&inner, &env).restore_webhook(&backup).await?))
        })
    }

    /// Restores many backups with bounded concurrency; idempotent like `restoreWebhook`.
    #[wasm_bindgen(js_name = restoreMany, unchecked_return_type = "Promise<RestoreBulkResult>")]
    pub fn restore_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "readonly WebhookBackup[]")] backups: JsValue,
        options: Option<RestoreManyOptionsArg>,
    ) -> Promise {
        self.call(arg(options), move |inner, env, options| async move {
            let settings =
                parse_restore_many_options(view(&given(&options)?), inner.config.concurrency)?;
            let on_item = function_of(&options, "onItem")?;
            let backups = parse_backups(Deserializer::from(backups))?;
            let each = |item: &RestoreItem| {
                if let Some(f) = &on_item {
                    // A throwing onItem is ignored: it never fails the run.
                    let _ = f.call1(&JsValue::NULL, &to_js(item));
                }
            };
            Ok(to_js(
                &cx(&inner, &env)
                    .restore_many(backups, settings, &each)
                    .await?,
            ))
        })
    }
}
