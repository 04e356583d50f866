#!/usr/bin/env bash
# Distributed Locust runs of the same locustfile: one master that gives out users and gathers statistics, and
# workers that run the users. Locust is single-threaded; one worker per CPU core is the rule.
#
#   locust/distributed.sh local WORKERS [locust options]
#       master and WORKERS workers on this machine (master bound to 127.0.0.1), headless; stops them all.
#   locust/distributed.sh master EXPECTED_WORKERS [locust options]
#       a headless master for workers on other machines: binds LOCUST_MASTER_BIND_HOST (0.0.0.0) port
#       LOCUST_MASTER_PORT (5557), waits up to LOCUST_EXPECT_WORKERS_MAX_WAIT (120) s for the workers.
#   locust/distributed.sh worker MASTER_HOST
#       a worker of the master on MASTER_HOST (port LOCUST_MASTER_PORT); runs until the master ends the test,
#       or at most LOCUST_WORKER_MAX_SECONDS (7200).
#
# Users, spawn rate, run time, host, reports and thresholds are the master's (locust.conf, LOCUST_* variables,
# options); the keys are the workers' (LOCUST_INTEGRATOR_KEY, LOCUST_COMPLIANCE_KEY on every worker machine).
# Examples:
#   LOCUST_INTEGRATOR_KEY=... LOCUST_COMPLIANCE_KEY=... locust/distributed.sh local 2 -u 200 -r 20 -t 5m
#   LOCUST_HOST=https://<apim>.azure-api.net LOCUST_ALLOW_REMOTE=true locust/distributed.sh master 4 -u 1000 -t 10m
#   LOCUST_INTEGRATOR_KEY=... LOCUST_COMPLIANCE_KEY=... LOCUST_ALLOW_REMOTE=true locust/distributed.sh worker 10.1.2.3
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
locust_bin=/usr/bin/locust
port="${LOCUST_MASTER_PORT:-5557}"
mode="${1:-}"
[ "$#" -ge 2 ] || { sed -n '2,20p' "${BASH_SOURCE[0]}" >&2; exit 2; }
shift
[ -x "$locust_bin" ] || { echo "Install Locust first: apt-get install python3-locust" >&2; exit 1; }

# Workers take no run time, users or reports: locust.conf is the master's, so they start from another folder.
run_worker() {
  (cd "$here/.." && exec timeout "${LOCUST_WORKER_MAX_SECONDS:-7200}" "$locust_bin" -f locust/locustfile.py \
      --worker --master-host "$1" --master-port "$port")
}

run_master() {
  local bind="$1" workers="$2"
  shift 2
  (cd "$here" && exec "$locust_bin" --config locust.conf --master --headless --master-bind-host "$bind" \
      --master-bind-port "$port" --expect-workers "$workers" \
      --expect-workers-max-wait "${LOCUST_EXPECT_WORKERS_MAX_WAIT:-120}" "$@")
}

case "$mode" in
  local)
    workers="$1"
    shift
    pids=()
    # shellcheck disable=SC2317  # called by the trap
    cleanup() {
      for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
      done
    }
    trap cleanup EXIT
    for _ in $(seq "$workers"); do
      run_worker 127.0.0.1 &
      pids+=("$!")
    done
    set +e
    run_master 127.0.0.1 "$workers" "$@"
    code=$?
    set -e
    # Workers leave by themselves when the master quits; give them a moment before the trap ends any left.
    for pid in "${pids[@]}"; do
      timeout 15 tail --pid="$pid" -f /dev/null || true
    done
    exit "$code"
    ;;
  master)
    workers="$1"
    shift
    run_master "${LOCUST_MASTER_BIND_HOST:-0.0.0.0}" "$workers" "$@"
    ;;
  worker)
    run_worker "$1"
    ;;
  *)
    sed -n '2,20p' "${BASH_SOURCE[0]}" >&2
    exit 2
    ;;
esac
