output "id" {
  description = "Resource ID of the function app."
  value       = azurerm_linux_function_app.this.id
}

output "name" {
  description = "Name of the function app."
  value       = azurerm_linux_function_app.this.name
}

output "default_hostname" {
  description = "Default host name of the function app."
  value       = azurerm_linux_function_app.this.default_hostname
}

output "principal_id" {
  description = "Object ID of the app's system-assigned identity, the one its code uses for Key Vault."
  value       = azurerm_linux_function_app.this.identity[0].principal_id
}
