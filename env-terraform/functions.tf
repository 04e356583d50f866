# The two Functions apps, one module instance each. Who may call whom is decided here, by subnet:
#   patient-api <- gateway
#   audit-api   <- patient-api, gateway
# (the offline test AllowlistGraphTest pins exactly this graph). Each app's integration subnet,
# Cosmos DB account and connection-string secret carry the app's own key.

locals {
  function_apps = {
    "patient-api" = {
      allowed_source_subnet_ids = {
        "gateway" = azurerm_subnet.this["gateway"].id
      }
      app_settings = {
        AUDIT_API_URL        = "https://${local.audit_api_hostname}/api"
        AUDIT_API_KEY_SECRET = "audit-create-key"
        SOURCE_SYSTEM_NAME   = "patient-api"

        # Published to with the app's managed identity (events.tf); no key exists.
        EVENT_GRID_TOPIC_ENDPOINT = azurerm_eventgrid_topic.patient_events.endpoint
        IDEMPOTENCY_RETENTION     = var.idempotency_retention
        # The signing secret's name; the Patient API verifies with its slot secrets (-a, -b).
        GATEWAY_ASSERTION_KEY_SECRET = "gateway-assertion-key"
      }
    }
    "audit-api" = {
      # CreateAuditRecord is called by the Patient API; the read functions by APIM's
      # compliance backend. Function-scoped keys, not the network, separate the two.
      allowed_source_subnet_ids = {
        "patient-api" = azurerm_subnet.this["patient-api"].id
        "gateway"     = azurerm_subnet.this["gateway"].id
      }
      # The checkpoint key and the witness container: audit-register.tf.
      app_settings = {
        AUDIT_CHECKPOINT_KEY_NAME   = azurerm_key_vault_key.checkpoint.name
        AUDIT_WITNESS_CONTAINER_URL = "${azurerm_storage_account.witness.primary_blob_endpoint}${azurerm_storage_container.witness.name}"
        AUDIT_LOGS                  = tostring(var.audit_logs)
        AUDIT_CALLER_SOURCE         = "patient-api"
        # The timer trigger resumes the full re-verification every minute, 20 s at a time (host.json: 30 s timeout).
        AUDIT_FULL_VERIFICATION_BY_TIMER = "true"
        AUDIT_FULL_VERIFICATION_SCHEDULE = "0 * * * * *"
        # The compliance reads verify the gateway's caller assertion with the slot secrets (-a, -b).
        GATEWAY_ASSERTION_KEY_SECRET = "gateway-assertion-key"
        # Names and contacts only, never keys: the gateway's subscription directory, so the
        # accounting of disclosures names the organisation behind each subscription id.
        ORGANISATION_DIRECTORY = jsonencode({
          for id, s in var.gateway_subscriptions : id => { organisation = s.organisation, contact = s.contact }
        })
      }
    }
  }

  # One module call cannot read its own outputs, so the Patient API's URL of the Audit API is
  # built from the name; the module's postcondition fails the apply if the platform ever
  # assigns a different default host name.
  audit_api_hostname = "${local.function_app_names["audit-api"]}.azurewebsites.net"
}

module "function_app" {
  source   = "./modules/function-app"
  for_each = local.function_apps

  app_key                   = each.key
  name                      = local.function_app_names[each.key]
  resource_group_name       = azurerm_resource_group.this.name
  location                  = azurerm_resource_group.this.location
  plan_sku                  = var.function_plan_sku
  max_elastic_workers       = var.function_max_elastic_workers
  integration_subnet_id     = azurerm_subnet.this[each.key].id
  allowed_source_subnet_ids = each.value.allowed_source_subnet_ids

  deployer_ip_ranges                     = var.deployer_ip_ranges
  key_vault_id                           = azurerm_key_vault.this.id
  application_insights_connection_string = azurerm_application_insights.this.connection_string
  log_analytics_workspace_id             = azurerm_log_analytics_workspace.this.id

  # Settings every app reads (its vault, its own database), then the app's own.
  app_settings = merge({
    KEY_VAULT_URI      = azurerm_key_vault.this.vault_uri
    MONGODB_URI_SECRET = azurerm_key_vault_secret.mongodb_uri[each.key].name
    MONGODB_DATABASE   = azurerm_cosmosdb_mongo_database.this[each.key].name
    SECRET_CACHE_TTL   = var.secret_cache_ttl
  }, each.value.app_settings)

  tags       = local.tags
  depends_on = [time_sleep.deployer_rbac_propagation, azurerm_subnet_network_security_group_association.this]
}

moved {
  from = module.patient_api
  to   = module.function_app["patient-api"]
}

moved {
  from = module.audit_api
  to   = module.function_app["audit-api"]
}

# Generated keys: written to the apps, stored in Key Vault, rotated without downtime.
module "key_rotation" {
  source = "../key-rotation"

  key_vault_id        = azurerm_key_vault.this.id
  patient_api_id      = module.function_app["patient-api"].id
  audit_api_id        = module.function_app["audit-api"].id
  apply_function_keys = var.apply_function_keys
  rotation_days       = var.key_rotation_days

  apim_named_value_ids = {
    for api, gateway_api in local.gateway_apis : gateway_api.consumer => azurerm_api_management_named_value.backend_key[api].id
  }
  apim_assertion_named_value_id = azurerm_api_management_named_value.caller_assertion_key.id

  depends_on = [time_sleep.deployer_rbac_propagation]
}
