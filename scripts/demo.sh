#!/usr/bin/env bash
# The demo: installs the tools, builds the package, then serves the dashboard (www/) next to a
# local mock of the webhook API, so it works without any account.
#
#   bash scripts/demo.sh            # then open the printed "Demo: ..." URL; Ctrl-C stops everything
#
# Environment:
#   MOCK_PORT=8787               port of the mock API
#   DEMO_PORT=8080               port of the dashboard
#   DEMO_BUILD=auto              auto: build when pkg/ is missing or older than the sources;
#                                always: build every time; never: use pkg/ as it is
#   DEMO_EXIT_AFTER_START=1      start both servers, print the URL, check both answer, stop, exit 0
set -euo pipefail
cd "$(dirname "$0")/.."

MOCK_PORT=${MOCK_PORT:-8787}
DEMO_PORT=${DEMO_PORT:-8080}
DEMO_BUILD=${DEMO_BUILD:-auto}
HOST=127.0.0.1
log() { printf '[demo] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

for p in "$MOCK_PORT" "$DEMO_PORT"; do
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "ports must be numbers 1..65535 (got '$p')"
done
[ "$MOCK_PORT" != "$DEMO_PORT" ] || die "MOCK_PORT and DEMO_PORT must differ"

# 1. Tools (idempotent and quick when everything is there).
bash scripts/setup.sh

# 2. The package.
needs_build() {
  local out
  for out in pkg/package.json pkg/web/webhook_delete.js pkg/web/webhook_delete_bg.wasm pkg/node/webhook_delete.js; do
    [ -f "$out" ] || return 0
  done
  # Any source newer than the oldest output means pkg/ is stale.
  local oldest
  oldest=$(ls -1tr pkg/package.json pkg/web/webhook_delete.js pkg/web/webhook_delete_bg.wasm pkg/node/webhook_delete.js | head -n 1)
  [ -n "$(find src js Cargo.toml Cargo.lock scripts/build.sh scripts/finish-pkg.mjs -newer "$oldest" -type f -print -quit 2>/dev/null)" ]
}
case "$DEMO_BUILD" in
  always) bash scripts/build.sh ;;
  never) [ -f pkg/web/webhook_delete.js ] || die "pkg/web is missing; run bash scripts/build.sh" ;;
  auto)
    if needs_build; then bash scripts/build.sh; else log "pkg/ is up to date (DEMO_BUILD=always rebuilds)"; fi ;;
  *) die "DEMO_BUILD must be auto, always or never" ;;
esac

# 3. Servers.
command -v curl >/dev/null || die "curl is required"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/webhook-delete-demo.XXXXXX")
mock_pid=""
static_pid=""
cleanup() {
  local pid
  for pid in "$static_pid" "$mock_pid"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$static_pid" "$mock_pid"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'log "stopping"; exit 0' INT TERM

node tests/mock/server.mjs --port "$MOCK_PORT" --host "$HOST" >"$tmp/mock.log" 2>&1 &
mock_pid=$!
node scripts/serve.mjs --port "$DEMO_PORT" --host "$HOST" >"$tmp/static.log" 2>&1 &
static_pid=$!

MOCK_URL="http://$HOST:$MOCK_PORT"
DEMO_URL="http://$HOST:$DEMO_PORT"
wait_for() { # name pid url
  local i
  for i in $(seq 1 100); do
    if curl -fsS -o /dev/null --max-time 2 "$3" 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then
      log "$1 exited:"; sed 's/^/  /' "$tmp/$1.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "$1 did not answer at $3 within 10 s"; return 1
}
wait_for mock "$mock_pid" "$MOCK_URL/__mock/health" || die "the mock API did not start (is port $MOCK_PORT free?)"
wait_for static "$static_pid" "$DEMO_URL/" || die "the static server did not start (is port $DEMO_PORT free?)"

echo "Demo: $DEMO_URL/?api=$MOCK_URL"

if [ "${DEMO_EXIT_AFTER_START:-}" = 1 ]; then
  curl -fsS -o /dev/null "$DEMO_URL/app.js" || die "the dashboard's app.js is not served"
  curl -fsS -o /dev/null "$DEMO_URL/pkg/web/webhook_delete_bg.wasm" || die "the package's wasm is not served"
  curl -fsS -o /dev/null -H "Authorization: Bearer test-key" "$MOCK_URL/generic/webhooks" || die "the mock API does not list webhooks"
  log "both servers answer; stopping (DEMO_EXIT_AFTER_START=1)"
  exit 0
fi

log "mock API at $MOCK_URL (generic: /generic, exa: /exa, key test-key); press Ctrl-C to stop"
# Returns when a server dies or a signal arrives (the INT/TERM trap then runs the cleanup).
wait -n "$mock_pid" "$static_pid" || true
log "a server stopped unexpectedly:"
sed 's/^/  /' "$tmp/mock.log" "$tmp/static.log" >&2 || true
exit 1
