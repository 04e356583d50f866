resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-${local.base}-${local.suffix}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

resource "azurerm_application_insights" "this" {
  name                = "appi-${local.base}-${local.suffix}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  workspace_id        = azurerm_log_analytics_workspace.this.id
  application_type    = "web"
  tags                = local.tags
}

# Platform logs of the shared resources; each function app's own setting lives in its module.
locals {
  diagnosed_resources = {
    "apim"           = azurerm_api_management.this.id
    "key-vault"      = azurerm_key_vault.this.id
    "cosmos-patient" = azurerm_cosmosdb_account.this["patient-api"].id
    "cosmos-audit"   = azurerm_cosmosdb_account.this["audit-api"].id
  }
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  for_each = local.diagnosed_resources

  name                       = "diag-${each.key}"
  target_resource_id         = each.value
  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
