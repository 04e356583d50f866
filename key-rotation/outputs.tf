# Identifiers only, never values.

output "secret_resource_ids" {
  description = "ARM resource ID (versionless) of each secret, by secret name: the scope of its reader's role assignment."
  value       = { for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.resource_versionless_id }
}

output "secret_versionless_ids" {
  description = "Versionless data-plane ID of each secret, by secret name, for readers that must follow new versions (APIM named values)."
  value       = { for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.versionless_id }
}

output "live_slots" {
  description = "Slot each consumer's Key Vault secret currently holds (for example gateway-b). Not secret."
  value       = local.newer_slot
}
