# One Cosmos DB for MongoDB (RU) account per app, so one app's connection string can never
# reach the other's data.
locals {
  cosmos_accounts = {
    "patient-api" = { short = "patient", database = "patients" }
    "audit-api"   = { short = "audit", database = "audit" }
  }

  # Every collection: its app's database, its shard key (SYSTEM.md section 6) and the indexes
  # the app's queries rely on besides _id, which every collection declares because the service
  # always has it (declaring it keeps plans free of spurious diffs).
  cosmos_collections = {
    "patients" = {
      app       = "patient-api"
      shard_key = "patientId"
      indexes = [for field in [
        "patientId", "firstName", "lastName", "fullName", "gender", "dateOfBirth",
        "dateOfBirthStart", "dateOfBirthEnd", "postCode", "insuranceNumber", "preferredContactNumber",
        # The outbox relay's query (events.tf): only documents with pending events.
        "outbox.id",
      ] : { keys = [field], unique = false }]
    }
    "tests" = {
      app = "patient-api"
      # All of a patient's tests are one logical partition. A page of LoadTests walks
      # (patientId, _id) from its continuation point: MongoTestResultStore.INDEXES.
      shard_key = "patientId"
      indexes   = [{ keys = ["patientId"], unique = false }, { keys = ["patientId", "_id"], unique = false }, { keys = ["outbox.id"], unique = false }]
    }
    "auditRecords" = {
      app = "audit-api"
      # One log is one writer's records for one epoch (1 h), so no logical partition nears 20 GB.
      shard_key = "log"
      # Exactly the key sets MongoAuditLedger.createIndexes() creates at start-up (an offline
      # test compares them): an index the app creates but Terraform does not declare would be
      # dropped by the next apply, which rewrites the collection's whole index list.
      indexes = concat(
        [
          # A second leaf at one index of a log is impossible. Cosmos DB only creates unique
          # indexes on empty collections, and on a sharded collection they must include the
          # shard key, first: (log, idx) does.
          { keys = ["log", "idx"], unique = true },
          # Queries sort on (recordedAt, _id); Cosmos DB needs a compound index to sort on two
          # fields, and it serves recordedAt range filters as well as a single-field index.
          { keys = ["recordedAt", "_id"], unique = false },
        ],
        # returnedPatientIds is multikey (one entry per patient a search returned): the patientId
        # filter is an $or of it and patientId, each branch served by its own index.
        [for field in [
          "patientId", "returnedPatientIds", "actor.clientId", "action", "outcome", "resource.type", "resource.id",
          "correlationId",
        ] : { keys = [field], unique = false }],
      )
    }
    # Signed checkpoints, filed by log and size (the witness holds the same notes).
    "auditCheckpoints" = {
      app       = "audit-api"
      shard_key = "log"
      indexes   = [{ keys = ["log", "size"], unique = true }]
    }
    # One small document per log, and the verifier's progress. Sharded on _id: Cosmos DB accepts
    # _id as a shard key, and a shared-throughput database rejects unsharded collections.
    "auditLogs" = {
      app       = "audit-api"
      shard_key = "_id"
      indexes   = []
    }
    "auditVerification" = {
      app       = "audit-api"
      shard_key = "_id"
      indexes   = []
    }
  }
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

resource "azurerm_cosmosdb_mongo_collection" "this" {
  for_each = local.cosmos_collections

  name                = each.key
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this[each.value.app].name
  database_name       = azurerm_cosmosdb_mongo_database.this[each.value.app].name
  shard_key           = each.value.shard_key

  index {
    keys   = ["_id"]
    unique = true
  }

  dynamic "index" {
    for_each = each.value.indexes
    content {
      keys   = index.value.keys
      unique = index.value.unique
    }
  }
}

moved {
  from = azurerm_cosmosdb_mongo_collection.patients
  to   = azurerm_cosmosdb_mongo_collection.this["patients"]
}

moved {
  from = azurerm_cosmosdb_mongo_collection.tests
  to   = azurerm_cosmosdb_mongo_collection.this["tests"]
}

moved {
  from = azurerm_cosmosdb_mongo_collection.audit_records
  to   = azurerm_cosmosdb_mongo_collection.this["auditRecords"]
}

moved {
  from = azurerm_cosmosdb_mongo_collection.audit_chain_heads
  to   = azurerm_cosmosdb_mongo_collection.this["auditChainHeads"]
}
