variable "subscription_id" {
  description = "Azure subscription to deploy into. Null uses ARM_SUBSCRIPTION_ID from the environment."
  type        = string
  default     = null
  nullable    = true

  validation {
    condition     = var.subscription_id == null || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.subscription_id))
    error_message = "subscription_id must be a lowercase GUID, or null."
  }
}

variable "environment" {
  description = "Environment name, used in resource names and tags (dev, test or prod)."
  type        = string

  validation {
    condition     = contains(["dev", "test", "prod"], var.environment)
    error_message = "environment must be one of dev, test, prod."
  }
}

variable "location" {
  description = "Azure region for every resource, e.g. westeurope."
  type        = string
  default     = "westeurope"

  validation {
    condition     = can(regex("^[a-z0-9]+$", var.location))
    error_message = "location must be a region name such as westeurope (lowercase, no spaces)."
  }
}

variable "name_prefix" {
  description = "Short lowercase prefix of every resource name (3-10 letters or digits, starting with a letter)."
  type        = string
  default     = "audrec"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,9}$", var.name_prefix))
    error_message = "name_prefix must be 3-10 lowercase letters or digits and start with a letter."
  }
}

variable "function_app_names" {
  description = "Function app names by app (patient-api, audit-api). An app without an entry gets func-<name_prefix>-<patient|audit>-<environment>-<suffix>. deploy.sh reads the names back from terraform output."
  type        = map(string)
  default     = {}

  validation {
    condition = length(setsubtract(keys(var.function_app_names), ["patient-api", "audit-api"])) == 0 && alltrue([
      for name in values(var.function_app_names) : can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", name))
    ])
    error_message = "function_app_names keys must be patient-api or audit-api, and names 3-32 lowercase letters, digits or hyphens (function app host ID limit)."
  }
}

variable "vnet_address_space" {
  description = "Address space of the single virtual network."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vnet_address_space, 0))
    error_message = "vnet_address_space must be a CIDR block."
  }
}

variable "subnet_cidrs" {
  description = "CIDR of each subnet by logical name: gateway (APIM, at least /27), patient-api and audit-api (VNet integration, /26 or larger recommended for Elastic Premium scale-out), private-endpoints."
  type        = map(string)
  default = {
    "gateway"           = "10.40.0.0/27"
    "patient-api"       = "10.40.1.0/26"
    "audit-api"         = "10.40.2.0/26"
    "private-endpoints" = "10.40.3.0/27"
  }

  validation {
    condition     = length(setsubtract(["gateway", "patient-api", "audit-api", "private-endpoints"], keys(var.subnet_cidrs))) == 0 && alltrue([for cidr in values(var.subnet_cidrs) : can(cidrhost(cidr, 0))])
    error_message = "subnet_cidrs must give a CIDR for gateway, patient-api, audit-api and private-endpoints."
  }
}

variable "apim_sku_name" {
  description = "API Management SKU: Developer_1 (no SLA, cheapest tier with VNet injection) or Premium_N for production."
  type        = string
  default     = "Developer_1"

  validation {
    condition     = can(regex("^(Developer_1|Premium_[1-9][0-9]?)$", var.apim_sku_name))
    error_message = "apim_sku_name must be Developer_1 or Premium_<units>: only these tiers support VNet External mode."
  }
}

variable "apim_publisher_name" {
  description = "Publisher name shown on the API Management developer portal."
  type        = string
  default     = "Audited Records Platform Team"

  validation {
    condition     = length(trimspace(var.apim_publisher_name)) > 0
    error_message = "apim_publisher_name must not be empty."
  }
}

variable "apim_publisher_email" {
  description = "Publisher e-mail of the API Management instance (receives service notifications)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.apim_publisher_email))
    error_message = "apim_publisher_email must be an e-mail address."
  }
}

variable "function_plan_sku" {
  description = "Elastic Premium plan SKU of each function app (one plan per app)."
  type        = string
  default     = "EP1"

  validation {
    condition     = contains(["EP1", "EP2", "EP3"], var.function_plan_sku)
    error_message = "function_plan_sku must be EP1, EP2 or EP3."
  }
}

variable "function_max_elastic_workers" {
  description = "Maximum number of Elastic Premium instances each app may scale out to."
  type        = number
  default     = 3

  validation {
    condition     = var.function_max_elastic_workers >= 1 && var.function_max_elastic_workers <= 20
    error_message = "function_max_elastic_workers must be between 1 and 20."
  }
}

