package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each lockdown check passes on the repository's Terraform and FAILS on a copy weakened in
 * exactly the way the check exists to catch.
 */
class LockdownPolicyTest {

    private static final String APP = "env-terraform/modules/function-app/main.tf";
    private static final String KV = "env-terraform/keyvault.tf";

    static Stream<String> checkNames() {
        return LockdownPolicy.checks().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkNames")
    void check_repositoryTerraform_hasNoViolation(String check) {
        LockdownPolicy policy = new LockdownPolicy(TerraformProject.load(Repo.ENV));

        assertThat(LockdownPolicy.checks().get(check).apply(policy)).isEmpty();
    }

    static Stream<Arguments> weakenings() {
        return Stream.of(
                weakening("default-deny access restrictions", "main site open by default", APP,
                        "ip_restriction_default_action     = \"Deny\"", "ip_restriction_default_action     = \"Allow\""),
                weakening("default-deny access restrictions", "SCM site open by default", APP,
                        "scm_ip_restriction_default_action = \"Deny\"", "scm_ip_restriction_default_action = \"Allow\""),
                weakening("default-deny access restrictions", "SCM site reuses main rules", APP,
                        "scm_use_main_ip_restriction       = false", "scm_use_main_ip_restriction       = true"),
                weakening("default-deny access restrictions", "SCM site allows the internet", APP,
                        "    # Closed unless a deployment window",
                        "    scm_ip_restriction {\n      action     = \"Allow\"\n      ip_address = \"0.0.0.0/0\"\n    }\n    # Closed unless a deployment window"),
                weakening("https only", "plain HTTP accepted", APP,
                        "https_only                                     = true", "https_only                                     = false"),
                weakening("TLS 1.2 minimum", "TLS 1.0 on the main site", APP,
                        "minimum_tls_version                    = \"1.2\"", "minimum_tls_version                    = \"1.0\""),
                weakening("TLS 1.2 minimum", "SCM TLS left to the default", APP,
                        "    scm_minimum_tls_version                = \"1.2\"\n", ""),
                weakening("FTP and basic-auth publishing off", "FTP basic auth on", APP,
                        "ftp_publish_basic_authentication_enabled       = false", "ftp_publish_basic_authentication_enabled       = true"),
                weakening("FTP and basic-auth publishing off", "WebDeploy basic auth left to the default (on)", APP,
                        "  webdeploy_publish_basic_authentication_enabled = false\n", ""),
                weakening("FTP and basic-auth publishing off", "FTPS allowed", APP,
                        "ftps_state                             = \"Disabled\"", "ftps_state                             = \"FtpsOnly\""),
                weakening("all outbound traffic through the VNet", "route-all off", APP,
                        "vnet_route_all_enabled                 = true", "vnet_route_all_enabled                 = false"),
                weakening("no public access to Cosmos DB and Key Vault", "Cosmos public", "env-terraform/cosmos.tf",
                        "public_network_access_enabled         = false", "public_network_access_enabled         = true"),
                weakening("no public access to Cosmos DB and Key Vault", "Key Vault public", KV,
                        "public_network_access_enabled = length(var.deployer_ip_ranges) > 0", "public_network_access_enabled = true"),
                weakening("no public access to Cosmos DB and Key Vault", "Key Vault firewall allows by default", KV,
                        "default_action = \"Deny\"", "default_action = \"Allow\""),
                weakening("Key Vault RBAC and purge protection", "purge protection off", KV,
                        "purge_protection_enabled   = true", "purge_protection_enabled   = false"),
                weakening("Key Vault RBAC and purge protection", "access policies instead of RBAC", KV,
                        "rbac_authorization_enabled = true", "rbac_authorization_enabled = false"),
                weakening("Key Vault roles are secret-scoped readers", "reader on the whole vault", KV,
                        "scope                = azurerm_key_vault_secret.mongodb_uri[\"patient-api\"].resource_versionless_id",
                        "scope                = azurerm_key_vault.this.id"),
                weakening("Key Vault roles are secret-scoped readers", "app may write secrets", KV,
                        "role_definition_name = \"Key Vault Secrets User\"\n  principal_id         = module.audit_api.principal_id",
                        "role_definition_name = \"Key Vault Secrets Officer\"\n  principal_id         = module.audit_api.principal_id"),
                weakening("Key Vault roles are secret-scoped readers", "platform identity reads the whole vault", APP,
                        "scope                = azurerm_key_vault_secret.content_share.resource_versionless_id",
                        "scope                = var.key_vault_id"),
                weakening("no secret in outputs", "connection string output", "env-terraform/outputs.tf",
                        "value       = azurerm_key_vault.this.vault_uri",
                        "value       = azurerm_cosmosdb_account.this[\"patient-api\"].primary_mongodb_connection_string\n  sensitive   = true"),
                weakening("no secret in outputs", "subscription key output", "env-terraform/outputs.tf",
                        "value       = azurerm_api_management.this.name",
                        "value       = azurerm_api_management_subscription.this[\"integrator\"].primary_key"),
                weakening("no secret in outputs", "generated key output from the rotation module", "key-rotation/outputs.tf",
                        "value       = local.newer_slot", "value       = random_password.slot"),
                weakening("no secret in plain app settings", "connection string in a setting", "env-terraform/functions.tf",
                        "SOURCE_SYSTEM_NAME   = \"patient-api\"",
                        "SOURCE_SYSTEM_NAME   = \"patient-api\"\n    MONGODB_URI          = azurerm_cosmosdb_account.this[\"patient-api\"].primary_mongodb_connection_string"),
                weakening("no secret in plain app settings", "storage key in a platform setting", APP,
                        "\"@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.content_share.versionless_id})\"",
                        "azurerm_storage_account.this.primary_connection_string"),
                weakening("tracing off on gateway subscriptions", "tracing allowed", "env-terraform/apim.tf",
                        "allow_tracing       = false", "allow_tracing       = true"),
                weakening("named values follow the latest secret version", "pinned secret version", "key-rotation/outputs.tf",
                        "{ for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.versionless_id }",
                        "{ for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.id }"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("weakenings")
    void check_weakenedTerraform_reportsViolation(String check, String weakening, String file, String from, String to,
                                                  @TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, file, from, to);
        Function<LockdownPolicy, List<String>> rule = LockdownPolicy.checks().get(check);

        List<String> violations = rule.apply(new LockdownPolicy(TerraformProject.load(root)));

        assertThat(violations).as(weakening).isNotEmpty();
    }

    private static Arguments weakening(String check, String description, String file, String from, String to) {
        return Arguments.of(check, description, file, from, to);
    }
}
