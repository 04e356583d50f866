# shellcheck shell=bash disable=SC2034  # sourced: the callers use LOCUST_DIR, STACK_URL...
# Sourced by smoke.sh and benchmark.sh: Locust from Debian, and the local stack on free loopback ports in the
# background with a throw-away data directory and generated keys. Not meant to be run by itself.
# Callers set `set -euo pipefail` and call stop_stack from an EXIT trap.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCUST_DIR="$REPO_ROOT/locust"
LOCUST_BIN=/usr/bin/locust
PYTHON_BIN=/usr/bin/python3
STACK_JAR="$REPO_ROOT/local-runtime/target/local-runtime.jar"
STACK_PID=""
STACK_TMP=""

# ensure_debian_package BINARY PACKAGE: installs PACKAGE from Debian when BINARY is missing.
ensure_debian_package() {
  if [ -x "$1" ]; then
    return
  fi
  echo "Installing $2 from Debian..."
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  [ -x "$1" ] || { echo "$2 did not provide $1" >&2; exit 1; }
}

# Locust comes from Debian (python3-locust, Locust 2.12 on bookworm) and runs on Debian's python3, whatever
# python3 comes first on PATH.
ensure_locust() {
  ensure_debian_package "$LOCUST_BIN" python3-locust
}

ensure_stack_jar() {
  if [ ! -f "$STACK_JAR" ]; then
    echo "Building the local stack (local-runtime and the modules it needs)..."
    (cd "$REPO_ROOT" && mvn -B -q -ntp -DskipTests -pl local-runtime -am package)
  fi
}

free_port() {
  "$PYTHON_BIN" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

new_key() {
  "$PYTHON_BIN" -c 'import secrets; print(secrets.token_hex(16))'
}

# start_stack: runs the stack in the background on a free gateway port (STACK_URL), every other port free too,
# with fresh keys (INTEGRATOR_KEY, COMPLIANCE_KEY, exported as the names the locustfile reads) and a rate
# limit far above what the run sends, so that no 429 is mistaken for a failure of the system.
start_stack() {
  STACK_TMP="$(mktemp -d "${TMPDIR:-/tmp}/locust-stack.XXXXXX")"
  STACK_PORT="$(free_port)"
  STACK_URL="http://127.0.0.1:$STACK_PORT"
  LOCUST_INTEGRATOR_KEY="$(new_key)"
  LOCUST_COMPLIANCE_KEY="$(new_key)"
  export LOCUST_INTEGRATOR_KEY LOCUST_COMPLIANCE_KEY
  restart_stack
}

# stack_command ARGS...: becomes the stack jar (exec) with this stack's settings (data, ports, keys), so call it in
# the background or in a subshell: then its pid is the JVM's. With STACK_TIMEOUT set (seconds), it runs under
# timeout(1) instead.
stack_command() {
  # STACK_JAVA_OPTS is split into words on purpose (e.g. "-Xmx1g -XX:+UseParallelGC").
  # shellcheck disable=SC2086
  cd "$REPO_ROOT" && exec ${STACK_TIMEOUT:+timeout "$STACK_TIMEOUT"} env \
      STACK_GATEWAY_PORT="$STACK_PORT" STACK_DATA_DIR="$STACK_TMP/data" \
      STACK_PATIENT_API_PORT=0 STACK_AUDIT_API_PORT=0 STACK_PATIENT_STORE_PORT=0 STACK_AUDIT_STORE_PORT=0 \
      STACK_EVENT_GRID_PORT=0 STACK_SUBSCRIBER_PORT=0 \
      STACK_INTEGRATOR_KEY="$LOCUST_INTEGRATOR_KEY" STACK_COMPLIANCE_KEY="$LOCUST_COMPLIANCE_KEY" \
      STACK_RATE_LIMIT_CALLS="${STACK_RATE_LIMIT_CALLS:-1000000}" STACK_RATE_LIMIT_PERIOD="${STACK_RATE_LIMIT_PERIOD:-PT1S}" \
      java ${STACK_JAVA_OPTS:-} -jar "$STACK_JAR" "$@"
}

# restart_stack: starts the stack of start_stack again, on the same data, port and keys (after halt_stack).
restart_stack() {
  stack_command >>"$STACK_TMP/stack.log" 2>&1 &
  STACK_PID=$!
  echo "Stack starting (pid $STACK_PID) on $STACK_URL, log $STACK_TMP/stack.log"
}

# wait_for_stack SECONDS: until an integrator search answers 200 through gateway, Patient API and Audit API.
wait_for_stack() {
  local started=$SECONDS
  local deadline=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      echo "The stack exited while starting:" >&2
      tail -n 40 "$STACK_TMP/stack.log" >&2
      return 1
    fi
    if "$PYTHON_BIN" - "$STACK_URL" <<'EOF' 2>/dev/null
import os, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/patient/search?limit=1", data=b"{}", method="POST", headers={
    "Content-Type": "application/json", "Ocp-Apim-Subscription-Key": os.environ["LOCUST_INTEGRATOR_KEY"]})
sys.exit(0 if urllib.request.urlopen(request, timeout=5).status == 200 else 1)
EOF
    then
      echo "Stack ready after $((SECONDS - started)) s"
      return 0
    fi
    sleep 1
  done
  echo "The stack did not answer within $1 s:" >&2
  tail -n 40 "$STACK_TMP/stack.log" >&2
  return 1
}

# stop_stack [FILE]: stops the stack started here (SIGTERM: it drains and closes within STACK_DRAIN_TIMEOUT, 10 s,
# so 30 s is ample before SIGKILL) and removes its data and log, keeping the log's
# last lines in FILE when given. A stack that is no longer running when stopped is reported.
stop_stack() {
  if [ -n "$STACK_PID" ] && ! kill -0 "$STACK_PID" 2>/dev/null; then
    echo "The stack (pid $STACK_PID) had already exited." >&2
  fi
  if [ -n "${1:-}" ] && [ -f "$STACK_TMP/stack.log" ]; then
    tail -n 200 "$STACK_TMP/stack.log" > "$1"
  fi
  halt_stack
  if [ -n "$STACK_TMP" ]; then
    rm -rf "$STACK_TMP"
  fi
}

# halt_stack: stops the stack as stop_stack does, keeping its data and log (restart_stack starts it again).
halt_stack() {
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill "$STACK_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$STACK_PID" 2>/dev/null && [ "$waited" -lt 30 ]; do
      sleep 1
      waited=$((waited + 1))
    done
    kill -9 "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
  STACK_PID=""
}
