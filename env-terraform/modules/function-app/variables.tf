variable "app_key" {
  description = "Logical name of the app (patient-api or audit-api): names its secrets and identity."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z-]{1,20}[a-z]$", var.app_key))
    error_message = "app_key must be lowercase letters and hyphens."
  }
}

variable "name" {
  description = "Function app (site) name; also names the plan, storage account and content share."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of every resource of the app."
  type        = string
}

variable "location" {
  description = "Azure region of every resource of the app."
  type        = string
}

variable "plan_sku" {
  description = "Elastic Premium SKU of the app's own plan (EP1, EP2, EP3)."
  type        = string

  validation {
    condition     = contains(["EP1", "EP2", "EP3"], var.plan_sku)
    error_message = "plan_sku must be EP1, EP2 or EP3."
  }
}

variable "max_elastic_workers" {
  description = "Maximum number of instances the plan scales out to."
  type        = number
}

variable "integration_subnet_id" {
  description = "Subnet (delegated to Microsoft.Web/serverFarms) used for regional VNet integration; all outbound traffic is routed through it."
  type        = string
}

variable "allowed_source_subnet_ids" {
  description = "Subnets allowed to call the app, by logical subnet name. Everything else gets 403 (default action Deny)."
  type        = map(string)

  validation {
    condition     = length(var.allowed_source_subnet_ids) > 0
    error_message = "At least one source subnet must be allowed, otherwise the app is unreachable."
  }
}

variable "deployer_ip_ranges" {
  description = "Public CIDRs allowed to reach the SCM (deployment) site and the storage account. Empty keeps both closed."
  type        = list(string)
  default     = []
}

variable "key_vault_id" {
  description = "Key Vault holding the content-share connection string the platform needs."
  type        = string
}

variable "application_insights_connection_string" {
  description = "Application Insights connection string (ingestion endpoint and key; not an access credential)."
  type        = string
}

variable "log_analytics_workspace_id" {
  description = "Workspace receiving the app's platform logs and metrics."
  type        = string
}

variable "app_settings" {
  description = "Application settings the code reads. Never a secret value: secrets are read from Key Vault by the app."
  type        = map(string)
}

variable "tags" {
  description = "Tags of every resource of the app."
  type        = map(string)
  default     = {}
}
