# Globally unique names (Key Vault, storage, Cosmos, APIM, apps) get a short random suffix
# that is fixed for the life of the environment.
resource "random_string" "suffix" {
  length  = 5
  lower   = true
  upper   = false
  numeric = true
  special = false
}

locals {
  base   = "${var.name_prefix}-${var.environment}"
  suffix = random_string.suffix.result

  tags = merge(var.tags, {
    application = "audited-records"
    environment = var.environment
    "managed-by" = "terraform"
  })

  # Each app's short name in the names of its resources.
  app_short_names = { "patient-api" = "patient", "audit-api" = "audit" }
  function_app_names = {
    for app, short in local.app_short_names :
    app => lookup(var.function_app_names, app, format("func-%s-%s-%s-%s", var.name_prefix, short, var.environment, local.suffix))
  }
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${local.base}"
  location = var.location
  tags     = local.tags
}
