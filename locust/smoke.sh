#!/usr/bin/env bash
# Smoke load test for CI: the real local stack (gateway, both apps, stores, vault) in the background on free
# loopback ports, a short headless Locust run through the gateway, and the stack stopped again. Fails on ANY
# failed request, on an operation that never ran, or on a threshold breached; exits with Locust's exit code.
#
#   locust/smoke.sh                 # ~30 s of 4 users after the stack is up
#
# Settings (environment): SMOKE_USERS (4), SMOKE_RUN_TIME (30s), SMOKE_STARTUP_SECONDS (180), and the
# thresholds of thresholds.py (here LOCUST_MAX_FAILURE_RATIO=0 and LOCUST_REQUIRE_ALL_OPERATIONS=true).
# Reports: locust/results/smoke_*.csv, locust/results/smoke.html, the stack log's end in smoke-stack.log.
# Needs the stack's jar: `mvn verify` builds it; without it this script builds it. Installs python3-locust
# from Debian when it is missing.
set -euo pipefail

# shellcheck source=local-stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/local-stack.sh"

users="${SMOKE_USERS:-4}"
run_time="${SMOKE_RUN_TIME:-30s}"

ensure_locust
echo "Checking the locustfile itself (generated data, checks, thresholds, a run against a fake gateway)..."
(cd "$LOCUST_DIR" && "$PYTHON_BIN" -m unittest discover -s tests)

ensure_stack_jar
# shellcheck disable=SC2317  # called by the trap
on_exit() {
  local status=$?
  mkdir -p "$LOCUST_DIR/results"
  stop_stack "$LOCUST_DIR/results/smoke-stack.log"
  if [ "$status" -ne 0 ] && [ -s "$LOCUST_DIR/results/smoke-stack.log" ]; then
    echo "--- last lines of the stack log (locust/results/smoke-stack.log):"
    tail -n 30 "$LOCUST_DIR/results/smoke-stack.log"
  fi
}
trap on_exit EXIT
start_stack
wait_for_stack "${SMOKE_STARTUP_SECONDS:-180}"

mkdir -p "$LOCUST_DIR/results"
set +e
(cd "$LOCUST_DIR" && \
  LOCUST_MAX_FAILURE_RATIO="${LOCUST_MAX_FAILURE_RATIO:-0}" \
  LOCUST_REQUIRE_ALL_OPERATIONS="${LOCUST_REQUIRE_ALL_OPERATIONS:-true}" \
  LOCUST_MAX_P95_MS="${LOCUST_MAX_P95_MS:-3000}" \
  LOCUST_MAX_P99_MS="${LOCUST_MAX_P99_MS:-8000}" \
  timeout 300 "$LOCUST_BIN" --config locust.conf --headless --users "$users" --spawn-rate "$users" \
    --run-time "$run_time" --host "$STACK_URL" --stop-timeout 10 \
    --csv results/smoke --html results/smoke.html --only-summary)
code=$?
set -e
echo "Locust smoke run exit code: $code (reports in locust/results/smoke*)"
exit "$code"
