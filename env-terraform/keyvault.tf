resource "azurerm_key_vault" "this" {
  name                       = "kv-${local.base}-${local.suffix}"
  location                   = azurerm_resource_group.this.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = var.key_vault_sku_name
  rbac_authorization_enabled = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 90

  # Private endpoint only. The public endpoint opens solely while deployer_ip_ranges is
  # non-empty, and then only to those ranges (README: "Where Terraform runs").
  public_network_access_enabled = length(var.deployer_ip_ranges) > 0

  network_acls {
    default_action = "Deny"
    bypass         = "None"
    ip_rules       = var.deployer_ip_ranges
  }

  tags = local.tags
}

# Terraform writes the secrets, so the identity running it needs data-plane write access.
# This is the one role assignment on the vault that is not a secret-scoped reader.
resource "azurerm_role_assignment" "deployer_secrets_officer" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

# Role assignments take a while to reach the Key Vault data plane.
resource "time_sleep" "deployer_rbac_propagation" {
  create_duration = "60s"
  depends_on      = [azurerm_role_assignment.deployer_secrets_officer, azurerm_private_endpoint.this]
}

# --- Connection strings, read by each app itself through its managed identity ---
# patient-mongodb-uri and audit-mongodb-uri. Cosmos DB for MongoDB does not support
# retryable writes; the flag is made explicit should the service-generated string ever
# stop carrying it.

resource "azurerm_key_vault_secret" "mongodb_uri" {
  for_each = local.cosmos_accounts

  name         = "${each.value.short}-mongodb-uri"
  value        = format(length(regexall("(?i)retrywrites=false", azurerm_cosmosdb_account.this[each.key].primary_mongodb_connection_string)) > 0 ? "%s" : "%s&retryWrites=false", azurerm_cosmosdb_account.this[each.key].primary_mongodb_connection_string)
  key_vault_id = azurerm_key_vault.this.id
  content_type = "mongodb-connection-string"
  depends_on   = [time_sleep.deployer_rbac_propagation]
}

# --- Least privilege: each identity reads exactly the secrets it needs ---
# One row per (reader, secret), each an assignment of "Key Vault Secrets User" scoped to that
# secret alone, so a review of this table is a review of who can read what.

locals {
  secret_readers = {
    "patient-api reads patient-mongodb-uri" = {
      principal_id = module.function_app["patient-api"].principal_id
      scope        = azurerm_key_vault_secret.mongodb_uri["patient-api"].resource_versionless_id
    }
    "patient-api reads audit-create-key" = {
      principal_id = module.function_app["patient-api"].principal_id
      scope        = module.key_rotation.secret_resource_ids["audit-create-key"]
    }
    "audit-api reads audit-mongodb-uri" = {
      principal_id = module.function_app["audit-api"].principal_id
      scope        = azurerm_key_vault_secret.mongodb_uri["audit-api"].resource_versionless_id
    }
    "gateway reads patient-api-key" = {
      principal_id = azurerm_api_management.this.identity[0].principal_id
      scope        = module.key_rotation.secret_resource_ids["patient-api-key"]
    }
    "gateway reads audit-query-key" = {
      principal_id = azurerm_api_management.this.identity[0].principal_id
      scope        = module.key_rotation.secret_resource_ids["audit-query-key"]
    }
  }
}

resource "azurerm_role_assignment" "reads_secret" {
  for_each = local.secret_readers

  scope                = each.value.scope
  role_definition_name = "Key Vault Secrets User"
  principal_id         = each.value.principal_id
  principal_type       = "ServicePrincipal"
}

moved {
  from = azurerm_role_assignment.patient_api_reads_patient_mongodb_uri
  to   = azurerm_role_assignment.reads_secret["patient-api reads patient-mongodb-uri"]
}

moved {
  from = azurerm_role_assignment.patient_api_reads_audit_create_key
  to   = azurerm_role_assignment.reads_secret["patient-api reads audit-create-key"]
}

moved {
  from = azurerm_role_assignment.audit_api_reads_audit_mongodb_uri
  to   = azurerm_role_assignment.reads_secret["audit-api reads audit-mongodb-uri"]
}

moved {
  from = azurerm_role_assignment.apim_reads_patient_api_key
  to   = azurerm_role_assignment.reads_secret["gateway reads patient-api-key"]
}

moved {
  from = azurerm_role_assignment.apim_reads_audit_query_key
  to   = azurerm_role_assignment.reads_secret["gateway reads audit-query-key"]
}
