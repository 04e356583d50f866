# --- The gateway asserts who is calling; the apps verify it (SYSTEM.md section 5) ---
# APIM signs a short-lived caller assertion per request with gateway-assertion-key (policy
# policies/api-inbound.xml); both apps verify it with the slot secrets. The keys are
# generated and rotated by the key-rotation module (caller-assertion.tf there).

resource "azurerm_api_management_named_value" "caller_assertion_key" {
  name                = "gateway-assertion-key"
  resource_group_name = azurerm_resource_group.this.name
  api_management_name = azurerm_api_management.this.name
  display_name        = "gateway-assertion-key"
  secret              = true

  value_from_key_vault {
    secret_id = module.key_rotation.caller_assertion_secret_versionless_ids["gateway-assertion-key"]
  }

  depends_on = [azurerm_role_assignment.reads_caller_assertion_key]
}

# Least privilege, one row per (reader, secret) as in keyvault.tf: APIM reads only the
# signing secret, each app only the two slots it verifies with.
locals {
  caller_assertion_readers = {
    "gateway reads gateway-assertion-key" = {
      principal_id = azurerm_api_management.this.identity[0].principal_id
      secret       = "gateway-assertion-key"
    }
    "patient-api reads gateway-assertion-key-a" = {
      principal_id = module.function_app["patient-api"].principal_id
      secret       = "gateway-assertion-key-a"
    }
    "patient-api reads gateway-assertion-key-b" = {
      principal_id = module.function_app["patient-api"].principal_id
      secret       = "gateway-assertion-key-b"
    }
    "audit-api reads gateway-assertion-key-a" = {
      principal_id = module.function_app["audit-api"].principal_id
      secret       = "gateway-assertion-key-a"
    }
    "audit-api reads gateway-assertion-key-b" = {
      principal_id = module.function_app["audit-api"].principal_id
      secret       = "gateway-assertion-key-b"
    }
  }
}

resource "azurerm_role_assignment" "reads_caller_assertion_key" {
  for_each = local.caller_assertion_readers

  scope                = module.key_rotation.caller_assertion_secret_resource_ids[each.value.secret]
  role_definition_name = "Key Vault Secrets User"
  principal_id         = each.value.principal_id
  principal_type       = "ServicePrincipal"
}
