# Zero-downtime rotation of the inter-service keys.
#
# Each consumer has two key slots on the app, <consumer>-a and <consumer>-b. Both are always
# valid. Each slot is regenerated on its own schedule, the two schedules half a period
# apart, and the Key Vault secret the consumer reads always holds the NEWER slot. A slot is
# therefore only replaced half a period after consumers were switched away from it.

locals {
  consumers = {
    # APIM -> Patient API: a host key (all Patient API functions are gateway-facing).
    gateway = {
      secret_name = "patient-api-key"
      app_id      = var.patient_api_id
      functions   = []
    }
    # Patient API -> Audit API: a key of CreateAuditRecord only.
    "patient-api" = {
      secret_name = "audit-create-key"
      app_id      = var.audit_api_id
      functions   = [var.audit_create_function]
    }
    # APIM compliance backend -> Audit API: keys of the read functions only.
    compliance = {
      secret_name = "audit-query-key"
      app_id      = var.audit_api_id
      functions   = var.audit_read_functions
    }
  }

  slots = {
    "gateway-a"     = { consumer = "gateway", slot = "a" }
    "gateway-b"     = { consumer = "gateway", slot = "b" }
    "patient-api-a" = { consumer = "patient-api", slot = "a" }
    "patient-api-b" = { consumer = "patient-api", slot = "b" }
    "compliance-a"  = { consumer = "compliance", slot = "a" }
    "compliance-b"  = { consumer = "compliance", slot = "b" }
  }

  host_keys = {
    for name, s in local.slots : name => s if length(local.consumers[s.consumer].functions) == 0
  }

  # One entry per (function, slot): the same slot value is set on every function of its consumer.
  function_key_list = flatten([
    for name, s in local.slots : [
      for fn in local.consumers[s.consumer].functions : {
        id       = "${fn}/${name}"
        slot     = name
        function = fn
        app_id   = local.consumers[s.consumer].app_id
      }
    ]
  ])
  function_keys = { for k in local.function_key_list : k.id => k }

  # The slot whose current value is the more recent one (its rotation base is later).
  newer_slot = {
    for c in keys(local.consumers) : c => format("%s-%s", c, timecmp(time_rotating.slot_a[c].rfc3339, time_rotating.slot_b[c].rfc3339) > 0 ? "a" : "b")
  }

  half_period = "${var.rotation_days * 12}h"
}

# --- Schedules ---

resource "time_rotating" "slot_a" {
  for_each      = local.consumers
  rotation_days = var.rotation_days
}

# Slot b starts half a period after slot a: its base is "slot a's next rotation minus half
# a period", sampled once when slot b is (re)created. ignore_changes keeps slot a's later
# rotations from moving it; each time slot b rotates, it re-samples and stays offset.
resource "time_rotating" "slot_b" {
  for_each      = local.consumers
  rfc3339       = timeadd(time_rotating.slot_a[each.key].rotation_rfc3339, "-${local.half_period}")
  rotation_days = var.rotation_days

  lifecycle {
    ignore_changes = [rfc3339]
  }
}

# --- Key values ---

resource "random_password" "slot" {
  for_each = local.slots

  # Function keys are URL-safe: letters and digits only.
  length  = 64
  special = false

  keepers = {
    rotated_at = each.value.slot == "a" ? time_rotating.slot_a[each.value.consumer].id : time_rotating.slot_b[each.value.consumer].id
  }
}

# --- Keys on the apps (ARM: PUT .../host/default/functionKeys/{name} and
#     PUT .../functions/{function}/keys/{name}, body {properties: {name, value}}; a PUT
#     creates or replaces the named key). An action, not azapi_resource: these paths have no
#     GET for azapi_resource to read back. The host answers only once the code is deployed,
#     hence apply_function_keys. ---

resource "azapi_resource_action" "host_key" {
  for_each = var.apply_function_keys ? local.host_keys : {}

  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = local.consumers[each.value.consumer].app_id
  action      = "host/default/functionKeys/${each.key}"
  method      = "PUT"

  body = {
    properties = {
      name  = each.key
      value = random_password.slot[each.key].result
    }
  }

  lifecycle {
    replace_triggered_by = [random_password.slot[each.key]]
  }
}

resource "azapi_resource_action" "function_key" {
  for_each = var.apply_function_keys ? local.function_keys : {}

  type        = "Microsoft.Web/sites@2024-04-01"
  resource_id = each.value.app_id
  action      = "functions/${each.value.function}/keys/${each.value.slot}"
  method      = "PUT"

  body = {
    properties = {
      name  = each.value.slot
      value = random_password.slot[each.value.slot].result
    }
  }

  lifecycle {
    replace_triggered_by = [random_password.slot[each.value.slot]]
  }
}

# --- What consumers read ---
# Written only after the apps accept the new value (depends_on), so a consumer can never
# read a key the app does not know yet. content_type names the live slot (not secret).

resource "azurerm_key_vault_secret" "consumer_key" {
  for_each = local.consumers

  name         = each.value.secret_name
  value        = random_password.slot[local.newer_slot[each.key]].result
  key_vault_id = var.key_vault_id
  content_type = "function-key; slot=${local.newer_slot[each.key]}"

  depends_on = [azapi_resource_action.host_key, azapi_resource_action.function_key]
}

# --- Make APIM pick up the new version now rather than on its four-hourly refresh ---
# (The apps read their keys with the Key Vault SDK and re-read on a 401; their only Key Vault
# reference, the content-share connection string, never changes on rotation, so there is no
# App Service reference refresh to trigger here.)

resource "azapi_resource_action" "refresh_named_value" {
  for_each = var.apim_named_value_ids

  type        = "Microsoft.ApiManagement/service/namedValues@2022-08-01"
  resource_id = each.value
  action      = "refreshSecret"
  method      = "POST"

  lifecycle {
    replace_triggered_by = [azurerm_key_vault_secret.consumer_key[each.key]]
  }
}

# --- Former audit chain signing key (HMAC) ---
# The register now signs checkpoints with an asymmetric Key Vault key (env-terraform/audit-register.tf).
# The old secret leaves Terraform's state but stays in the vault (recoverable, never destroyed by
# this change) for anyone who must still check records signed before the migration.

removed {
  from = azurerm_key_vault_secret.signing_key
  lifecycle {
    destroy = false
  }
}

removed {
  from = random_bytes.signing_key
  lifecycle {
    destroy = false
  }
}

removed {
  from = time_rotating.signing_key
  lifecycle {
    destroy = false
  }
}
