package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.remove;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.replace;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.set;

import java.nio.file.Path;
import java.util.List;
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
    private static final String DENY_ACCESS = "default-deny access restrictions";
    private static final String NO_PUBLIC_DATA = "no public access to Cosmos DB and Key Vault";
    private static final String KV_READERS = "Key Vault roles are secret-scoped readers";
    private static final String NO_SECRET_OUTPUT = "no secret in outputs";
    private static final String NO_SECRET_SETTING = "no secret in plain app settings";
    private static final String REGISTER = "env-terraform/audit-register.tf";
    private static final String KEY = "checkpoint key is a non-exportable EC P-256 signing key";
    private static final String KEY_ROLES = "checkpoint key roles only sign and read, or administer without signing";
    private static final String WITNESS = "witness storage is private and identity-only";
    private static final String WORM = "witness container is immutable and its writer cannot delete";

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
                weakening(DENY_ACCESS, "main site open by default", APP, set("ip_restriction_default_action", "\"Deny\"", "\"Allow\"")),
                weakening(DENY_ACCESS, "SCM site open by default", APP, set("scm_ip_restriction_default_action", "\"Deny\"", "\"Allow\"")),
                weakening(DENY_ACCESS, "SCM site reuses main rules", APP, set("scm_use_main_ip_restriction", "false", "true")),
                weakening(DENY_ACCESS, "SCM site allows the internet", APP, replace("    # Closed unless a deployment window",
                        "    scm_ip_restriction {\n      action     = \"Allow\"\n      ip_address = \"0.0.0.0/0\"\n    }\n"
                                + "    # Closed unless a deployment window")),
                weakening("https only", "plain HTTP accepted", APP, set("https_only", "true", "false")),
                weakening("TLS 1.2 minimum", "TLS 1.0 on the main site", APP, set("minimum_tls_version", "\"1.2\"", "\"1.0\"")),
                weakening("TLS 1.2 minimum", "SCM TLS left to the default", APP, remove("scm_minimum_tls_version")),
                weakening("FTP and basic-auth publishing off", "FTP basic auth on", APP,
                        set("ftp_publish_basic_authentication_enabled", "false", "true")),
                weakening("FTP and basic-auth publishing off", "WebDeploy basic auth left to the default (on)", APP,
                        remove("webdeploy_publish_basic_authentication_enabled")),
                weakening("FTP and basic-auth publishing off", "FTPS allowed", APP, set("ftps_state", "\"Disabled\"", "\"FtpsOnly\"")),
                weakening("all outbound traffic through the VNet", "route-all off", APP, set("vnet_route_all_enabled", "true", "false")),
                weakening(NO_PUBLIC_DATA, "Cosmos public", "env-terraform/cosmos.tf", set("public_network_access_enabled", "false", "true")),
                weakening(NO_PUBLIC_DATA, "Key Vault public", KV,
                        set("public_network_access_enabled", "length(var.deployer_ip_ranges) > 0", "true")),
                weakening(NO_PUBLIC_DATA, "Key Vault firewall allows by default", KV, set("default_action", "\"Deny\"", "\"Allow\"")),
                weakening("Key Vault RBAC and purge protection", "purge protection off", KV, set("purge_protection_enabled", "true", "false")),
                weakening("Key Vault RBAC and purge protection", "access policies instead of RBAC", KV,
                        set("rbac_authorization_enabled", "true", "false")),
                weakening(KV_READERS, "one reader on the whole vault", KV,
                        set("scope", "azurerm_key_vault_secret.mongodb_uri[\"patient-api\"].resource_versionless_id", "azurerm_key_vault.this.id")),
                weakening(KV_READERS, "apps may write secrets", KV,
                        set("role_definition_name", "\"Key Vault Secrets User\"", "\"Key Vault Secrets Officer\"")),
                weakening(KV_READERS, "platform identity reads the whole vault", APP,
                        set("scope", "azurerm_key_vault_secret.content_share.resource_versionless_id", "var.key_vault_id")),
                weakening(NO_SECRET_OUTPUT, "connection string output", "env-terraform/outputs.tf",
                        replace("value       = azurerm_key_vault.this.vault_uri",
                                "value       = azurerm_cosmosdb_account.this[\"patient-api\"].primary_mongodb_connection_string\n  sensitive   = true")),
                weakening(NO_SECRET_OUTPUT, "subscription key output", "env-terraform/outputs.tf",
                        set("value", "azurerm_api_management.this.name", "azurerm_api_management_subscription.this[\"integrator\"].primary_key")),
                weakening(NO_SECRET_OUTPUT, "generated key output from the rotation module", "key-rotation/outputs.tf",
                        set("value", "local.newer_slot", "random_password.slot")),
                weakening(NO_SECRET_SETTING, "connection string in a setting", "env-terraform/functions.tf",
                        replace("SOURCE_SYSTEM_NAME   = \"patient-api\"", "SOURCE_SYSTEM_NAME   = \"patient-api\"\n"
                                + "        MONGODB_URI          = azurerm_cosmosdb_account.this[\"patient-api\"].primary_mongodb_connection_string")),
                weakening(NO_SECRET_SETTING, "a key value instead of the checkpoint key's name", "env-terraform/functions.tf",
                        set("AUDIT_CHECKPOINT_KEY_NAME", "azurerm_key_vault_key.checkpoint.name", "random_password.slot[\"x\"].result")),
                weakening(NO_SECRET_SETTING, "storage key in a platform setting", APP,
                        replace("\"@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.content_share.versionless_id})\"",
                                "azurerm_storage_account.this.primary_connection_string")),
                weakening("tracing off on gateway subscriptions", "tracing allowed", "env-terraform/apim.tf",
                        set("allow_tracing", "false", "true")),
                weakening(KEY, "P-384 curve", REGISTER, set("curve", "\"P-256\"", "\"P-384\"")),
                weakening(KEY, "RSA key", REGISTER, set("key_type", "var.checkpoint_key_type", "\"RSA-HSM\"")),
                weakening(KEY, "key also decrypts", REGISTER, set("key_opts", "[\"sign\", \"verify\"]", "[\"sign\", \"verify\", \"decrypt\"]")),
                weakening(KEY, "key destroyable", REGISTER, replace("    prevent_destroy = true\n    precondition", "    precondition")),
                weakening(KEY_ROLES, "signer may also decrypt", REGISTER, replace("\"Microsoft.KeyVault/vaults/keys/sign/action\",",
                        "\"Microsoft.KeyVault/vaults/keys/sign/action\",\n      \"Microsoft.KeyVault/vaults/keys/decrypt/action\",")),
                weakening(KEY_ROLES, "signer holds the built-in Crypto User role", REGISTER,
                        replace("role_definition_id = azurerm_role_definition.checkpoint_signer.role_definition_resource_id",
                                "role_definition_name = \"Key Vault Crypto User\"")),
                weakening(KEY_ROLES, "signer role on the whole vault", REGISTER,
                        set("scope", "azurerm_key_vault_key.checkpoint.resource_versionless_id", "azurerm_key_vault.this.id")),
                weakening(KEY_ROLES, "deployer may sign", REGISTER, replace("\"Microsoft.KeyVault/vaults/keys/rotate/action\",",
                        "\"Microsoft.KeyVault/vaults/keys/rotate/action\",\n      \"Microsoft.KeyVault/vaults/keys/sign/action\",")),
                weakening(WITNESS, "shared key access", REGISTER, set("shared_access_key_enabled", "false", "true")),
                weakening(WITNESS, "public network access", REGISTER, set("public_network_access_enabled", "false", "true")),
                weakening(WITNESS, "TLS 1.0", REGISTER, set("min_tls_version", "\"TLS1_2\"", "\"TLS1_0\"")),
                weakening(WITNESS, "no blob private endpoint", REGISTER, set("subresource_names", "[\"blob\"]", "[\"file\"]")),
                weakening(WORM, "no immutability policy on the container", REGISTER,
                        set("storage_container_resource_manager_id", "azurerm_storage_container.witness.id", "azurerm_storage_container.other.id")),
                weakening(WORM, "writer may delete", REGISTER, replace("\"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\",",
                        "\"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\",\n      \"Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\",")),
                weakening(WORM, "writer holds Storage Blob Data Contributor", REGISTER,
                        replace("role_definition_id = azurerm_role_definition.witness_writer.role_definition_resource_id",
                                "role_definition_name = \"Storage Blob Data Contributor\"")),
                weakening("named values follow the latest secret version", "pinned secret version", "key-rotation/outputs.tf",
                        replace("{ for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.versionless_id }",
                                "{ for c, s in azurerm_key_vault_secret.consumer_key : s.name => s.id }")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("weakenings")
    void check_weakenedTerraform_reportsViolation(String check, String weakening, String file, WeakenedCopy.Edit edit,
                                                  @TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, file, edit);

        List<String> violations = LockdownPolicy.checks().get(check).apply(new LockdownPolicy(TerraformProject.load(root)));

        assertThat(violations).as(weakening).isNotEmpty();
    }

    private static Arguments weakening(String check, String description, String file, WeakenedCopy.Edit edit) {
        return Arguments.of(check, description, file, edit);
    }
}
