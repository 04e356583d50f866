# Production: Premium APIM (SLA, scale units), zone-redundant Cosmos, longer retention.
# terraform plan -var-file=prod.tfvars -out=prod.tfplan
environment                  = "prod"
location                     = "westeurope"
name_prefix                  = "audrec"
apim_sku_name                = "Premium_1"
apim_publisher_email         = "platform-team@example.org"
function_plan_sku            = "EP1"
function_max_elastic_workers = 10
cosmos_max_throughput        = 4000
cosmos_backup_tier           = "Continuous30Days"
cosmos_zone_redundant        = true
log_retention_days           = 90
rate_limit_calls             = 300
front_door_enabled           = true
product_quotas = {
  integrator = 500000
  compliance = 20000
}
key_rotation_days            = 90
checkpoint_key_type          = "EC-HSM"
key_vault_sku_name           = "premium"
witness_policy_locked        = true
apply_function_keys          = true
deployer_ip_ranges           = []
tags = {
  owner        = "platform-team"
  "data-class" = "health"
}
