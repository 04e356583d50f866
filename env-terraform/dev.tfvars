# Development: Developer-tier APIM (no SLA), EP1, smallest autoscale.
# terraform plan -var-file=dev.tfvars -out=dev.tfplan
environment          = "dev"
location             = "westeurope"
name_prefix          = "audrec"
apim_sku_name        = "Developer_1"
apim_publisher_email = "platform-team@example.org"
function_plan_sku    = "EP1"
cosmos_max_throughput = 1000
cosmos_backup_tier   = "Continuous7Days"
log_retention_days   = 30
rate_limit_calls     = 100
# Front Door Premium costs ~330 USD a month before traffic: off in dev (see README "Cost").
front_door_enabled   = false
key_rotation_days    = 30
# First apply of a new environment: false, then deploy.sh, then true (see README).
apply_function_keys = true
# Closed by default: deploy from inside the VNet. For a one-off deployment from a
# workstation, pass -var 'deployer_ip_ranges=["203.0.113.10/32"]' and re-apply without it.
deployer_ip_ranges = []
tags = {
  owner = "platform-team"
}
