# --- The keys the platform creates by itself ---
# Every Functions app is born with a "default" host key and a master key (_master), which
# open every function, and which nothing above manages or rotates. No consumer needs them:
# the gateway and the Patient API use their own slots. So the default host key is removed
# and the master key is replaced by a generated value that no consumer is ever given and
# that rotates with the slots. (ARM: DELETE .../host/default/functionKeys/default and
# PUT .../host/default/masterKey/_master.) A request opened with either still carries no
# caller assertion, so the Patient API would refuse it (401) anyway; this removes the keys
# themselves. See RUNBOOK.md "Default host and master keys".

locals {
  platform_key_apps = {
    "patient-api" = var.patient_api_id
    "audit-api"   = var.audit_api_id
  }
}

resource "azapi_resource_action" "remove_default_host_key" {
  for_each = var.apply_function_keys ? local.platform_key_apps : {}

  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = each.value
  action      = "host/default/functionKeys/default"
  method      = "DELETE"
}

resource "time_rotating" "master_key" {
  rotation_days = var.rotation_days
}

resource "random_password" "master_key" {
  for_each = local.platform_key_apps

  length  = 64
  special = false

  keepers = {
    rotated_at = time_rotating.master_key.id
  }
}

resource "azapi_resource_action" "rotate_master_key" {
  for_each = var.apply_function_keys ? local.platform_key_apps : {}

  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = each.value
  action      = "host/default/masterKey/_master"
  method      = "PUT"

  body = {
    properties = {
      name  = "_master"
      value = random_password.master_key[each.key].result
    }
  }

  lifecycle {
    replace_triggered_by = [random_password.master_key[each.key]]
  }
}
