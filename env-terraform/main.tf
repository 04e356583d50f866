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

  patient_api_app_name = coalesce(var.patient_api_app_name, "func-${var.name_prefix}-patient-${var.environment}-${local.suffix}")
  audit_api_app_name   = coalesce(var.audit_api_app_name, "func-${var.name_prefix}-audit-${var.environment}-${local.suffix}")
}

resource "azurerm_resource_group" "this" {
  name     = "rg-${local.base}"
  location = var.location
  tags     = local.tags
}
