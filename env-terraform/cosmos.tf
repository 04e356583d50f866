# One Cosmos DB for MongoDB (RU) account per app, so one app's connection string can never
# reach the other's data.
locals {
  cosmos_accounts = {
    "patient-api" = { short = "patient", database = "patients" }
    "audit-api"   = { short = "audit", database = "audit" }
  }

  # Indexes the application queries rely on (SYSTEM.md section 6). "_id" is listed because
  # the service always has it; declaring it keeps plans free of spurious diffs.
  patient_index_fields = [
    "patientId", "firstName", "lastName", "fullName", "gender", "dateOfBirth",
    "dateOfBirthStart", "dateOfBirthEnd", "postCode", "insuranceNumber", "preferredContactNumber",
  ]
  audit_record_index_fields = [
    "recordedAt", "patientId", "actor.clientId", "action", "outcome",
    "resource.type", "resource.id", "correlationId",
  ]
}

resource "azurerm_cosmosdb_account" "this" {
  for_each = local.cosmos_accounts

  name                = "cosmos-${var.name_prefix}-${each.value.short}-${var.environment}-${local.suffix}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  offer_type          = "Standard"
  kind                = "MongoDB"

  mongo_server_version = "4.2"

  capabilities {
    name = "EnableMongo"
  }

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = azurerm_resource_group.this.location
    failover_priority = 0
    zone_redundant    = var.cosmos_zone_redundant
  }

  public_network_access_enabled         = false
  network_acl_bypass_for_azure_services = false
  minimal_tls_version                   = "Tls12"

  backup {
    type = "Continuous"
    tier = var.cosmos_backup_tier
  }

  tags = local.tags
}

resource "azurerm_private_endpoint" "cosmos" {
  for_each = local.cosmos_accounts

  name                = "pe-${local.base}-cosmos-${each.value.short}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.this["private-endpoints"].id
  tags                = local.tags

  private_service_connection {
    name                           = "cosmos-${each.value.short}"
    private_connection_resource_id = azurerm_cosmosdb_account.this[each.key].id
    subresource_names              = ["MongoDB"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "cosmos"
    private_dns_zone_ids = [azurerm_private_dns_zone.this["cosmos"].id]
  }
}

# Database-level autoscale throughput, shared by the database's collections.
resource "azurerm_cosmosdb_mongo_database" "this" {
  for_each = local.cosmos_accounts

  name                = each.value.database
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this[each.key].name

  autoscale_settings {
    max_throughput = var.cosmos_max_throughput
  }
}

# --- patients database ---

resource "azurerm_cosmosdb_mongo_collection" "patients" {
  name                = "patients"
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this["patient-api"].name
  database_name       = azurerm_cosmosdb_mongo_database.this["patient-api"].name
  shard_key           = "patientId"

  index {
    keys   = ["_id"]
    unique = true
  }

  dynamic "index" {
    for_each = local.patient_index_fields
    content {
      keys = [index.value]
    }
  }
}

resource "azurerm_cosmosdb_mongo_collection" "tests" {
  name                = "tests"
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this["patient-api"].name
  database_name       = azurerm_cosmosdb_mongo_database.this["patient-api"].name
  # All of a patient's tests are one logical partition.
  shard_key = "patientId"

  index {
    keys   = ["_id"]
    unique = true
  }

  index {
    keys = ["patientId"]
  }
}

# --- audit database ---

resource "azurerm_cosmosdb_mongo_collection" "audit_records" {
  name                = "auditRecords"
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this["audit-api"].name
  database_name       = azurerm_cosmosdb_mongo_database.this["audit-api"].name
  shard_key           = "chain"

  index {
    keys   = ["_id"]
    unique = true
  }

  # Concurrent appends to one chain conflict here and retry instead of forking the chain.
  # Cosmos DB only creates unique indexes on empty collections, and on a sharded
  # collection they must include the shard key: (chain, seq) does.
  index {
    keys   = ["chain", "seq"]
    unique = true
  }

  dynamic "index" {
    for_each = local.audit_record_index_fields
    content {
      keys = [index.value]
    }
  }
}

# One small document per chain. Sharded on _id: Cosmos DB accepts _id as a shard key, and a
# shared-throughput database rejects unsharded collections.
resource "azurerm_cosmosdb_mongo_collection" "audit_chain_heads" {
  name                = "auditChainHeads"
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this["audit-api"].name
  database_name       = azurerm_cosmosdb_mongo_database.this["audit-api"].name
  shard_key           = "_id"

  index {
    keys   = ["_id"]
    unique = true
  }
}
