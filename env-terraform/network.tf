locals {
  # Logical subnet names are a contract: the offline tests and the local runtime refer to them.
  subnets = {
    "gateway" = {
      # APIM (VNet External). Microsoft.Web makes its calls to the Patient and Audit APIs
      # arrive from this subnet, which is what their access restrictions allow.
      service_endpoints = ["Microsoft.Web"]
      delegate_to_web   = false
    }
    "patient-api" = {
      # Outbound VNet integration of the Patient API: Microsoft.Web so its calls to the
      # Audit API match the audit-api allow rule; Microsoft.Storage for its host storage.
      service_endpoints = ["Microsoft.Web", "Microsoft.Storage"]
      delegate_to_web   = true
    }
    "audit-api" = {
      service_endpoints = ["Microsoft.Storage"]
      delegate_to_web   = true
    }
    "private-endpoints" = {
      service_endpoints = []
      delegate_to_web   = false
    }
  }

  # Minimum NSG rules for an stv2 APIM instance in External mode (Microsoft's "Virtual
  # network configuration reference: API Management"). Without an NSG on the subnet the
  # stv2 load balancer does not work at all.
  apim_nsg_rules = {
    # With Front Door, clients reach APIM only through it (frontdoor.tf); its X-Azure-FDID check
    # then tells our profile from other Front Door customers behind the same service tag.
    "allow-client-https-in" = {
      priority = 100, direction = "Inbound", source = var.front_door_enabled ? "AzureFrontDoor.Backend" : "Internet", destination = "VirtualNetwork", ports = ["443"]
    }
    "allow-apim-management-in" = {
      priority = 110, direction = "Inbound", source = "ApiManagement", destination = "VirtualNetwork", ports = ["3443"]
    }
    "allow-azure-lb-in" = {
      priority = 120, direction = "Inbound", source = "AzureLoadBalancer", destination = "VirtualNetwork", ports = ["6390"]
    }
    "allow-storage-out" = {
      priority = 100, direction = "Outbound", source = "VirtualNetwork", destination = "Storage", ports = ["443"]
    }
    "allow-sql-out" = {
      priority = 110, direction = "Outbound", source = "VirtualNetwork", destination = "Sql", ports = ["1433"]
    }
    "allow-keyvault-out" = {
      priority = 120, direction = "Outbound", source = "VirtualNetwork", destination = "AzureKeyVault", ports = ["443"]
    }
    "allow-monitor-out" = {
      priority = 130, direction = "Outbound", source = "VirtualNetwork", destination = "AzureMonitor", ports = ["1886", "443"]
    }
    "allow-certificate-validation-out" = {
      priority = 140, direction = "Outbound", source = "VirtualNetwork", destination = "Internet", ports = ["80"]
    }
  }
}

resource "azurerm_virtual_network" "this" {
  name                = "vnet-${local.base}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  address_space       = [var.vnet_address_space]
  tags                = local.tags
}

resource "azurerm_subnet" "this" {
  for_each = local.subnets

  name                              = "snet-${each.key}"
  resource_group_name               = azurerm_resource_group.this.name
  virtual_network_name              = azurerm_virtual_network.this.name
  address_prefixes                  = [var.subnet_cidrs[each.key]]
  service_endpoints                 = each.value.service_endpoints
  private_endpoint_network_policies = "Disabled"

  dynamic "delegation" {
    for_each = each.value.delegate_to_web ? ["web"] : []
    content {
      name = "serverfarms"
      service_delegation {
        name    = "Microsoft.Web/serverFarms"
        actions = ["Microsoft.Network/virtualNetworks/subnets/action"]
      }
    }
  }
}

resource "azurerm_network_security_group" "this" {
  for_each = local.subnets

  name                = "nsg-${local.base}-${each.key}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_network_security_rule" "apim" {
  for_each = local.apim_nsg_rules

  name                        = each.key
  resource_group_name         = azurerm_resource_group.this.name
  network_security_group_name = azurerm_network_security_group.this["gateway"].name
  priority                    = each.value.priority
  direction                   = each.value.direction
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = each.value.ports
  source_address_prefix       = each.value.source
  destination_address_prefix  = each.value.destination
}

resource "azurerm_subnet_network_security_group_association" "this" {
  for_each = local.subnets

  subnet_id                 = azurerm_subnet.this[each.key].id
  network_security_group_id = azurerm_network_security_group.this[each.key].id
}

# Private DNS: one zone per private-link service, linked to the VNet so APIM and the
# VNet-integrated apps resolve the vault and the Cosmos accounts to private addresses.
locals {
  private_dns_zones = {
    key_vault = "privatelink.vaultcore.azure.net"
    cosmos    = "privatelink.mongo.cosmos.azure.com"
  }
}

resource "azurerm_private_dns_zone" "this" {
  for_each = local.private_dns_zones

  name                = each.value
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each = local.private_dns_zones

  name                  = "link-${each.key}"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.this[each.key].name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = local.tags
}

# Private endpoints of the vault and of each Cosmos DB account, registered in their zone.
locals {
  private_endpoints = {
    "kv"             = { target = azurerm_key_vault.this.id, subresource = "vault", dns_zone = "key_vault", dns_group = "kv" }
    "cosmos-patient" = { target = azurerm_cosmosdb_account.this["patient-api"].id, subresource = "MongoDB", dns_zone = "cosmos", dns_group = "cosmos" }
    "cosmos-audit"   = { target = azurerm_cosmosdb_account.this["audit-api"].id, subresource = "MongoDB", dns_zone = "cosmos", dns_group = "cosmos" }
  }
}

resource "azurerm_private_endpoint" "this" {
  for_each = local.private_endpoints

  name                = "pe-${local.base}-${each.key}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.this["private-endpoints"].id
  tags                = local.tags

  private_service_connection {
    name                           = each.key
    private_connection_resource_id = each.value.target
    subresource_names              = [each.value.subresource]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = each.value.dns_group
    private_dns_zone_ids = [azurerm_private_dns_zone.this[each.value.dns_zone].id]
  }
}

moved {
  from = azurerm_private_endpoint.key_vault
  to   = azurerm_private_endpoint.this["kv"]
}

moved {
  from = azurerm_private_endpoint.cosmos["patient-api"]
  to   = azurerm_private_endpoint.this["cosmos-patient"]
}

moved {
  from = azurerm_private_endpoint.cosmos["audit-api"]
  to   = azurerm_private_endpoint.this["cosmos-audit"]
}
