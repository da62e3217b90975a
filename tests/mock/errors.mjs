// Error bodies of the two dialects. The generic API keeps the seed documents' one shape,
// { error, code, details?, timestamp?, requestId? }. Exa answers in three shapes, which a client
// has to read all of:
//   flat     { requestId, error: "message", tag: "INVALID_API_KEY" }          (the documented one)
//   status   { statusCode, message: string | string[], error, path, timestamp } (the Websets server)
//   nested   { error: { type, code, message, detail }, requestId }
// Each status has a usual shape (exaShapeFor); a fault may force another one.

import { STATUS_CODES } from "node:http";
import { iso } from "./store.mjs";

export const EXA_SHAPES = Object.freeze(["flat", "status", "nested"]);

/** Generic API messages, as the seed documents word them. */
export const ERROR_TEXT = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  409: "Webhook cannot be deleted while processing events",
  413: "Payload too large",
  422: "Unprocessable entity",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout",
};

// status -> [message, tag (flat) and code (nested), type (nested)]
const EXA_ERRORS = {
  400: ["Bad request", "BAD_REQUEST", "invalid_request_error"],
  401: ["Invalid API key", "INVALID_API_KEY", "authentication_error"],
  403: ["You do not have permission to access this resource", "FORBIDDEN", "permission_error"],
  404: ["Not found", "NOT_FOUND", "not_found_error"],
  405: ["Method not allowed", "METHOD_NOT_ALLOWED", "invalid_request_error"],
  408: ["Request timeout", "REQUEST_TIMEOUT", "timeout_error"],
  409: ["Webhook cannot be deleted while processing events", "WEBHOOK_BUSY", "conflict_error"],
  413: ["request entity too large", "PAYLOAD_TOO_LARGE", "invalid_request_error"],
  422: ["Unprocessable entity", "UNPROCESSABLE_ENTITY", "invalid_request_error"],
  429: ["Rate limit exceeded", "RATE_LIMIT_EXCEEDED", "rate_limit_error"],
  500: ["Internal server error", "INTERNAL_ERROR", "internal_error"],
  502: ["Bad gateway", "BAD_GATEWAY", "bad_gateway"],
  503: ["Service unavailable", "SERVICE_UNAVAILABLE", "service_unavailable"],
  504: ["Gateway timeout", "GATEWAY_TIMEOUT", "gateway_timeout"],
};

/** The shape real Exa uses for a status: validation -> status, 5xx -> nested, the rest -> flat. */
export function exaShapeFor(status) {
  if (status === 400 || status === 413 || status === 422) return "status";
  if (status >= 500) return "nested";
  return "flat";
}

/**
 * An Exa error body. `opts`: shape (default exaShapeFor), message (string, or string[] for the
 * status shape's validation list), tag (flat tag / nested code), requestId, path (the API path,
 * e.g. "/v0/webhooks"), detail (nested), details (added to the flat shape, e.g. retry_after).
 */
export function exaError(status, opts = {}) {
  const [text, defaultTag, type] = EXA_ERRORS[status] ?? [STATUS_CODES[status] ?? "Error", "ERROR", "api_error"];
  const shape = opts.shape ?? exaShapeFor(status);
  const message = opts.message ?? text;
  const tag = opts.tag ?? defaultTag;
  if (shape === "status") {
    return {
      statusCode: status,
      message,
      error: STATUS_CODES[status] ?? "Error",
      path: opts.path ?? "/",
      timestamp: iso(Date.now()),
    };
  }
  const flatMessage = Array.isArray(message) ? message.join("; ") : message;
  if (shape === "nested") {
    const detail = opts.detail ?? `${flatMessage} while handling ${opts.method ?? "the request"} ${opts.path ?? ""}`.trimEnd();
    return { error: { type, code: tag, message: flatMessage, detail }, requestId: opts.requestId };
  }
  const body = { requestId: opts.requestId, error: flatMessage, tag };
  if (opts.details !== undefined) body.details = opts.details;
  return body;
}

/** The generic API's { error, code, ...extra }. */
export function genericError(status, extra) {
  return { error: ERROR_TEXT[status] ?? STATUS_CODES[status] ?? "Error", code: status, ...extra };
}
