variable "key_vault_id" {
  description = "Key Vault that receives every key as a secret (new version on each rotation)."
  type        = string
}

variable "patient_api_id" {
  description = "Resource ID of the Patient API function app (receives the gateway host keys)."
  type        = string
}

variable "audit_api_id" {
  description = "Resource ID of the Audit API function app (receives the function keys)."
  type        = string
}

variable "apply_function_keys" {
  description = "Whether to write the keys onto the apps. False only for the first apply of a new environment, before the code (and so the functions) exists."
  type        = bool
  default     = true
}

variable "rotation_days" {
  description = "Rotation period of each key slot; the two slots of a consumer are offset by half of it."
  type        = number
  default     = 90

  validation {
    condition     = var.rotation_days >= 2 && var.rotation_days <= 365
    error_message = "rotation_days must be between 2 and 365."
  }
}

variable "apim_named_value_ids" {
  description = "API Management named values to refresh after their consumer's secret changes, by consumer (gateway, compliance)."
  type        = map(string)
  default     = {}

  validation {
    condition     = length(setsubtract(keys(var.apim_named_value_ids), ["gateway", "compliance"])) == 0
    error_message = "apim_named_value_ids keys must be consumers whose key APIM holds: gateway, compliance."
  }
}

variable "audit_create_function" {
  description = "Audit API function the Patient API calls."
  type        = string
  default     = "CreateAuditRecord"
}

variable "audit_read_functions" {
  description = "Audit API functions APIM's compliance backend calls."
  type        = list(string)
  default = ["LoadAuditRecord", "QueryAuditRecords", "VerifyAuditRegister", "VerifyAuditRegisterFull", "ProveAuditRecord",
  "ListAuditCheckpoints", "ProveAuditLogConsistency", "ListAuditKeys", "AccountDisclosures"]
}
