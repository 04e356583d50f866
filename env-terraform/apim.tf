# The one public endpoint. stv2 APIM in VNet External mode needs a Standard public IP.
resource "azurerm_public_ip" "apim" {
  name                = "pip-${local.base}-apim"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  allocation_method   = "Static"
  sku                 = "Standard"
  domain_name_label   = "apim-${local.base}-${local.suffix}"
  tags                = local.tags
}

resource "azurerm_api_management" "this" {
  name                 = "apim-${local.base}-${local.suffix}"
  location             = azurerm_resource_group.this.location
  resource_group_name  = azurerm_resource_group.this.name
  publisher_name       = var.apim_publisher_name
  publisher_email      = var.apim_publisher_email
  sku_name             = var.apim_sku_name
  virtual_network_type = "External"
  public_ip_address_id = azurerm_public_ip.apim.id
  min_api_version      = "2021-08-01"

  virtual_network_configuration {
    subnet_id = azurerm_subnet.this["gateway"].id
  }

  identity {
    type = "SystemAssigned"
  }

  # Only TLS 1.2 with forward-secret AEAD suites: no SSL 3.0 / TLS 1.0 / 1.1, no 3DES, no CBC
  # suites and no RSA key exchange, towards clients and towards the backends alike.
  security {
    frontend_ssl30_enabled                              = false
    frontend_tls10_enabled                              = false
    frontend_tls11_enabled                              = false
    backend_ssl30_enabled                               = false
    backend_tls10_enabled                               = false
    backend_tls11_enabled                               = false
    triple_des_ciphers_enabled                          = false
    tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled = false
    tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers_enabled = false
    tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled   = false
    tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled   = false
    tls_rsa_with_aes128_cbc_sha256_ciphers_enabled      = false
    tls_rsa_with_aes128_cbc_sha_ciphers_enabled         = false
    tls_rsa_with_aes128_gcm_sha256_ciphers_enabled      = false
    tls_rsa_with_aes256_cbc_sha256_ciphers_enabled      = false
    tls_rsa_with_aes256_cbc_sha_ciphers_enabled         = false
    tls_rsa_with_aes256_gcm_sha384_ciphers_enabled      = false
  }

  tags = local.tags

  # stv2 refuses a subnet without an NSG.
  depends_on = [azurerm_subnet_network_security_group_association.this, azurerm_network_security_rule.apim]
}

# --- The two gateway APIs: one table, one set of resources ---
# Each API forwards to one app through a backend entity that adds the app's key, read from
# Key Vault; the API's operations are imported from the OpenAPI document next to the app.

locals {
  gateway_apis = {
    patient = {
      display_name = "Patient API"
      app          = "patient-api"
      # Gateway /patient/{patientId} is app /api/patient/{patientId} (SYSTEM.md section 5).
      # APIM forwards to this URL + the operation's URL template, so CreatePatient (template
      # "/", matched by gateway /patient and /patient/) reaches /api/patient/ with a trailing
      # slash, which the Functions route "patient" also matches.
      backend_path        = "/api/patient"
      backend_description = "Patient API function app; host key from Key Vault."
      consumer            = "gateway"
      secret              = "patient-api-key"
      product             = "integrator"
      # First-party integrators may present an Entra ID token instead of a key (var.entra_callers).
      accepts_tokens = true
    }
    audit = {
      display_name = "Audit API (compliance queries)"
      app          = "audit-api"
      # Only the three GET operations are in the document, so CreateAuditRecord is not
      # reachable through the gateway at all.
      backend_path        = "/api"
      backend_description = "Audit API function app (read functions only); compliance function key from Key Vault."
      consumer            = "compliance"
      secret              = "audit-query-key"
      product             = "compliance"
      accepts_tokens      = false
    }
  }
}

# Versionless secret IDs: APIM picks up every new version (on its periodic refresh, and at
# once when key rotation calls refreshSecret).
resource "azurerm_api_management_named_value" "backend_key" {
  for_each = local.gateway_apis

  name                = each.value.secret
  resource_group_name = azurerm_resource_group.this.name
  api_management_name = azurerm_api_management.this.name
  display_name        = each.value.secret
  secret              = true

  value_from_key_vault {
    secret_id = module.key_rotation.secret_versionless_ids[each.value.secret]
  }

  # APIM resolves the secret when the named value is created: its read access must exist first.
  depends_on = [azurerm_role_assignment.reads_secret]
}

# The backend, not the client, supplies x-functions-key.
resource "azurerm_api_management_backend" "this" {
  for_each = local.gateway_apis

  name                = each.value.app
  resource_group_name = azurerm_resource_group.this.name
  api_management_name = azurerm_api_management.this.name
  protocol            = "http"
  url                 = "https://${module.function_app[each.value.app].default_hostname}${each.value.backend_path}"
  resource_id         = "https://management.azure.com${module.function_app[each.value.app].id}"
  description         = each.value.backend_description

  credentials {
    header = {
      "x-functions-key" = "{{${azurerm_api_management_named_value.backend_key[each.key].name}}}"
    }
  }

  tls {
    validate_certificate_chain = true
    validate_certificate_name  = true
  }
}

resource "azurerm_api_management_api" "this" {
  for_each = local.gateway_apis

  name                  = each.key
  resource_group_name   = azurerm_resource_group.this.name
  api_management_name   = azurerm_api_management.this.name
  revision              = "1"
  display_name          = each.value.display_name
  path                  = each.key
  protocols             = ["https"]
  service_url           = azurerm_api_management_backend.this[each.key].url
  # A token caller has no key; the API policy then demands a valid token (validate-jwt) instead.
  subscription_required = !(each.value.accepts_tokens && var.entra_callers != null)

  subscription_key_parameter_names {
    header = "Ocp-Apim-Subscription-Key"
    query  = "subscription-key"
  }

  import {
    content_format = "openapi"
    content_value  = file("${path.module}/../${each.value.app}/openapi.yaml")
  }
}

