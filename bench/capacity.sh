#!/usr/bin/env bash
# Capacity benchmark of the local stack with a native closed-loop load generator (wrk, from Debian), beside the
# floor measured in the same run. Not a test. Loopback only; every run is bounded in time (and seeding in count).
#
#   bench/capacity.sh                      # 1k patients, then grown to 200k and 1M audit records; 20 s per mixed run
#   bench/capacity.sh --quick              # 200 -> 1000 patients, 3 s runs: checks the script works (~2 min)
#
# Steps: start the stack (fresh data, free ports); the floor (3 bare HTTP hops + 2 bare embedded inserts, from
# locust/floor/Floor.java); seed BENCH_SMALL patients; per operation at 1 client (CreatePatient, LoadPatient,
# LoadTest, LoadTests, audit query by patient; the audit append's p50 is read from the Audit API's own request log
# during those runs); the mixed scenario (bench/scenario.lua) at 1, 8 and 32 clients; then seed up to BENCH_LARGE
# patients and BENCH_AUDIT_RECORDS audit records and measure the operations again. Seeding stops the stack, runs
# `./stack seed` on its data (the apps' own services, store adapters and audit register in one process, without
# the HTTP hops: README "Capacity and cost with data"), starts the stack again on the same data and verifies the
# register through the gateway until the verification is complete (or BENCH_VERIFY_SECONDS pass). CPU per request
# is the stack process's CPU time (/proc/PID/stat) over the run, divided by its requests; the load generator's own
# CPU is shown beside it. Prints the tables (also in bench/results/capacity.md).
#
# Settings: BENCH_SMALL (1000), BENCH_LARGE (200000), BENCH_AUDIT_RECORDS (1000000, appended by the seeder in all),
# BENCH_SECONDS (20, per mixed run), BENCH_OP_SECONDS (10, per single-operation run), BENCH_GROW_SECONDS (1800, bound
# on each seeding), BENCH_VERIFY_SECONDS (600, bound on each verification after seeding), BENCH_CLIENTS ("1 8 32"),
# BENCH_WARMUP_SECONDS (120, each warm-up, after each start of the stack).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../locust/local-stack.sh
source locust/local-stack.sh

small="${BENCH_SMALL:-1000}"
large="${BENCH_LARGE:-200000}"
seconds="${BENCH_SECONDS:-20}"
op_seconds="${BENCH_OP_SECONDS:-10}"
audit_records="${BENCH_AUDIT_RECORDS:-1000000}"
grow_seconds="${BENCH_GROW_SECONDS:-1800}"
verify_seconds="${BENCH_VERIFY_SECONDS:-600}"
clients="${BENCH_CLIENTS:-1 8 32}"
warmup_seconds="${BENCH_WARMUP_SECONDS:-120}"
floor_seconds=10
if [ "${1:-}" = "--quick" ]; then
  small=200 large=1000 audit_records=5000 seconds=3 op_seconds=2 grow_seconds=120 floor_seconds=2 warmup_seconds=6
fi
# The small data's audit records: about what the seeder's mix gives its patients (3.76 each).
small_records=$(( small * 4 ))
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
seeds="$STACK_TMP/seeds.jsonl"
verifications="$STACK_TMP/verify.jsonl"
: > "$ids"
: > "$runs"
: > "$seeds"
: > "$verifications"
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

# CPU seconds the JVM's C2 (optimizing) compiler threads have used so far.
jit_seconds() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    if grep -q '^C2 CompilerThre' "$task/comm" 2>/dev/null; then
      total=$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" '{ print t + ($14 + $15) / hz }' "$task/stat")
    fi
  done
  echo "$total"
}

# warm_up: BENCH_WARMUP_SECONDS of the warm-up scenario (every request path of the mixed one, 5% creates) at 8
# clients, in 20 s rounds, printing what the JIT's C2 compiler used in each. A fresh JVM running the whole stack
# compiles for minutes: after the 20 s warm-up this script had before, the C2 thread still took a whole core and the
# stack's throughput doubled over the next two minutes, so the figures measured the compiler, not the system. The
# stack starts twice (small data, then after seeding), so it warms up twice. Not measured.
warm_up() {
  local started=$SECONDS before after round=$(( warmup_seconds < 20 ? warmup_seconds : 20 ))
  while [ $((SECONDS - started)) -lt "$warmup_seconds" ]; do
    before="$(jit_seconds "$STACK_PID")"
    run_wrk warmup warmup 8 "$round"
    after="$(jit_seconds "$STACK_PID")"
    echo "  JIT (C2) CPU in the round: $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.1f", a - b }') s"
  done
}

