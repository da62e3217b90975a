// The host side of webhook-delete's wasm layer: one HTTP attempt over fetch with a per-attempt
// timeout and the caller's AbortSignal, an abortable sleep, and calls into user callbacks that can
// never throw into the library. Each function settles its promise exactly once and removes its
// timers and listeners, so bulk calls of 100,000 ids leave nothing behind.

const failure = (kind, message) => ({ status: 0, failure: kind, message, requestId: null, retryAfter: null, body: "", json: null, isJson: false });

// The body parsed as JSON when it is JSON (isJson true); otherwise the text stays in `body`.
function parseBody(body) {
  if (body.trim() === "") return { json: null, isJson: true };
  try {
    return { json: JSON.parse(body), isJson: true };
  } catch {
    return { json: null, isJson: false };
  }
}

function describe(error) {
  const text = error && error.message ? error.message : String(error);
  const cause = error && error.cause;
  const detail = cause && (cause.code || cause.message);
  return detail ? `${text} (${detail})` : text;
}

// Resolves to { status, failure, message, requestId, retryAfter, body, json, isJson }; failure is
// null for any HTTP answer, else "aborted", "timeout" or "network". Never rejects.
export function send(fetchFn, method, url, authName, authValue, timeoutMs, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) {
      resolve(failure("aborted", "The call was aborted"));
      return;
    }
    const controller = new AbortController();
    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(answer);
    };
    const onAbort = () => {
      controller.abort();
      finish(failure("aborted", "The call was aborted"));
    };
    const timer = setTimeout(() => {
      controller.abort();
      finish(failure("timeout", `No answer within ${timeoutMs} ms`));
    }, timeoutMs);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve()
      .then(() => {
        const init = { method, headers: { accept: "application/json", [authName]: authValue }, signal: controller.signal };
        // An injected fetch receives a Request, as documented; the global one takes the URL and
        // init directly, which spares Node building a Request per attempt.
        return fetchFn ? fetchFn(new Request(url, init)) : globalThis.fetch(url, init);
      })
      .then((response) =>
        response.text().then((body) =>
          finish({
            status: response.status,
            failure: null,
            message: "",
            requestId: response.headers.get("x-request-id"),
            retryAfter: response.headers.get("retry-after"),
            body,
            ...parseBody(body),
          }),
        ),
      )
      .catch((error) => finish(failure("network", describe(error))));
  });
}

// Resolves to true after `ms`, or to false as soon as `signal` aborts.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal && signal.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

// Calls a user callback (sync or async) and resolves to { ok, value, error }. Never rejects.
export function settle(fn, arg) {
  try {
    return Promise.resolve(fn(arg)).then(
      (value) => ({ ok: true, value, error: undefined }),
      (error) => ({ ok: false, value: undefined, error }),
    );
  } catch (error) {
    return Promise.resolve({ ok: false, value: undefined, error });
  }
}

// A message for anything a callback threw.
export function errorMessage(error) {
  return describe(error);
}

// An audit sink that appends one JSON line per entry to localStorage[key].
export function localStorageAppender(key) {
  return (entry) => {
    const storage = globalThis.localStorage;
    if (!storage) throw new Error("localStorage is not available here");
    storage.setItem(key, (storage.getItem(key) || "") + JSON.stringify(entry) + "\n");
  };
}

// Formats an ISO time as the user's local time, as the source documents print it.
export function localTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
