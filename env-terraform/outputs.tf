# Names and endpoints only. Keys, connection strings and subscription keys are never
# outputs: they live in Key Vault (and in the APIM portal for subscriptions).

output "resource_group_name" {
  description = "Resource group of the environment (deploy.sh: -DfunctionResourceGroup)."
  value       = azurerm_resource_group.this.name
}

output "location" {
  description = "Region of the environment (deploy.sh: -DfunctionRegion)."
  value       = azurerm_resource_group.this.location
}

output "gateway_url" {
  description = "Public base URL of the API gateway."
  value       = azurerm_api_management.this.gateway_url
}

output "patient_api_app_name" {
  description = "Name of the Patient API function app (deploy.sh: -DfunctionAppName)."
  value       = module.function_app["patient-api"].name
}

output "audit_api_app_name" {
  description = "Name of the Audit API function app."
  value       = module.function_app["audit-api"].name
}

output "patient_api_hostname" {
  description = "Default host name of the Patient API (reachable only from the gateway subnet)."
  value       = module.function_app["patient-api"].default_hostname
}

output "audit_api_hostname" {
  description = "Default host name of the Audit API (reachable only from the patient-api and gateway subnets)."
  value       = module.function_app["audit-api"].default_hostname
}

output "key_vault_name" {
  description = "Name of the Key Vault holding every key and connection string."
  value       = azurerm_key_vault.this.name
}

output "key_vault_uri" {
  description = "URI of the Key Vault (KEY_VAULT_URI of both apps)."
  value       = azurerm_key_vault.this.vault_uri
}

output "api_management_name" {
  description = "Name of the API Management instance."
  value       = azurerm_api_management.this.name
}

output "front_door_endpoint" {
  description = "The public host name of the API when front_door_enabled (clients use it instead of the APIM gateway URL); null otherwise."
  value       = var.front_door_enabled ? azurerm_cdn_frontdoor_endpoint.this[0].host_name : null
}
