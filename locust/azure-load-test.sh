#!/usr/bin/env bash
# Runs the locustfile in Azure Load Testing against the APIM gateway: creates or updates the test from
# azure-load-test.yaml (uploading the locustfile and its helper modules), overrides the gateway URL, the load
# and the key secrets, starts a run, waits for it and downloads its results to locust/results/azure-<run id>/.
#
# Needs the Azure CLI logged in (az login) with its load extension (installed on first use), an Azure Load
# Testing resource whose managed identity may read the two Key Vault secrets, and those secrets holding an
# integrator and a compliance subscription key (see README.md, "Azure").
#
#   ALT_RESOURCE=lt-records ALT_RESOURCE_GROUP=rg-loadtest \
#   GATEWAY_URL=https://apim-records.azure-api.net \
#   INTEGRATOR_KEY_SECRET=https://kv-records.vault.azure.net/secrets/loadtest-integrator-key \
#   COMPLIANCE_KEY_SECRET=https://kv-records.vault.azure.net/secrets/loadtest-compliance-key \
#   locust/azure-load-test.sh
#
# Optional: ALT_ENGINES (1), LOAD_USERS per engine (50), LOAD_SPAWN_RATE (5), LOAD_RUN_TIME seconds (600),
# ALT_TEST_ID (patient-records-gateway).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for name in ALT_RESOURCE ALT_RESOURCE_GROUP GATEWAY_URL INTEGRATOR_KEY_SECRET COMPLIANCE_KEY_SECRET; do
  if [ -z "${!name:-}" ]; then
    echo "Set $name (see the header of $0)." >&2
    exit 2
  fi
done
case "$INTEGRATOR_KEY_SECRET$COMPLIANCE_KEY_SECRET" in
  *https://*.vault.azure.net/secrets/*https://*.vault.azure.net/secrets/*) ;;
  *) echo "INTEGRATOR_KEY_SECRET and COMPLIANCE_KEY_SECRET are Key Vault secret URIs, never the keys themselves." >&2
     exit 2 ;;
esac
command -v az >/dev/null || { echo "Install the Azure CLI first." >&2; exit 1; }

test_id="${ALT_TEST_ID:-patient-records-gateway}"
target=(--load-test-resource "$ALT_RESOURCE" --resource-group "$ALT_RESOURCE_GROUP" --test-id "$test_id")
settings=(
  --load-test-config-file "$here/azure-load-test.yaml"
  --engine-instances "${ALT_ENGINES:-1}"
  --env "LOCUST_HOST=$GATEWAY_URL" LOCUST_ALLOW_REMOTE=true "LOCUST_USERS=${LOAD_USERS:-50}"
        "LOCUST_SPAWN_RATE=${LOAD_SPAWN_RATE:-5}" "LOCUST_RUN_TIME=${LOAD_RUN_TIME:-600}"
  --secret "LOCUST_INTEGRATOR_KEY=$INTEGRATOR_KEY_SECRET" "LOCUST_COMPLIANCE_KEY=$COMPLIANCE_KEY_SECRET"
)

if az load test show "${target[@]}" --output none 2>/dev/null; then
  echo "Updating test $test_id..."
  az load test update "${target[@]}" "${settings[@]}" --output none
else
  echo "Creating test $test_id..."
  az load test create "${target[@]}" "${settings[@]}" --output none
fi

run_id="run-$(date -u +%Y%m%dt%H%M%S)"
echo "Starting run $run_id (${ALT_ENGINES:-1} engine(s) x ${LOAD_USERS:-50} users, ${LOAD_RUN_TIME:-600} s)..."
az load test-run create "${target[@]}" --test-run-id "$run_id" \
  --display-name "Patient records $run_id" --description "locust/azure-load-test.sh" --output none

results="$here/results/azure-$run_id"
mkdir -p "$results"
az load test-run download-files --load-test-resource "$ALT_RESOURCE" --resource-group "$ALT_RESOURCE_GROUP" \
  --test-run-id "$run_id" --path "$results" --input --log --result --force
status="$(az load test-run show --load-test-resource "$ALT_RESOURCE" --resource-group "$ALT_RESOURCE_GROUP" \
  --test-run-id "$run_id" --query testResult --output tsv)"
echo "Run $run_id: $status (results in $results)"
[ "$status" = PASSED ]
