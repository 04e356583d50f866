# --- No defaults left open on the API Management instance ---
# A new instance comes with an Echo API, Starter and Unlimited products (each with a subscription
# of the administrator) and a built-in all-access subscription whose keys reach every API. azurerm
# has no resource that removes an entity it did not create, so these are ARM calls (azapi) run
# once per instance: afterwards only the integrator and compliance products exist (apim.tf).
# APIM's delete and update operations require If-Match; "*" means whatever version exists.

locals {
  apim_default_entities = {
    "echo-api"  = { type = "apis", query = {} }
    "starter"   = { type = "products", query = { deleteSubscriptions = ["true"] } }
    "unlimited" = { type = "products", query = { deleteSubscriptions = ["true"] } }
  }
}

resource "azapi_resource_action" "remove_apim_default" {
  for_each = local.apim_default_entities

  type             = "Microsoft.ApiManagement/service/${each.value.type}@2022-08-01"
  resource_id      = "${azurerm_api_management.this.id}/${each.value.type}/${each.key}"
  method           = "DELETE"
  headers          = { "If-Match" = "*" }
  query_parameters = each.value.query
}

# The all-access ("master") subscription cannot be deleted; suspended, its keys are refused.
resource "azapi_resource_action" "suspend_all_access_subscription" {
  type        = "Microsoft.ApiManagement/service/subscriptions@2022-08-01"
  resource_id = "${azurerm_api_management.this.id}/subscriptions/master"
  method      = "PATCH"
  headers     = { "If-Match" = "*" }
  body = {
    properties = {
      state = "suspended"
    }
  }
}