# Audit records the seeder has appended so far, over every seeding of this run.
seeded_records() {
  "$PYTHON_BIN" -c 'import json, sys; print(sum(json.loads(l)["auditRecords"] for l in open(sys.argv[1]) if l.strip()))' "$seeds"
}

# verify_register: GET /audit/auditrecords/verify through the gateway until a verification is complete (each call
# walks for at most the register's verify budget, 5 s, and the next goes on from there), for at most
# BENCH_VERIFY_SECONDS. Fails the run when the register is reported broken. A walk cut by that bound is reported
# as such (intact as far as it went), and so is a call that fails (on a large register a call can outlast the
# gateway's 30 s backend timeout: the embedded store counts a log's records by reading them); the run goes on.
verify_register() {
  "$PYTHON_BIN" - "$STACK_URL" "$LOCUST_COMPLIANCE_KEY" "$verify_seconds" >> "$verifications" <<'PY'
import json, sys, time, urllib.error, urllib.request
url, key, bound = sys.argv[1] + "/audit/auditrecords/verify", sys.argv[2], float(sys.argv[3])
started, walked, calls, report, error = time.monotonic(), 0, 0, {"intact": None, "complete": False}, None
while True:
    calls += 1
    request = urllib.request.Request(url, headers={"Ocp-Apim-Subscription-Key": key})
    call_started = time.monotonic()
    try:
        report = json.load(urllib.request.urlopen(request, timeout=300))
    except (urllib.error.URLError, OSError) as e:
        error = f"{getattr(e, 'code', type(e).__name__)} after {time.monotonic() - call_started:.0f} s"
        break
    walked += report["records"]
    if not report["intact"] or report["complete"] or time.monotonic() - started > bound:
        break
print(json.dumps({"intact": report["intact"], "complete": report["complete"], "records": walked, "calls": calls,
                  "seconds": round(time.monotonic() - started, 1), "error": error}))
PY
  local verdict
  verdict="$(tail -n 1 "$verifications")"
  echo "  verify through the gateway: $verdict"
  case "$verdict" in
    *'"intact": false'*) echo "The register does not verify intact after seeding" >&2; exit 1 ;;
    *'"error": null'*) ;;
    *) echo "  (the verification could not finish: see above; the run goes on)" >&2 ;;
  esac
}

# seed PATIENTS RECORDS: stops the stack, seeds its data up to PATIENTS patients (3 tests for every 7) and at least
# RECORDS audit records appended by the seeder in all, within BENCH_GROW_SECONDS, then starts the stack again on the
# same data and verifies the register.
seed() {
  local have want records
  have="$(grep -c '^P ' "$ids" || true)"
  want=$(( $1 > have ? $1 - have : 0 ))
  records=$(( $2 - $(seeded_records) ))
  records=$(( records > 0 ? records : 0 ))
  [ "$want" -gt 0 ] || [ "$records" -gt 0 ] || return 0
  echo "Seeding to $1 patients and $2 audit records ($want patients more, at most ${grow_seconds} s)..."
  halt_stack
  # The seeder stops itself after BENCH_GROW_SECONDS; the timeout is a backstop for a seeder that hangs.
  if ! (STACK_TIMEOUT=$((grow_seconds + 300)) stack_command seed --patients "$want" --audit-records "$records" \
      --ids "$ids" --seconds "$grow_seconds") 2>&1 | tee -a "$STACK_TMP/seed.log" | grep --line-buffered '^\[seed\]'; then
    echo "Seeding failed:" >&2
    tail -n 30 "$STACK_TMP/seed.log" >&2
    exit 1
  fi
  tail -n 1 "$STACK_TMP/seed.log" >> "$seeds"
  echo "  seeded: $(tail -n 1 "$seeds"); now $(grep -c '^P ' "$ids") patients, $(grep -c '^T ' "$ids") tests"
  restart_stack
  wait_for_stack 600
  verify_register
}

measure_operations() {
  local size="$1"
  for op in create load-patient load-test load-tests audit-query; do
    run_wrk "ops@$size" "$op" 1 "$op_seconds"
  done
}

seed "$small" "$small_records"
echo "Warming up the JIT (not measured)..."
warm_up
measure_operations small
for c in $clients; do
  run_wrk "mixed@small" mixed "$c" "$seconds"
done
seed "$large" "$audit_records"
echo "Warming up the restarted stack (not measured)..."
warm_up
measure_operations large
for c in $clients; do
  run_wrk "mixed@large" mixed "$c" "$seconds"
done

"$PYTHON_BIN" "$bench/report.py" "$STACK_TMP/floor.json" "$runs" "$ids" "$STACK_TMP/data/logs/stack.jsonl" \
  "$seeds" "$verifications" | tee "$results/capacity.md"
