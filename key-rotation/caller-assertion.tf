# --- The gateway's caller-assertion key (HS256, common/caller CallerAssertions) ---
# Two slots, as the inter-service keys: the apps verify with both slot secrets
# (gateway-assertion-key-a and -b, always valid); APIM signs with gateway-assertion-key,
# which holds "<newer slot>.<its key>" and names the slot as the assertion's kid. A slot is
# regenerated half a period after APIM moved to the other one, so no assertion in flight
# (they live 60 s) is ever signed with a key being replaced.

resource "time_rotating" "assertion_slot_a" {
  rotation_days = var.rotation_days
}

resource "time_rotating" "assertion_slot_b" {
  rfc3339       = timeadd(time_rotating.assertion_slot_a.rotation_rfc3339, "-${local.half_period}")
  rotation_days = var.rotation_days

  lifecycle {
    ignore_changes = [rfc3339]
  }
}

locals {
  assertion_slots = {
    a = time_rotating.assertion_slot_a.id
    b = time_rotating.assertion_slot_b.id
  }
  assertion_newer_slot = timecmp(time_rotating.assertion_slot_a.rfc3339, time_rotating.assertion_slot_b.rfc3339) > 0 ? "a" : "b"
}

resource "random_password" "assertion_slot" {
  for_each = local.assertion_slots

  length  = 64
  special = false

  keepers = {
    rotated_at = each.value
  }
}

resource "azurerm_key_vault_secret" "assertion_slot" {
  for_each = local.assertion_slots

  name         = "gateway-assertion-key-${each.key}"
  value        = random_password.assertion_slot[each.key].result
  key_vault_id = var.key_vault_id
  content_type = "hmac-sha256-key; caller-assertion slot ${each.key}"
}

# Written after both slots, so the apps can always read the slot APIM signs with.
resource "azurerm_key_vault_secret" "assertion_signing" {
  name         = "gateway-assertion-key"
  value        = "${local.assertion_newer_slot}.${random_password.assertion_slot[local.assertion_newer_slot].result}"
  key_vault_id = var.key_vault_id
  content_type = "caller-assertion signing key; slot=${local.assertion_newer_slot}"

  depends_on = [azurerm_key_vault_secret.assertion_slot]
}

# APIM picks the new slot up now rather than on its four-hourly refresh.
resource "azapi_resource_action" "refresh_assertion_named_value" {
  count = var.apim_assertion_named_value_id == null ? 0 : 1

  type        = "Microsoft.ApiManagement/service/namedValues@2022-08-01"
  resource_id = var.apim_assertion_named_value_id
  action      = "refreshSecret"
  method      = "POST"

  lifecycle {
    replace_triggered_by = [azurerm_key_vault_secret.assertion_signing]
  }
}

variable "apim_assertion_named_value_id" {
  description = "The API Management named value backed by gateway-assertion-key, refreshed when it changes; null when no APIM holds it."
  type        = string
  default     = null
}

output "caller_assertion_secret_resource_ids" {
  description = "ARM resource ID (versionless) of each caller-assertion secret, by name: the scope of its reader's role assignment."
  value = merge(
    { for slot, s in azurerm_key_vault_secret.assertion_slot : s.name => s.resource_versionless_id },
    { "gateway-assertion-key" = azurerm_key_vault_secret.assertion_signing.resource_versionless_id },
  )
}

output "caller_assertion_secret_versionless_ids" {
  description = "Versionless data-plane ID of each caller-assertion secret, by name, for APIM's named value (follows new versions)."
  value = merge(
    { for slot, s in azurerm_key_vault_secret.assertion_slot : s.name => s.versionless_id },
    { "gateway-assertion-key" = azurerm_key_vault_secret.assertion_signing.versionless_id },
  )
}