resource "azurerm_api_management_api_policy" "this" {
  for_each = local.gateway_apis

  api_name            = azurerm_api_management_api.this[each.key].name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
  xml_content = templatefile("${path.module}/policies/api-inbound.xml", {
    backend_id        = azurerm_api_management_backend.this[each.key].name
    rate_limit_calls  = var.rate_limit_calls
    rate_limit_period = var.rate_limit_period_seconds
    product           = each.value.product
    quota_calls       = var.product_quotas[each.value.product]
    jwt_enabled       = each.value.accepts_tokens && var.entra_callers != null
    jwt_tenant_id     = try(var.entra_callers.tenant_id, "")
    jwt_audience      = try(var.entra_callers.audience, "")
    jwt_required_role = try(var.entra_callers.required_role, "")
  })
}

moved {
  from = azurerm_api_management_named_value.patient_api_key
  to   = azurerm_api_management_named_value.backend_key["patient"]
}

moved {
  from = azurerm_api_management_named_value.audit_query_key
  to   = azurerm_api_management_named_value.backend_key["audit"]
}

moved {
  from = azurerm_api_management_backend.patient_api
  to   = azurerm_api_management_backend.this["patient"]
}

moved {
  from = azurerm_api_management_backend.audit_api
  to   = azurerm_api_management_backend.this["audit"]
}

moved {
  from = azurerm_api_management_api.patient
  to   = azurerm_api_management_api.this["patient"]
}

moved {
  from = azurerm_api_management_api.audit
  to   = azurerm_api_management_api.this["audit"]
}

moved {
  from = azurerm_api_management_api_policy.patient
  to   = azurerm_api_management_api_policy.this["patient"]
}

moved {
  from = azurerm_api_management_api_policy.audit
  to   = azurerm_api_management_api_policy.this["audit"]
}

# --- Products: integrators see only patients, compliance staff only the audit register ---

locals {
  apim_products = {
    integrator = {
      display_name = "Integrator"
      description  = "Patients and lab test results, for hospital systems, labs and partner apps."
      api          = "patient"
    }
    compliance = {
      display_name = "Compliance"
      description  = "Read-only queries and verification of the audit register."
      api          = "audit"
    }
  }
}

resource "azurerm_api_management_product" "this" {
  for_each = local.apim_products

  product_id            = each.key
  resource_group_name   = azurerm_resource_group.this.name
  api_management_name   = azurerm_api_management.this.name
  display_name          = each.value.display_name
  description           = each.value.description
  subscription_required = true
  approval_required     = true
  subscriptions_limit   = 10
  # Published so subscriptions work; visible only to the groups granted below, never to
  # the anonymous "guests" group.
  published = true
}

resource "azurerm_api_management_product_group" "developers" {
  for_each = local.apim_products

  product_id          = azurerm_api_management_product.this[each.key].product_id
  group_name          = "developers"
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
}

resource "azurerm_api_management_product_api" "this" {
  for_each = local.apim_products

  product_id          = azurerm_api_management_product.this[each.key].product_id
  api_name            = azurerm_api_management_api.this[each.value.api].name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
}

# One subscription per entry of the directory (var.gateway_subscriptions), with the entry's id as
# the subscription id: that id is what the policy passes on as x-client-id and the audit register
# records as actor.clientId, and the Audit API names its organisation from the same table. The
# platform team hands out keys from the portal or `az rest`; Terraform never outputs them.
# Tracing would leak backend details.
resource "azurerm_api_management_subscription" "this" {
  for_each = var.gateway_subscriptions

  subscription_id     = each.key
  display_name        = each.value.organisation
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
  product_id          = azurerm_api_management_product.this[each.value.product].id
  state               = "active"
  allow_tracing       = false
}

# The first subscriptions were keyed by product, with generated ids. Their ids become readable, so
# apply replaces them once: hand out the new keys from the portal afterwards.
moved {
  from = azurerm_api_management_subscription.this["integrator"]
  to   = azurerm_api_management_subscription.this["integrator-initial"]
}

moved {
  from = azurerm_api_management_subscription.this["compliance"]
  to   = azurerm_api_management_subscription.this["compliance-initial"]
}

# --- W3C trace correlation to Application Insights ---

resource "azurerm_api_management_logger" "app_insights" {
  name                = "app-insights"
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
  resource_id         = azurerm_application_insights.this.id

  application_insights {
    connection_string = azurerm_application_insights.this.connection_string
  }
}

resource "azurerm_api_management_diagnostic" "app_insights" {
  identifier               = "applicationinsights"
  resource_group_name      = azurerm_resource_group.this.name
  api_management_name      = azurerm_api_management.this.name
  api_management_logger_id = azurerm_api_management_logger.app_insights.id

  http_correlation_protocol = "W3C"
  sampling_percentage       = 100
  always_log_errors         = true
  log_client_ip             = true
  verbosity                 = "information"

  # Headers only, never bodies: bodies carry patient data. Keys are never logged.
  frontend_request {
    body_bytes     = 0
    headers_to_log = ["traceparent", "x-client-id"]
  }

  frontend_response {
    body_bytes     = 0
    headers_to_log = ["x-continuation-token"]
  }

  backend_request {
    body_bytes     = 0
    headers_to_log = ["traceparent"]
  }

  backend_response {
    body_bytes = 0
  }
}
