# Committed-write events (SYSTEM.md section 7): the Patient API's outbox relay publishes
# CloudEvents to one custom topic, with its managed identity (local auth is off), over a
# private endpoint. Subscriptions filter by event type, retry with Event Grid's exponential
# backoff, and dead-letter to a private blob container with the topic's own identity.

variable "event_delivery_attempts" {
  description = "Delivery attempts per event and subscription before it is dead-lettered (1-30)."
  type        = number
  default     = 30

  validation {
    condition     = var.event_delivery_attempts >= 1 && var.event_delivery_attempts <= 30
    error_message = "event_delivery_attempts must be between 1 and 30, as Event Grid allows."
  }
}

variable "event_time_to_live_minutes" {
  description = "Minutes an undelivered event is retried before it is dead-lettered (1-1440)."
  type        = number
  default     = 1440

  validation {
    condition     = var.event_time_to_live_minutes >= 1 && var.event_time_to_live_minutes <= 1440
    error_message = "event_time_to_live_minutes must be between 1 and 1440, as Event Grid allows."
  }
}

locals {
  # The CloudEvents types the Patient API publishes (org.auditedrecords.events.EventType).
  patient_event_types = [
    "org.auditedrecords.PatientCreated",
    "org.auditedrecords.PatientUpdated",
    "org.auditedrecords.TestResultRecorded",
    "org.auditedrecords.TestResultUpdated",
  ]
}

resource "azurerm_eventgrid_topic" "patient_events" {
  name                = "evgt-${local.base}-patient-${local.suffix}"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  input_schema        = "CloudEventSchemaV1_0"

  # Publishers authenticate with Entra ID only, and only through the private endpoint.
  local_auth_enabled            = false
  public_network_access_enabled = false

  # The identity that writes dead letters; it holds no other role.
  identity {
    type = "SystemAssigned"
  }

  tags = local.tags
}

# The Patient API's own identity may send events to this topic and do nothing else with it.
resource "azurerm_role_assignment" "patient_api_sends_events" {
  scope                = azurerm_eventgrid_topic.patient_events.id
  role_definition_name = "EventGrid Data Sender"
  principal_id         = module.function_app["patient-api"].principal_id
}

resource "azurerm_private_dns_zone" "eventgrid" {
  name                = "privatelink.eventgrid.azure.net"
  resource_group_name = azurerm_resource_group.this.name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "eventgrid" {
  name                  = "link-eventgrid"
  resource_group_name   = azurerm_resource_group.this.name
  private_dns_zone_name = azurerm_private_dns_zone.eventgrid.name
  virtual_network_id    = azurerm_virtual_network.this.id
  registration_enabled  = false
  tags                  = local.tags
}

resource "azurerm_private_endpoint" "eventgrid" {
  name                = "pe-${local.base}-eventgrid"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.this["private-endpoints"].id
  tags                = local.tags

  private_service_connection {
    name                           = "eventgrid"
    private_connection_resource_id = azurerm_eventgrid_topic.patient_events.id
    subresource_names              = ["topic"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "eventgrid"
    private_dns_zone_ids = [azurerm_private_dns_zone.eventgrid.id]
  }
}

# Dead letters and the example subscriber's queue. No shared keys, no public blobs; only
# trusted Azure services (Event Grid, with its managed identity) get through the firewall.
resource "azurerm_storage_account" "events" {
  name                            = substr("stev${replace(var.name_prefix, "-", "")}${var.environment}${local.suffix}", 0, 24)
  resource_group_name             = azurerm_resource_group.this.name
  location                        = azurerm_resource_group.this.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
    ip_rules       = [for cidr in var.deployer_ip_ranges : trimsuffix(cidr, "/32")]
  }

  tags = local.tags
}

resource "azurerm_storage_container" "dead_letters" {
  name                  = "event-dead-letters"
  storage_account_id    = azurerm_storage_account.events.id
  container_access_type = "private"
}

resource "azurerm_storage_queue" "example_subscriber" {
  name                 = "patient-events-example"
  storage_account_name = azurerm_storage_account.events.name
}

resource "azurerm_role_assignment" "topic_writes_dead_letters" {
  scope                = azurerm_storage_container.dead_letters.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_eventgrid_topic.patient_events.identity[0].principal_id
}

resource "azurerm_role_assignment" "topic_sends_to_example_queue" {
  scope                = azurerm_storage_queue.example_subscriber.resource_manager_id
  role_definition_name = "Storage Queue Data Message Sender"
  principal_id         = azurerm_eventgrid_topic.patient_events.identity[0].principal_id
}

# One example subscription: every Patient API event type into a storage queue that a consumer
# drains. A webhook consumer is subscribed the same way with a webhook_endpoint instead (the
# local stack shows one). Consumers dedupe by event id and ignore versions older than one seen.
resource "azurerm_eventgrid_event_subscription" "example" {
  name                  = "example-subscriber"
  scope                 = azurerm_eventgrid_topic.patient_events.id
  event_delivery_schema = "CloudEventSchemaV1_0"
  included_event_types  = local.patient_event_types

  delivery_identity {
    type = "SystemAssigned"
  }

  storage_queue_endpoint {
    storage_account_id = azurerm_storage_account.events.id
    queue_name         = azurerm_storage_queue.example_subscriber.name
  }

  retry_policy {
    max_delivery_attempts = var.event_delivery_attempts
    event_time_to_live    = var.event_time_to_live_minutes
  }

  dead_letter_identity {
    type = "SystemAssigned"
  }

  storage_blob_dead_letter_destination {
    storage_account_id          = azurerm_storage_account.events.id
    storage_blob_container_name = azurerm_storage_container.dead_letters.name
  }

  depends_on = [azurerm_role_assignment.topic_writes_dead_letters, azurerm_role_assignment.topic_sends_to_example_queue]
}
