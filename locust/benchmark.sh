#!/usr/bin/env bash
# Benchmark of the local stack: Locust headless at several user counts, each on a fresh stack, plus the floor
# (one bare HTTP hop, one bare store insert) measured on the same machine in the same run. Writes
# locust/results/benchmark.md (the table README.md records) and prints it. Loopback only; every step bounded.
#
#   locust/benchmark.sh                           # 10, 50 and 100 users, 60 s each
#   BENCH_USERS="10 20" BENCH_RUN_TIME=30s locust/benchmark.sh
#
# Settings: BENCH_USERS ("10 50 100"), BENCH_RUN_TIME (60s), BENCH_SPAWN_RATE (10 users/s),
# BENCH_WARMUP_TIME (20s of 10 users on each fresh stack before it is measured, so that the figures are of a
# warm JVM, not of its just-in-time compiler), BENCH_FLOOR_SECONDS (15 per floor measure), and the scenario's
# LOCUST_WAIT_MIN/MAX (think time, 0.5-2 s).
set -euo pipefail

# shellcheck source=local-stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/local-stack.sh"

levels="${BENCH_USERS:-10 50 100}"
run_time="${BENCH_RUN_TIME:-60s}"
spawn_rate="${BENCH_SPAWN_RATE:-10}"
results="$LOCUST_DIR/results"

ensure_locust
ensure_stack_jar
trap stop_stack EXIT
mkdir -p "$results"
rm -f "$results"/bench_u*

# CPU seconds (user + system) a process has used so far, from /proc.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

first=1
for users in $levels; do
  start_stack
  wait_for_stack 180
  if [ "$first" = 1 ]; then
    echo "Measuring the floor against $STACK_URL..."
    (cd "$REPO_ROOT" && timeout 300 java -cp "local-runtime/target/local-runtime.jar:local-runtime/target/lib/*" \
        locust/floor/Floor.java "$STACK_URL" "${BENCH_FLOOR_SECONDS:-15}") > "$results/floor.json"
    cat "$results/floor.json"
    first=0
  fi
  echo "Warming the stack up (${BENCH_WARMUP_TIME:-20s}, not measured)..."
  (cd "$LOCUST_DIR" && LOCUST_MAX_FAILURE_RATIO=1 timeout 300 "$LOCUST_BIN" --config locust.conf --headless \
      --users 10 --spawn-rate 10 --run-time "${BENCH_WARMUP_TIME:-20s}" --host "$STACK_URL" --stop-timeout 10 \
      --only-summary --csv "results/bench_warmup" --html "results/bench_warmup.html" >/dev/null 2>&1) || true
  echo "Running $users users for $run_time..."
  stack_before="$(cpu_seconds "$STACK_PID")"
  locust_log="$results/bench_u${users}.log"
  started=$SECONDS
  set +e
  # A subshell, so that `times` there reports only the CPU of this Locust run (to a file: in a pipe it would
  # report a subshell of its own).
  locust_cpu="$(cd "$LOCUST_DIR" && \
    LOCUST_MAX_FAILURE_RATIO="${LOCUST_MAX_FAILURE_RATIO:-0.01}" \
    timeout 900 "$LOCUST_BIN" --config locust.conf --headless --users "$users" --spawn-rate "$spawn_rate" \
      --run-time "$run_time" --host "$STACK_URL" --stop-timeout 10 --only-summary \
      --csv "results/bench_u${users}" --html "results/bench_u${users}.html" >"$locust_log" 2>&1
    echo "exit_code=$?"
    times > "results/bench_u${users}.times"
    awk 'NR == 2 { gsub(/[ms]/, " "); print "locust_cpu=" ($1 * 60 + $2 + $3 * 60 + $4) }' "results/bench_u${users}.times")"
  set -e
  {
    echo "seconds=$((SECONDS - started))"
    echo "stack_cpu=$(awk -v a="$stack_before" -v b="$(cpu_seconds "$STACK_PID")" 'BEGIN { print b - a }')"
    echo "$locust_cpu"
  } > "$results/bench_u${users}.meta"
  cat "$results/bench_u${users}.meta"
  grep -A40 '^request ' "$locust_log" | grep -E '^(Aggregated|PASSED|FAILED|  - )' || true
  stop_stack "$results/bench_u${users}-stack.log"
done

# shellcheck disable=SC2086
"$PYTHON_BIN" "$LOCUST_DIR/bench_report.py" "$results" $levels > "$results/benchmark.md"
echo
cat "$results/benchmark.md"
