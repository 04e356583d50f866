# Idempotency keys of the Patient API's creates (SYSTEM.md section 3): one small document per
# caller and key, in the patient database, kept for the retention window. Cosmos DB for MongoDB
# (RU) expires documents by a TTL on _ts, the time of their last write, which is set here as
# the collection's default TTL; the app also checks each record's expiresAt on every read, so
# a late deletion never extends the window.

variable "idempotency_retention" {
  description = "How long an Idempotency-Key is remembered (ISO-8601 hours, IDEMPOTENCY_RETENTION)."
  type        = string
  default     = "PT24H"

  validation {
    condition     = can(regex("^PT[1-9][0-9]*H$", var.idempotency_retention))
    error_message = "idempotency_retention must be whole hours as an ISO-8601 duration, such as PT24H."
  }
}

locals {
  idempotency_retention_seconds = tonumber(trimsuffix(trimprefix(var.idempotency_retention, "PT"), "H")) * 3600
}

resource "azurerm_cosmosdb_mongo_collection" "idempotency_keys" {
  name                = "idempotencyKeys"
  resource_group_name = azurerm_resource_group.this.name
  account_name        = azurerm_cosmosdb_account.this["patient-api"].name
  database_name       = azurerm_cosmosdb_mongo_database.this["patient-api"].name
  # Records are read and written by _id only; a shared-throughput database needs a shard key.
  shard_key = "_id"

  # Cleanup: a document outlives its logical expiry by at most the pending lock (2 minutes),
  # because _ts is its last write, the answer stored when the create finished.
  default_ttl_seconds = local.idempotency_retention_seconds + 120

  index {
    keys   = ["_id"]
    unique = true
  }
}
