provider "azurerm" {
  # Null falls back to ARM_SUBSCRIPTION_ID, which azurerm 4.x otherwise requires.
  subscription_id = var.subscription_id

  features {
    key_vault {
      # Purge protection is on, so a purge would fail anyway; never try one on destroy.
      purge_soft_delete_on_destroy    = false
      recover_soft_deleted_key_vaults = true
    }
  }
}

provider "azapi" {}

data "azurerm_client_config" "current" {}
