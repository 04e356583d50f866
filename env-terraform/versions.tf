terraform {
  # timecmp() and plantimestamp() need 1.5+; 1.9 is the oldest release we test plans with.
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.42 introduced rbac_authorization_enabled on azurerm_key_vault (the non-deprecated name).
      version = ">= 4.42.0, < 5.0.0"
    }
    azapi = {
      source  = "Azure/azapi"
      version = ">= 2.2.0, < 3.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, < 4.0.0"
    }
    time = {
      source  = "hashicorp/time"
      version = ">= 0.12.0, < 1.0.0"
    }
  }

  # Remote state in an Azure Storage blob, configured at init time so no environment is
  # hard-coded here (see backend.hcl.example and README.md "Remote state"):
  #   terraform init -backend-config=backend.hcl
  # The state holds generated keys and connection strings: keep the container private,
  # reachable with Entra ID (use_azuread_auth) only, with versioning and soft delete on.
  backend "azurerm" {}
}
