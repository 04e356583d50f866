#!/usr/bin/env bash
# Capacity benchmark of the local stack with a native closed-loop load generator (wrk, from Debian), beside the
# floor measured in the same run. Not a test. Loopback only; every run is bounded in time (and seeding in count).
#
#   bench/capacity.sh                      # 1k patients, then grown to 200k; 20 s per measured run
#   bench/capacity.sh --quick              # 200 -> 1000 patients, 3 s runs: checks the script works (~1 min)
#
# Steps: start the stack (fresh data, free ports); the floor (3 bare HTTP hops + 2 bare embedded inserts, from
# locust/floor/Floor.java); seed BENCH_SMALL patients (with tests) through the API; per operation at 1 client
# (CreatePatient, LoadPatient, LoadTest, LoadTests, audit query by patient; the audit append's p50 is read
# from the Audit API's own request log during those runs); the mixed scenario (bench/scenario.lua) at 1, 8 and
# 32 clients; then grow to BENCH_LARGE patients through the API and measure the operations again. CPU per
# request is the stack process's CPU time (/proc/PID/stat) over the run, divided by its requests; the load
# generator's own CPU is shown beside it. Prints one table (also in bench/results/capacity.md).
#
# Settings: BENCH_SMALL (1000), BENCH_LARGE (200000), BENCH_SECONDS (20, per mixed run), BENCH_OP_SECONDS (10,
# per single-operation run), BENCH_GROW_SECONDS (1800, bound on growing), BENCH_CLIENTS ("1 8 32").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../locust/local-stack.sh
source locust/local-stack.sh

small="${BENCH_SMALL:-1000}"
large="${BENCH_LARGE:-200000}"
seconds="${BENCH_SECONDS:-20}"
op_seconds="${BENCH_OP_SECONDS:-10}"
grow_seconds="${BENCH_GROW_SECONDS:-1800}"
clients="${BENCH_CLIENTS:-1 8 32}"
floor_seconds=10
if [ "${1:-}" = "--quick" ]; then
  small=200 large=1000 seconds=3 op_seconds=2 grow_seconds=60 floor_seconds=2
fi
bench="$REPO_ROOT/bench"
results="$bench/results"
scenario="$bench/scenario.lua"
mkdir -p "$results"

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

ensure_debian_package /usr/bin/wrk wrk
ensure_stack_jar
[ -x "$PYTHON_BIN" ] || { echo "$PYTHON_BIN is needed (for free ports and the report)" >&2; exit 1; }
trap stop_stack EXIT
start_stack
wait_for_stack 180
export BENCH_INTEGRATOR_KEY="$LOCUST_INTEGRATOR_KEY" BENCH_COMPLIANCE_KEY="$LOCUST_COMPLIANCE_KEY"
ids="$STACK_TMP/ids"
export BENCH_IDS="$ids" BENCH_IDS_OUT="$STACK_TMP/created"
runs="$STACK_TMP/runs.jsonl"
: > "$ids"
: > "$runs"
host_url="$STACK_URL"

echo "Measuring the floor..."
timeout 300 java -cp "local-runtime/target/local-runtime.jar:local-runtime/target/lib/*" \
  locust/floor/Floor.java "$STACK_URL" "$floor_seconds" > "$STACK_TMP/floor.json"

collect_ids() {
  cat "$STACK_TMP"/created.* >> "$ids" 2>/dev/null || true
  rm -f "$STACK_TMP"/created.*
}

# run_wrk LABEL SCENARIO CLIENTS SECONDS: one bounded wrk run; appends its figures to runs.jsonl.
run_wrk() {
  local label="$1" name="$2" conns="$3" secs="$4"
  local threads=$(( conns < 2 ? 1 : 2 ))
  local before after wrk_out started_at
  before="$(cpu_seconds "$STACK_PID")"
  started_at="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
  # A subshell whose `times` reports the CPU of this wrk alone.
  wrk_out="$( (BENCH_SCENARIO="$name" timeout $((secs + 60)) \
      wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "$scenario" "$host_url" | tail -n 1; times) )"
  after="$(cpu_seconds "$STACK_PID")"
  collect_ids
  "$PYTHON_BIN" - "$label" "$name" "$conns" "$before" "$after" "$started_at" "$wrk_out" \
      "$(grep -c '^P ' "$ids" || true)" >> "$runs" <<'PY'
import json, re, sys
label, name, conns, before, after, started, out, patients = sys.argv[1:]
lines = out.strip().splitlines()
run = json.loads(lines[0])
# `times` prints shell then children user/system, as 0m1.234s.
child = re.findall(r"(\d+)m([\d.]+)s", lines[-1])
wrk_cpu = sum(int(m) * 60 + float(s) for m, s in child)
n = max(run["requests"], 1)
run.update(label=label, scenario=name, clients=int(conns), started=started, patients=int(patients),
           rps=run["requests"] / max(run["seconds"], 1e-9),
           stack_cpu_ms=(float(after) - float(before)) * 1000 / n, wrk_cpu_ms=wrk_cpu * 1000 / n)
print(json.dumps(run))
PY
  echo "  $label $name x$conns: $(tail -n 1 "$runs")"
}

# seed COUNT: creates patients (and 3 tests for every 7 patients) through the API until COUNT patients exist or
# BENCH_GROW_SECONDS pass; wrk runs for its whole duration, so it is interrupted (SIGINT: it reports and exits).
seed() {
  local have want wrk_pid deadline made
  have="$(grep -c '^P ' "$ids" || true)"
  want=$(( $1 - have ))
  [ "$want" -gt 0 ] || return 0
  echo "Growing to $1 patients ($want more, at most ${grow_seconds} s)..."
  BENCH_SCENARIO=seed wrk -t2 -c16 -d"${grow_seconds}s" --timeout 10s -s "$scenario" "$host_url" \
    > "$STACK_TMP/grow.log" 2>&1 &
  wrk_pid=$!
  deadline=$((SECONDS + grow_seconds + 30))
  while kill -0 "$wrk_pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    made="$(cat "$STACK_TMP"/created.* 2>/dev/null | grep -c '^P ' || true)"
    if [ "$made" -ge "$want" ]; then
      kill -INT "$wrk_pid" 2>/dev/null || true
      break
    fi
    sleep 1
  done
  wait "$wrk_pid" || true
  collect_ids
  echo "  now $(grep -c '^P ' "$ids") patients, $(grep -c '^T ' "$ids") tests; $(tail -n 1 "$STACK_TMP/grow.log")"
}

measure_operations() {
  local size="$1"
  for op in create load-patient load-test load-tests audit-query; do
    run_wrk "ops@$size" "$op" 1 "$op_seconds"
  done
}

seed "$small"
echo "Warming up (not measured)..."
run_wrk warmup mixed 8 "$seconds"
measure_operations small
for c in $clients; do
  run_wrk "mixed@small" mixed "$c" "$seconds"
done
seed "$large"
measure_operations large
for c in $clients; do
  run_wrk "mixed@large" mixed "$c" "$seconds"
done

"$PYTHON_BIN" "$bench/report.py" "$STACK_TMP/floor.json" "$runs" "$ids" "$STACK_TMP/data/logs/stack.jsonl" \
  | tee "$results/capacity.md"
