# The compliance console (compliance-console/): three static files served by APIM itself, from
# its own gateway, under /console/. Why APIM and not a Storage static website or the developer
# portal: the page then has the same origin as the /audit API it calls (no CORS to open, no
# second public endpoint outside the VNet lockdown, nothing to deploy but this Terraform), and
# the developer portal is built to browse operations, not to work a patient's trail. The files
# hold no data, so they need no subscription key (a browser cannot send one when it opens a
# page); the officer types the compliance key into the page, which sends it as a header on each
# /audit call and never puts it in a URL. Every file carries compliance-console/headers.json.

locals {
  console_headers = {
    for name, value in jsondecode(file("${path.module}/../compliance-console/headers.json")) : name => value
    if !startswith(name, "_")
  }
  console_files = {
    page   = { url = "/", file = "index.html", content_type = "text/html; charset=utf-8" }
    script = { url = "/console.js", file = "console.js", content_type = "text/javascript; charset=utf-8" }
    style  = { url = "/console.css", file = "console.css", content_type = "text/css; charset=utf-8" }
  }
}

resource "azurerm_api_management_api" "console" {
  name                  = "console"
  resource_group_name   = azurerm_resource_group.this.name
  api_management_name   = azurerm_api_management.this.name
  revision              = "1"
  display_name          = "Compliance console (static page)"
  path                  = "console"
  protocols             = ["https"]
  subscription_required = false
}

resource "azurerm_api_management_api_operation" "console" {
  for_each = local.console_files

  operation_id        = "console-${each.key}"
  api_name            = azurerm_api_management_api.console.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
  display_name        = "Console ${each.value.file}"
  method              = "GET"
  url_template        = each.value.url

  response {
    status_code = 200
  }
}

resource "azurerm_api_management_api_operation_policy" "console" {
  for_each = local.console_files

  api_name            = azurerm_api_management_api.console.name
  api_management_name = azurerm_api_management.this.name
  resource_group_name = azurerm_resource_group.this.name
  operation_id        = azurerm_api_management_api_operation.console[each.key].operation_id
  xml_content = templatefile("${path.module}/policies/console-file.xml", {
    content_type = each.value.content_type
    headers      = local.console_headers
    body         = file("${path.module}/../compliance-console/${each.value.file}")
  })
}
