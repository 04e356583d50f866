#!/usr/bin/env bash
# Builds both Functions apps and zip-deploys the azure-functions-maven-plugin output to the
# apps this Terraform created. Run from a host that can reach the apps' SCM sites: inside
# the VNet, or during a deployment window opened with deployer_ip_ranges (README.md).
#
#   env-terraform/deploy.sh            # names from `terraform output`
#   SKIP_BUILD=1 env-terraform/deploy.sh
#
# Equivalent with the Maven plugin (same names):
#   mvn -B -pl patient-api azure-functions:deploy -DfunctionAppName=<app> \
#       -DfunctionResourceGroup=<rg> -DfunctionRegion=<region>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"

tf_output() {
  terraform -chdir="${here}" output -raw "$1"
}

resource_group="${FUNCTION_RESOURCE_GROUP:-$(tf_output resource_group_name)}"
region="${FUNCTION_REGION:-$(tf_output location)}"
patient_app="${PATIENT_API_APP_NAME:-$(tf_output patient_api_app_name)}"
audit_app="${AUDIT_API_APP_NAME:-$(tf_output audit_api_app_name)}"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The plugin's package goal is bound in each app's build; -D sets the names it writes
  # into the staging folder, so the package matches the target app.
  mvn -B -f "${repo}/pom.xml" -pl patient-api,audit-api -am package -DskipTests \
    -DfunctionResourceGroup="${resource_group}" -DfunctionRegion="${region}"
fi

deploy() {
  local app="$1" staging="$2"
  if [[ ! -f "${staging}/host.json" ]]; then
    echo "No packaged app in ${staging} (missing host.json); run without SKIP_BUILD" >&2
    exit 1
  fi
  local zip
  zip="$(mktemp -d)/${app}.zip"
  # Zip the folder's content, not the folder: host.json must be at the root of the package.
  (cd "${staging}" && zip -q -r "${zip}" .)
  echo "Deploying ${staging} to ${app} (${resource_group})"
  az functionapp deployment source config-zip \
    --resource-group "${resource_group}" \
    --name "${app}" \
    --src "${zip}" \
    --timeout 600
  rm -f "${zip}"
}

# The Audit API first: the Patient API writes audit records before every patient write.
deploy "${audit_app}" "${repo}/audit-api/target/azure-functions/audit-api"
deploy "${patient_app}" "${repo}/patient-api/target/azure-functions/patient-api"

echo "Deployed. If this was the first deployment of the environment, run"
echo "  terraform apply -var-file=<env>.tfvars -var apply_function_keys=true"
echo "so the gateway and inter-service keys are set on the now-existing functions."