variable "cosmos_max_throughput" {
  description = "Autoscale maximum RU/s of each database (shared by its collections). Autoscale scales between 10% of this and this."
  type        = number
  default     = 1000

  validation {
    condition     = var.cosmos_max_throughput >= 1000 && var.cosmos_max_throughput % 1000 == 0
    error_message = "cosmos_max_throughput must be a multiple of 1000, at least 1000 (the autoscale minimum)."
  }
}

variable "cosmos_backup_tier" {
  description = "Continuous backup tier of both Cosmos DB accounts."
  type        = string
  default     = "Continuous7Days"

  validation {
    condition     = contains(["Continuous7Days", "Continuous30Days"], var.cosmos_backup_tier)
    error_message = "cosmos_backup_tier must be Continuous7Days or Continuous30Days."
  }
}

variable "cosmos_zone_redundant" {
  description = "Whether the Cosmos DB accounts are zone redundant (needs a region with availability zones)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the Log Analytics workspace, in days."
  type        = number
  default     = 30

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "rate_limit_calls" {
  description = "Calls each gateway subscription may make per rate_limit_period_seconds before getting 429."
  type        = number
  default     = 100

  validation {
    condition     = var.rate_limit_calls >= 1 && var.rate_limit_calls <= 100000
    error_message = "rate_limit_calls must be between 1 and 100000."
  }
}

variable "rate_limit_period_seconds" {
  description = "Renewal period of the per-subscription rate limit, in seconds."
  type        = number
  default     = 60

  validation {
    condition     = var.rate_limit_period_seconds >= 1 && var.rate_limit_period_seconds <= 300
    error_message = "rate_limit_period_seconds must be between 1 and 300."
  }
}

variable "deployer_ip_ranges" {
  description = "Public CIDRs allowed to reach the Key Vault data plane, the storage accounts and the apps' SCM (deployment) sites. Empty (the default) keeps them all closed: run Terraform and deploy.sh from inside the VNet. Set it only for the duration of a deployment from an allowlisted address, then apply again with it empty."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.deployer_ip_ranges : can(cidrhost(cidr, 0)) && !startswith(cidr, "0.0.0.0")])
    error_message = "deployer_ip_ranges must be CIDR blocks and must not include 0.0.0.0/x."
  }
}

variable "key_rotation_days" {
  description = "Rotation period of each inter-service key slot. The two slots of a consumer are offset by half of it, so a consumer always has half a period to pick up the newer key."
  type        = number
  default     = 90

  validation {
    condition     = var.key_rotation_days >= 2 && var.key_rotation_days <= 365
    error_message = "key_rotation_days must be between 2 and 365."
  }
}

variable "checkpoint_key_type" {
  description = "Key type of the audit checkpoint signing key: EC (software-protected) or EC-HSM (HSM-backed; needs key_vault_sku_name = \"premium\")."
  type        = string
  default     = "EC"

  validation {
    condition     = contains(["EC", "EC-HSM"], var.checkpoint_key_type)
    error_message = "checkpoint_key_type must be EC or EC-HSM."
  }
}

variable "key_vault_sku_name" {
  description = "Key Vault SKU: standard, or premium for HSM-backed keys."
  type        = string
  default     = "standard"

  validation {
    condition     = contains(["standard", "premium"], var.key_vault_sku_name)
    error_message = "key_vault_sku_name must be standard or premium."
  }
}

variable "checkpoint_key_rotation_days" {
  description = "Key Vault rotates the checkpoint key (a new version) this many days after each version's creation."
  type        = number
  default     = 365

  validation {
    condition     = var.checkpoint_key_rotation_days >= 30 && var.checkpoint_key_rotation_days <= 1095
    error_message = "checkpoint_key_rotation_days must be between 30 and 1095."
  }
}

variable "checkpoint_key_overlap_days" {
  description = "How long a replaced checkpoint key version may still sign (every instance moves to the new one); it expires then."
  type        = number
  default     = 28

  validation {
    condition     = var.checkpoint_key_overlap_days >= 28 && var.checkpoint_key_overlap_days <= 90
    error_message = "checkpoint_key_overlap_days must be between 28 and 90 (Key Vault notifies at least 7 days before expiry)."
  }
}

variable "witness_retention_days" {
  description = "Time-based retention (WORM) of the witness container: no witnessed checkpoint can be changed or deleted for this long."
  type        = number
  default     = 2555

  validation {
    condition     = var.witness_retention_days >= 1 && var.witness_retention_days <= 146000
    error_message = "witness_retention_days must be between 1 and 146000."
  }
}

variable "witness_policy_locked" {
  description = "Lock the witness container's immutability policy (irreversible: the period can then only be extended). true in prod."
  type        = bool
  default     = false
}

