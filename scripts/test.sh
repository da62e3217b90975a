#!/usr/bin/env bash
# The test command of the README (and of CI): installs what is missing, then runs every suite and
# checks that each runner ran exactly the number of tests it should. A runner that ran zero tests,
# or fewer than expected, fails the whole run.
#   1. native core tests (cargo test)            4. the same wasm tests in headless Chromium
#   2. build pkg/ (release)                      5. Node tests: mock, package, CLI, sink, types, size
#   3. wasm tests in Node against the mock API   6. Playwright tests of the demo; 7. benchmarks, quick mode
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
logs="${TMPDIR:-/tmp}/webhook-delete-test-logs"
rm -rf "$logs" && mkdir -p "$logs"
total_passed=0
summary=()

# check NAME EXPECTED PASSED FAILED
check() {
  local name=$1 expected=$2 passed=$3 failed=$4
  summary+=("$(printf '%-28s %4s passed, %s failed (expected %s)' "$name" "$passed" "$failed" "$expected")")
  if [ "$failed" != 0 ] || [ "$passed" != "$expected" ] || [ "$expected" = 0 ]; then
    printf '%s\n' "${summary[@]}" >&2
    echo "FAILED: $name ran $passed of $expected expected tests with $failed failures (logs: $logs)" >&2
    exit 1
  fi
  total_passed=$((total_passed + passed))
}

# Sums "test result: ok. N passed; M failed" lines of cargo/wasm-bindgen-test output.
cargo_counts() { awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } } END { print p + 0, f + 0 }' "$1"; }
# Reads "# pass N" / "# fail M" of node's test runner.
node_counts() { awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { print p + 0, f + 0 }' "$1"; }

echo "== native core tests" >&2
expected=$(grep -rh '#\[test\]' src | wc -l)
cargo test --lib --quiet 2>&1 | tee "$logs/native.log" >&2 || true
read -r p f < <(cargo_counts "$logs/native.log")
check "native (cargo test)" "$expected" "$p" "$f"

echo "== build pkg/" >&2
bash scripts/build.sh

echo "== mock API" >&2
node tests/mock/server.mjs --port 0 > "$logs/mock.out" 2> "$logs/mock.err" &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^MOCK_API_URL=' "$logs/mock.out" 2>/dev/null && break; sleep 0.1; done
MOCK_API_URL=$(sed -n 's/^MOCK_API_URL=//p' "$logs/mock.out" | head -1)
[ -n "$MOCK_API_URL" ] || { echo "the mock API did not start" >&2; cat "$logs/mock.err" >&2; exit 1; }
export MOCK_API_URL
echo "mock API at $MOCK_API_URL" >&2

expected=$(grep -cE '^\s+[a-z0-9_]+ => "[A-Za-z0-9]+",$' tests/e2e.rs)
export WASM_BINDGEN_TEST_TIMEOUT=300
echo "== wasm tests in Node" >&2
wasm-pack test --node --mode no-install 2>&1 | tee "$logs/wasm-node.log" >&2 || true
read -r p f < <(cargo_counts "$logs/wasm-node.log")
check "wasm (Node)" "$expected" "$p" "$f"

echo "== wasm tests in headless Chromium" >&2
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install \
  2>&1 | tee "$logs/wasm-chromium.log" >&2 || true
read -r p f < <(cargo_counts "$logs/wasm-chromium.log")
check "wasm (headless Chromium)" "$expected" "$p" "$f"

run_node_suite() {
  local name=$1; shift
  local files=("$@")
  local expected
  expected=$(grep -hcE '^\s*(test|it)\(' "${files[@]}" | awk '{ s += $1 } END { print s + 0 }')
  node --test --test-concurrency=1 "${files[@]}" > "$logs/$name.log" 2>&1 || true
  cat "$logs/$name.log" >&2
  read -r p f < <(node_counts "$logs/$name.log")
  check "$name" "$expected" "$p" "$f"
}

echo "== Node tests" >&2
mapfile -t node_tests < <(ls tests/mock/*.test.mjs tests/js/*.test.mjs tests/package/*.test.mjs 2>/dev/null)
run_node_suite "node (package, CLI, mock)" "${node_tests[@]}"

if ls tests/browser/*.test.mjs >/dev/null 2>&1; then
  echo "== browser tests (Playwright)" >&2
  mapfile -t browser_tests < <(ls tests/browser/*.test.mjs)
  run_node_suite "browser (Playwright)" "${browser_tests[@]}"
fi

if ls bench/*.test.mjs >/dev/null 2>&1; then
  echo "== benchmarks, quick mode" >&2
  mapfile -t bench_tests < <(ls bench/*.test.mjs)
  run_node_suite "benchmarks (quick)" "${bench_tests[@]}"
fi

printf '%s\n' "${summary[@]}"
echo "all: $total_passed passed, 0 failed"
