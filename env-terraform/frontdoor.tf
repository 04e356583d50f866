# --- Optional global edge: Azure Front Door Premium with a WAF in front of APIM ---
# With front_door_enabled, clients reach the gateway only through Front Door: the WAF (OWASP
# Default Rule Set, bot protection, a per-address rate limit, all in prevention mode) sees every
# request first, and APIM refuses anything that did not come from THIS profile: its subnet's NSG
# admits HTTPS only from the AzureFrontDoor.Backend service tag (network.tf), and a service-level
# check-header on X-Azure-FDID (policies/front-door-only.xml) tells this profile from every other
# Front Door customer behind the same tag. Off, nothing here exists and APIM stays public as before.
#
# Private Link from Front Door to APIM is not used: Front Door's Private Link origin to APIM needs an
# inbound private endpoint on APIM, and APIM refuses private endpoints while it is injected in a
# VNet (External mode, which the apps' lockdown relies on). The origin is APIM's public gateway.

locals {
  # A WAF policy name may hold letters and digits only.
  front_door_waf_name = "waf${replace(local.base, "-", "")}${local.suffix}"
}

resource "azurerm_cdn_frontdoor_profile" "this" {
  count = var.front_door_enabled ? 1 : 0

  name                     = "afd-${local.base}-${local.suffix}"
  resource_group_name      = azurerm_resource_group.this.name
  sku_name                 = "Premium_AzureFrontDoor"
  response_timeout_seconds = 60
  tags                     = local.tags
}

resource "azurerm_cdn_frontdoor_endpoint" "this" {
  count = var.front_door_enabled ? 1 : 0

  name                     = "api-${local.base}-${local.suffix}"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this[0].id
  enabled                  = true
  tags                     = local.tags
}

resource "azurerm_cdn_frontdoor_origin_group" "apim" {
  count = var.front_door_enabled ? 1 : 0

  name                     = "apim"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this[0].id
  session_affinity_enabled = false

  load_balancing {
    sample_size                 = 4
    successful_samples_required = 3
  }

  # APIM's built-in status endpoint answers 200 without running any policy or needing a key.
  health_probe {
    path                = "/status-0123456789abcdef"
    protocol            = "Https"
    request_type        = "GET"
    interval_in_seconds = 100
  }
}

resource "azurerm_cdn_frontdoor_origin" "apim" {
  count = var.front_door_enabled ? 1 : 0

  name                           = "apim-gateway"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.apim[0].id
  enabled                        = true
  host_name                      = trimprefix(azurerm_api_management.this.gateway_url, "https://")
  origin_host_header             = trimprefix(azurerm_api_management.this.gateway_url, "https://")
  https_port                     = 443
  http_port                      = 80
  certificate_name_check_enabled = true
  priority                       = 1
  weight                         = 1000
}

resource "azurerm_cdn_frontdoor_route" "api" {
  count = var.front_door_enabled ? 1 : 0

  name                          = "api"
  cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.this[0].id
  cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.apim[0].id
  cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.apim[0].id]
  enabled                       = true
  patterns_to_match             = ["/*"]
  supported_protocols           = ["Https"]
  https_redirect_enabled        = false
  forwarding_protocol           = "HttpsOnly"
  link_to_default_domain        = true
  # No cache block: API responses carry patient data and must never be cached at the edge.
}

resource "azurerm_cdn_frontdoor_firewall_policy" "this" {
  count = var.front_door_enabled ? 1 : 0

  name                              = local.front_door_waf_name
  resource_group_name               = azurerm_resource_group.this.name
  sku_name                          = azurerm_cdn_frontdoor_profile.this[0].sku_name
  enabled                           = true
  mode                              = "Prevention"
  request_body_check_enabled        = true
  custom_block_response_status_code = 403
  tags                              = local.tags

  # Per client address, counted by Front Door before APIM's per-subscription limit and quota.
  custom_rule {
    name                           = "RateLimitPerClientAddress"
    enabled                        = true
    priority                       = 100
    type                           = "RateLimitRule"
    rate_limit_duration_in_minutes = 1
    rate_limit_threshold           = var.front_door_rate_limit_per_minute
    action                         = "Block"

    match_condition {
      match_variable = "RemoteAddr"
      operator       = "IPMatch"
      match_values   = ["0.0.0.0/0", "::/0"]
    }
  }

  # OWASP-based Default Rule Set 2.1 (anomaly scoring) and the bot manager, both blocking.
  managed_rule {
    type    = "Microsoft_DefaultRuleSet"
    version = "2.1"
    action  = "Block"
  }

  managed_rule {
    type    = "Microsoft_BotManagerRuleSet"
    version = "1.1"
    action  = "Block"
  }
}

resource "azurerm_cdn_frontdoor_security_policy" "waf" {
  count = var.front_door_enabled ? 1 : 0

  name                     = "waf"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.this[0].id

  security_policies {
    firewall {
      cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.this[0].id

      association {
        patterns_to_match = ["/*"]
        domain {
          cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.this[0].id
        }
      }
    }
  }
}

# Access, health probe and WAF logs (every blocked request with the rule that blocked it).
resource "azurerm_monitor_diagnostic_setting" "front_door" {
  count = var.front_door_enabled ? 1 : 0

  name                       = "diag-front-door"
  target_resource_id         = azurerm_cdn_frontdoor_profile.this[0].id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id

  enabled_log {
    category_group = "allLogs"
  }

  enabled_metric {
    category = "AllMetrics"
  }
}

# Service scope: runs before every API's policy, so no API can be reached around Front Door.
resource "azurerm_api_management_policy" "front_door_only" {
  count = var.front_door_enabled ? 1 : 0

  api_management_id = azurerm_api_management.this.id
  xml_content = templatefile("${path.module}/policies/front-door-only.xml", {
    front_door_id = azurerm_cdn_frontdoor_profile.this[0].resource_guid
  })
}