variable "witness_replication_type" {
  description = "Replication of the witness storage account (LRS, ZRS, GRS, GZRS)."
  type        = string
  default     = "ZRS"
}

variable "apply_function_keys" {
  description = "Whether to write the generated keys onto the function apps. A function key can only be set once the function exists, so the first apply of a new environment runs with false, deploy.sh publishes the code, and every later apply runs with true."
  type        = bool
  default     = true
}

variable "secret_cache_ttl" {
  description = "How long the apps cache secrets read from Key Vault (ISO-8601 duration, SECRET_CACHE_TTL)."
  type        = string
  default     = "PT5M"

  validation {
    condition     = can(regex("^PT([0-9]+H)?([0-9]+M)?([0-9]+S)?$", var.secret_cache_ttl)) && var.secret_cache_ttl != "PT"
    error_message = "secret_cache_ttl must be an ISO-8601 time duration such as PT5M."
  }
}

variable "audit_logs" {
  description = "Logs each Audit API instance appends to at once (AUDIT_LOGS)."
  type        = number
  default     = 8

  validation {
    condition     = var.audit_logs >= 1 && var.audit_logs <= 64
    error_message = "audit_logs must be between 1 and 64."
  }
}

variable "gateway_subscriptions" {
  description = "The directory of gateway subscriptions: subscription id (the audit actor.clientId) => its product (integrator or compliance), and the organisation and contact it was issued to. The Audit API reads the same table (ORGANISATION_DIRECTORY) so compliance reports name organisations, not ids."
  type = map(object({
    product      = string
    organisation = string
    contact      = string
  }))
  default = {
    "integrator-initial" = {
      product      = "integrator"
      organisation = "Platform team (initial integrator subscription)"
      contact      = "platform-team@example.org"
    }
    "compliance-initial" = {
      product      = "compliance"
      organisation = "Compliance office (initial compliance subscription)"
      contact      = "platform-team@example.org"
    }
  }

  validation {
    condition     = alltrue([for id, s in var.gateway_subscriptions : contains(["integrator", "compliance"], s.product)])
    error_message = "Each gateway subscription's product must be integrator or compliance."
  }

  validation {
    condition = alltrue([for id, s in var.gateway_subscriptions :
    can(regex("^[a-z0-9][a-z0-9-]{0,79}$", id)) && length(trimspace(s.organisation)) > 0])
    error_message = "Gateway subscription ids must be lower-case letters, digits and hyphens (at most 80), each with an organisation."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource."
  type        = map(string)
  default     = {}
}

# --- The edge and the gateway's callers (frontdoor.tf, apim-hardening.tf) ---

variable "front_door_enabled" {
  description = "Whether Azure Front Door Premium with a WAF sits in front of APIM, and APIM then accepts only Front Door traffic. On in prod; off in dev, where its ~330 USD a month would be most of the bill."
  type        = bool
  default     = false
}

variable "front_door_rate_limit_per_minute" {
  description = "Requests per minute one client address may send through Front Door before the WAF blocks it (a coarse flood guard in front of the per-subscription rate limit)."
  type        = number
  default     = 1000

  validation {
    condition     = var.front_door_rate_limit_per_minute >= 10 && var.front_door_rate_limit_per_minute <= 100000
    error_message = "front_door_rate_limit_per_minute must be between 10 and 100000."
  }
}

variable "product_quotas" {
  description = "Calls per day each caller of a product may make (APIM quota-by-key, 403 when exhausted), beside the rate limit. One entry per product: integrator and compliance."
  type        = map(number)
  default = {
    integrator = 100000
    compliance = 10000
  }

  validation {
    condition     = length(setsymmetricdifference(keys(var.product_quotas), ["integrator", "compliance"])) == 0 && alltrue([for q in values(var.product_quotas) : q >= 1])
    error_message = "product_quotas must give a positive daily quota for exactly integrator and compliance."
  }
}

variable "entra_callers" {
  description = "Lets first-party integrators call with an Entra ID access token instead of a subscription key: tokens of tenant_id, issued for audience, holding the app role required_role. Null (the default) accepts subscription keys only."
  type = object({
    tenant_id     = string
    audience      = string
    required_role = string
  })
  default  = null
  nullable = true

  validation {
    condition     = var.entra_callers == null || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.entra_callers.tenant_id)) && length(trimspace(var.entra_callers.audience)) > 0 && can(regex("^[A-Za-z0-9._-]+$", var.entra_callers.required_role))
    error_message = "entra_callers needs a lowercase GUID tenant_id, a non-empty audience and an app role name (letters, digits, . _ -)."
  }
}
