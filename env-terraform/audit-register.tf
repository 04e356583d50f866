# The audit register's trust anchors (README: "The audit register"): the checkpoint signing key,
# which never leaves Key Vault, and the witness, an immutable Blob container the audit database's
# credentials cannot reach. The Audit API may only sign with the key and only create and read
# witness blobs; the offline policy tests (LockdownPolicy) pin each of these properties.

# --- Checkpoint signing key: EC P-256, generated inside Key Vault (HSM-backed in prod) ---
# Terraform creates the key but never holds its private part; its state has the public key only.
# A rotation adds a version; the old version expires checkpoint_key_overlap_days later and from
# then on verifies only checkpoints cut before its expiry. Versions are never disabled or deleted:
# their public keys stay readable for verifiers.

resource "azurerm_key_vault_key" "checkpoint" {
  name         = "audit-checkpoint-key"
  key_vault_id = azurerm_key_vault.this.id
  key_type     = var.checkpoint_key_type
  curve        = "P-256"
  key_opts     = ["sign", "verify"]

  rotation_policy {
    automatic {
      time_after_creation = "P${var.checkpoint_key_rotation_days}D"
    }
    expire_after         = "P${var.checkpoint_key_rotation_days + var.checkpoint_key_overlap_days}D"
    notify_before_expiry = "P${var.checkpoint_key_overlap_days}D"
  }

  lifecycle {
    prevent_destroy = true
    precondition {
      condition     = var.checkpoint_key_type != "EC-HSM" || azurerm_key_vault.this.sku_name == "premium"
      error_message = "An EC-HSM checkpoint key needs a premium Key Vault (key_vault_sku_name = \"premium\")."
    }
  }

  depends_on = [time_sleep.checkpoint_key_admin_propagation]
}

# The identity running Terraform may create, rotate and read the key, but not sign with it: only
# the Audit API can produce a checkpoint signature.
resource "azurerm_role_definition" "checkpoint_key_admin" {
  name        = "audit-checkpoint-key-admin-${local.base}-${local.suffix}"
  scope       = azurerm_key_vault.this.id
  description = "Create, rotate and read the audit register's checkpoint key; no cryptographic operation."

  permissions {
    actions = []
    data_actions = [
      "Microsoft.KeyVault/vaults/keys/read",
      "Microsoft.KeyVault/vaults/keys/create/action",
      "Microsoft.KeyVault/vaults/keys/update/action",
      "Microsoft.KeyVault/vaults/keys/rotate/action",
      "Microsoft.KeyVault/vaults/keyrotationpolicies/read",
      "Microsoft.KeyVault/vaults/keyrotationpolicies/write",
    ]
  }

  assignable_scopes = [azurerm_key_vault.this.id]
}

resource "azurerm_role_assignment" "deployer_administers_checkpoint_key" {
  scope              = azurerm_key_vault.this.id
  role_definition_id = azurerm_role_definition.checkpoint_key_admin.role_definition_resource_id
  principal_id       = data.azurerm_client_config.current.object_id
}

resource "time_sleep" "checkpoint_key_admin_propagation" {
  create_duration = "60s"
  depends_on      = [azurerm_role_assignment.deployer_administers_checkpoint_key, time_sleep.deployer_rbac_propagation]
}

# Sign and read the public key: nothing else (Key Vault Crypto User would add encrypt, decrypt,
# wrap and unwrap). Assigned on the one key, not the vault.
resource "azurerm_role_definition" "checkpoint_signer" {
  name        = "audit-checkpoint-signer-${local.base}-${local.suffix}"
  scope       = azurerm_key_vault.this.id
  description = "Sign with the audit register's checkpoint key and read its public versions."

  permissions {
    actions = []
    data_actions = [
      "Microsoft.KeyVault/vaults/keys/read",
      "Microsoft.KeyVault/vaults/keys/sign/action",
    ]
  }

  assignable_scopes = [azurerm_key_vault.this.id]
}

resource "azurerm_role_assignment" "audit_api_signs_checkpoints" {
  scope              = azurerm_key_vault_key.checkpoint.resource_versionless_id
  role_definition_id = azurerm_role_definition.checkpoint_signer.role_definition_resource_id
  principal_id       = module.function_app["audit-api"].principal_id
  principal_type     = "ServicePrincipal"
}

# --- Witness: its own storage account, private, identity-only, WORM container ---

resource "azurerm_storage_account" "witness" {
  name                            = substr("stwit${replace(local.base, "-", "")}${local.suffix}", 0, 24)
  resource_group_name             = azurerm_resource_group.this.name
  location                        = azurerm_resource_group.this.location
  account_tier                    = "Standard"
  account_replication_type        = var.witness_replication_type
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  public_network_access_enabled   = false
  default_to_oauth_authentication = true

  network_rules {
    default_action = "Deny"
    bypass         = ["None"]
  }

  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 365
    }
    container_delete_retention_policy {
      days = 365
    }
  }

  tags = local.tags
}

# Created through Resource Manager (storage_account_id), so neither a shared key nor network
# access to the data plane is needed to deploy it.
resource "azurerm_storage_container" "witness" {
  name                  = "checkpoints"
  storage_account_id    = azurerm_storage_account.witness.id
  container_access_type = "private"
}

# Time-based retention: no witnessed checkpoint can be changed or deleted within the period, by
# anyone. Locked in prod, after which the period can only be extended and the policy not removed.
resource "azurerm_storage_container_immutability_policy" "witness" {
  storage_container_resource_manager_id = azurerm_storage_container.witness.id
  immutability_period_in_days           = var.witness_retention_days
  protected_append_writes_all_enabled   = false
  locked                                = var.witness_policy_locked
}

# Create and read blobs; no delete. Assigned on the one container.
resource "azurerm_role_definition" "witness_writer" {
  name        = "audit-witness-writer-${local.base}-${local.suffix}"
  scope       = azurerm_storage_account.witness.id
  description = "Create and read the audit register's witnessed checkpoints; never delete them."

  permissions {
    actions = ["Microsoft.Storage/storageAccounts/blobServices/containers/read"]
    data_actions = [
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action",
    ]
  }

  assignable_scopes = [azurerm_storage_account.witness.id]
}

resource "azurerm_role_assignment" "audit_api_writes_witness" {
  scope              = azurerm_storage_container.witness.id
  role_definition_id = azurerm_role_definition.witness_writer.role_definition_resource_id
  principal_id       = module.function_app["audit-api"].principal_id
  principal_type     = "ServicePrincipal"
}

resource "azurerm_private_dns_zone" "witness_blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "witness_blob" {
  name                  = "link-witness-blob"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.witness_blob.name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = local.tags
}

resource "azurerm_private_endpoint" "witness" {
  name                = "pe-${local.base}-witness"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.this["private-endpoints"].id
  tags                = local.tags

  private_service_connection {
    name                           = "witness-blob"
    private_connection_resource_id = azurerm_storage_account.witness.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "witness-blob"
    private_dns_zone_ids = [azurerm_private_dns_zone.witness_blob.id]
  }
}
