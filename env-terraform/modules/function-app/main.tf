# One Functions app on its own Elastic Premium plan: Linux, Java 17, VNet-integrated,
# reachable only from the allowed subnets, with no basic-auth publishing.

locals {
  # Storage account names: 3-24 lowercase letters and digits.
  storage_account_name = substr(replace("st${var.name}", "/[^a-z0-9]/", ""), 0, 24)
  content_share_secret = "${var.app_key}-content-share"
}

resource "azurerm_service_plan" "this" {
  name                         = "asp-${var.name}"
  resource_group_name          = var.resource_group_name
  location                     = var.location
  os_type                      = "Linux"
  sku_name                     = var.plan_sku
  maximum_elastic_worker_count = var.max_elastic_workers
  tags                         = var.tags
}

# Host storage. The runtime reaches blobs with its managed identity; only the Azure Files
# content share, which Elastic Premium needs and which has no identity-based access, uses
# the account key, through a Key Vault reference.
resource "azurerm_storage_account" "this" {
  name                            = local.storage_account_name
  resource_group_name             = var.resource_group_name
  location                        = var.location
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = true

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [var.integration_subnet_id]
    ip_rules                   = [for cidr in var.deployer_ip_ranges : trimsuffix(cidr, "/32")]
  }

  tags = var.tags
}

resource "azurerm_storage_share" "content" {
  name               = var.name
  storage_account_id = azurerm_storage_account.this.id
  quota              = 50
}

# Identity the platform uses to resolve Key Vault references. It can read the content-share
# secret and nothing else; the app code runs as the system-assigned identity.
resource "azurerm_user_assigned_identity" "platform" {
  name                = "id-${var.name}-platform"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = var.tags
}

resource "azurerm_key_vault_secret" "content_share" {
  name         = local.content_share_secret
  value        = azurerm_storage_account.this.primary_connection_string
  key_vault_id = var.key_vault_id
  content_type = "storage-connection-string"
}

resource "azurerm_role_assignment" "platform_reads_content_share" {
  scope                = azurerm_key_vault_secret.content_share.resource_versionless_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.platform.principal_id
  principal_type       = "ServicePrincipal"
}

# The Key Vault reference is resolved when the app is created.
resource "time_sleep" "platform_rbac_propagation" {
  create_duration = "60s"
  depends_on      = [azurerm_role_assignment.platform_reads_content_share]
}

resource "azurerm_linux_function_app" "this" {
  name                = var.name
  resource_group_name = var.resource_group_name
  location            = var.location
  service_plan_id     = azurerm_service_plan.this.id

  storage_account_name          = azurerm_storage_account.this.name
  storage_uses_managed_identity = true

  functions_extension_version                    = "~4"
  https_only                                     = true
  public_network_access_enabled                  = true
  virtual_network_subnet_id                      = var.integration_subnet_id
  ftp_publish_basic_authentication_enabled       = false
  webdeploy_publish_basic_authentication_enabled = false
  builtin_logging_enabled                        = false
  key_vault_reference_identity_id                = azurerm_user_assigned_identity.platform.id

  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.platform.id]
  }

  app_settings = merge(var.app_settings, {
    APPLICATIONINSIGHTS_ENABLE_AGENT         = "true"
    WEBSITE_RUN_FROM_PACKAGE                 = "1"
    WEBSITE_CONTENTAZUREFILECONNECTIONSTRING = "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.content_share.versionless_id})"
    WEBSITE_CONTENTSHARE                     = azurerm_storage_share.content.name
    WEBSITE_CONTENTOVERVNET                  = "1"
    # The platform cannot pre-validate a share behind a Key Vault reference.
    WEBSITE_SKIP_CONTENTSHARE_VALIDATION = "1"
  })

  site_config {
    application_insights_connection_string = var.application_insights_connection_string
    vnet_route_all_enabled                 = true
    minimum_tls_version                    = "1.2"
    scm_minimum_tls_version                = "1.2"
    ftps_state                             = "Disabled"
    http2_enabled                          = true
    elastic_instance_minimum               = 1

    application_stack {
      java_version = "17"
    }

    ip_restriction_default_action     = "Deny"
    scm_ip_restriction_default_action = "Deny"
    scm_use_main_ip_restriction       = false

    dynamic "ip_restriction" {
      for_each = var.allowed_source_subnet_ids
      content {
        name                      = "allow-${ip_restriction.key}"
        priority                  = 100
        action                    = "Allow"
        virtual_network_subnet_id = ip_restriction.value
      }
    }

    # Closed unless a deployment window opens it to the deployer's addresses.
    dynamic "scm_ip_restriction" {
      for_each = var.deployer_ip_ranges
      content {
        name       = "deployer-${scm_ip_restriction.key}"
        priority   = 100
        action     = "Allow"
        ip_address = scm_ip_restriction.value
      }
    }
  }

  tags       = var.tags
  depends_on = [time_sleep.platform_rbac_propagation]

  lifecycle {
    # Callers address an app by <name>.azurewebsites.net before it exists (an app's URL in a
    # sibling's settings cannot come from the same module call). Fail loudly if the platform
    # ever assigns another host name, for example a unique default host name.
    postcondition {
      condition     = self.default_hostname == "${var.name}.azurewebsites.net"
      error_message = "Function app ${var.name} has default host name ${self.default_hostname}, not ${var.name}.azurewebsites.net: callers' URLs would be wrong."
    }
  }
}

# The host keeps its keys and leases in blob storage, reached with the app's identity.
resource "azurerm_role_assignment" "host_storage" {
  scope                = azurerm_storage_account.this.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_linux_function_app.this.identity[0].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_monitor_diagnostic_setting" "this" {
  name                       = "diag-${var.app_key}"
  target_resource_id         = azurerm_linux_function_app.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category = "FunctionAppLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}
