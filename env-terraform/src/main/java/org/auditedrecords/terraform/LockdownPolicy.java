package org.auditedrecords.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Offline policy checks in the spirit of checkov/tfsec, each guarding one property of the
 * lockdown described in SYSTEM.md section 2. A check returns its violations, one message
 * each ({@code file:line block: what is wrong}); an empty list means the property holds.
 */
public final class LockdownPolicy {

    /**
     * References that carry a secret value: keys, passwords, connection strings, secret values.
     * Any {@code .result} counts except a {@code random_string}'s, which the random provider
     * documents as not sensitive (names and suffixes are built from it).
     */
    static final Pattern SECRET_BEARING = Pattern.compile(
            "random_password\\.|random_bytes\\.|(?<!random_string\\.[\\w-]{1,64})\\.result\\b|\\.base64\\b|\\bprimary_key\\b|\\bsecondary_key\\b"
                    + "|access_key\\b|connection_string\\b|\\bsubscription_key|master_key|sensitive_output"
                    + "|azurerm_key_vault_secret\\.[\\w\\[\\]\"-]+\\.value\\b|azurerm_api_management_subscription\\.");

    private static final Pattern VERSIONED_ID = Pattern.compile("\\.(id|resource_id|version)\\b");
    private static final String FUNCTION_APP = "azurerm_linux_function_app";
    private static final String SECRETS_USER = "Key Vault Secrets User";
    private static final String DEPLOYER = "data.azurerm_client_config.current.object_id";

    private final TerraformProject project;

    public LockdownPolicy(TerraformProject project) {
        this.project = project;
    }

    /** Every check by name, in a stable order. */
    public static Map<String, Function<LockdownPolicy, List<String>>> checks() {
        var checks = new LinkedHashMap<String, Function<LockdownPolicy, List<String>>>();
        checks.put("default-deny access restrictions", LockdownPolicy::defaultDenyAccessRestrictions);
        checks.put("https only", LockdownPolicy::httpsOnly);
        checks.put("TLS 1.2 minimum", LockdownPolicy::tls12Minimum);
        checks.put("FTP and basic-auth publishing off", LockdownPolicy::basicAuthPublishingOff);
        checks.put("all outbound traffic through the VNet", LockdownPolicy::vnetRouteAll);
        checks.put("no public access to Cosmos DB and Key Vault", LockdownPolicy::noPublicDataAccess);
        checks.put("Key Vault RBAC and purge protection", LockdownPolicy::keyVaultRbacAndPurgeProtection);
        checks.put("Key Vault roles are secret-scoped readers", LockdownPolicy::keyVaultRolesAreSecretScopedReaders);
        checks.put("no secret in outputs", LockdownPolicy::noSecretInOutputs);
        checks.put("no secret in plain app settings", LockdownPolicy::noSecretInAppSettings);
        checks.put("tracing off on gateway subscriptions", LockdownPolicy::tracingOffOnSubscriptions);
        checks.put("named values follow the latest secret version", LockdownPolicy::namedValuesAreVersionless);
        return checks;
    }

    /** Main site and SCM site deny by default; the SCM site admits only the deployer's ranges. */
    public List<String> defaultDenyAccessRestrictions() {
        var violations = new ArrayList<String>();
        for (var app : project.resources(FUNCTION_APP)) {
            if (app.block().block("site_config").isEmpty()) {
                violations.add(app.block().where() + ": site_config with default-deny access restrictions is required");
            }
        }
        forEachSiteConfig((app, site) -> {
            require(site, "ip_restriction_default_action", "Deny", violations);
            require(site, "scm_ip_restriction_default_action", "Deny", violations);
            if (!site.literal("scm_use_main_ip_restriction").orElse("false").equals("false")) {
                violations.add(site.where() + ": scm_use_main_ip_restriction must be false or absent");
            }
            for (HclBlock.NestedBlock rule : site.blocksNamed("scm_ip_restriction")) {
                boolean allow = rule.body().literal("action").orElse("Allow").equals("Allow");
                boolean deployerOnly = rule.forEach().filter(f -> f.strip().equals("var.deployer_ip_ranges")).isPresent();
                if (allow && !deployerOnly) {
                    violations.add(rule.body().where() + ": SCM allow rules may only come from var.deployer_ip_ranges");
                }
            }
        });
        return violations;
    }

    public List<String> httpsOnly() {
        var violations = new ArrayList<String>();
        project.resources(FUNCTION_APP).forEach(app -> require(app.block(), "https_only", "true", violations));
        return violations;
    }

    public List<String> tls12Minimum() {
        var violations = new ArrayList<String>();
        forEachSiteConfig((app, site) -> {
            for (String attribute : List.of("minimum_tls_version", "scm_minimum_tls_version")) {
                if (!Set.of("1.2", "1.3").contains(site.literal(attribute).orElse(""))) {
                    violations.add(site.where() + ": " + attribute + " must be set to 1.2 or 1.3");
                }
            }
        });
        return violations;
    }

    public List<String> basicAuthPublishingOff() {
        var violations = new ArrayList<String>();
        for (var app : project.resources(FUNCTION_APP)) {
            require(app.block(), "ftp_publish_basic_authentication_enabled", "false", violations);
            require(app.block(), "webdeploy_publish_basic_authentication_enabled", "false", violations);
        }
        forEachSiteConfig((app, site) -> require(site, "ftps_state", "Disabled", violations));
        return violations;
    }

    public List<String> vnetRouteAll() {
        var violations = new ArrayList<String>();
        for (var app : project.resources(FUNCTION_APP)) {
            if (app.block().attribute("virtual_network_subnet_id").isEmpty()) {
                violations.add(app.block().where() + ": virtual_network_subnet_id (VNet integration) must be set");
            }
        }
        forEachSiteConfig((app, site) -> require(site, "vnet_route_all_enabled", "true", violations));
        return violations;
    }

    /** Cosmos DB never public; Key Vault public only to the deployer's ranges, default action Deny. */
    public List<String> noPublicDataAccess() {
        var violations = new ArrayList<String>();
        for (var account : project.resources("azurerm_cosmosdb_account")) {
            require(account.block(), "public_network_access_enabled", "false", violations);
        }
        for (var vault : project.resources("azurerm_key_vault")) {
            String access = vault.block().attribute("public_network_access_enabled").orElse("true").strip();
            if (!access.equals("false") && !access.equals("length(var.deployer_ip_ranges) > 0")) {
                violations.add(vault.block().where()
                        + ": public_network_access_enabled must be false (or open only while deployer_ip_ranges is set)");
            }
            Optional<HclBlock> acls = vault.block().block("network_acls");
            if (acls.isEmpty() || !acls.get().literal("default_action").orElse("").equals("Deny")) {
                violations.add(vault.block().where() + ": network_acls.default_action must be Deny");
            }
        }
        return violations;
    }

    public List<String> keyVaultRbacAndPurgeProtection() {
        var violations = new ArrayList<String>();
        for (var vault : project.resources("azurerm_key_vault")) {
            require(vault.block(), "rbac_authorization_enabled", "true", violations);
            require(vault.block(), "purge_protection_enabled", "true", violations);
            if (vault.block().blocksNamed("access_policy").size() > 0) {
                violations.add(vault.block().where() + ": access policies bypass RBAC; use role assignments");
            }
        }
        return violations;
    }

    /**
     * Every role assignment on the vault or a secret is "Key Vault Secrets User" on ONE secret.
     * The single exception is the identity running Terraform, which writes the secrets.
     */
    public List<String> keyVaultRolesAreSecretScopedReaders() {
        var violations = new ArrayList<String>();
        for (var assignment : project.resources("azurerm_role_assignment")) {
            HclBlock b = assignment.block();
            String scope = b.attribute("scope").orElse("");
            List<String> meanings = project.expand(assignment.module(), scope);
            boolean onVault = meanings.stream().anyMatch(m -> m.contains("azurerm_key_vault") || m.contains("key_vault_id")
                    || m.contains("secret"));
            if (!onVault) {
                continue;
            }
            String role = b.literal("role_definition_name").orElse("");
            boolean deployer = b.attribute("principal_id").map(String::strip).filter(DEPLOYER::equals).isPresent();
            if (deployer && role.equals("Key Vault Secrets Officer")) {
                continue;
            }
            if (!role.equals(SECRETS_USER)) {
                violations.add(b.where() + ": role on Key Vault must be '" + SECRETS_USER + "', is '" + role + "'");
            }
            if (!scopesOneSecret(assignment.module(), scope)) {
                violations.add(b.where() + ": scope must be a single secret (resource_versionless_id), is " + scope);
            }
        }
        return violations;
    }

    private boolean scopesOneSecret(TerraformModule module, String scope) {
        String s = scope.strip();
        if (s.matches("azurerm_key_vault_secret\\.\\w+(\\[\"[^\"]+\"\\])?\\.resource_versionless_id")) {
            return true;
        }
        // module.x.secret_resource_ids["name"]: one entry of a map the module builds from secrets.
        if (s.matches("module\\.\\w+\\.\\w+\\[\"[^\"]+\"\\]")) {
            List<String> meanings = project.expand(module, s);
            return meanings.size() > 1 && meanings.subList(1, meanings.size()).stream()
                    .allMatch(m -> m.contains(".resource_versionless_id") && !m.contains("azurerm_key_vault."));
        }
        return false;
    }

    public List<String> noSecretInOutputs() {
        var violations = new ArrayList<String>();
        for (TerraformModule module : project.modules()) {
            for (HclBlock output : module.outputs().values()) {
                String value = output.attribute("value").orElse("");
                for (String meaning : project.expand(module, value)) {
                    if (SECRET_BEARING.matcher(Expressions.code(meaning)).find()) {
                        violations.add(output.where() + ": output exposes a secret-bearing value: " + meaning);
                        break;
                    }
                }
            }
        }
        return violations;
    }

    /** App settings never hold a secret; where the platform needs one it is a Key Vault reference. */
    public List<String> noSecretInAppSettings() {
        var violations = new ArrayList<String>();
        for (var app : project.resources(FUNCTION_APP)) {
            app.block().attribute("app_settings").ifPresent(settings ->
                    checkSettings(app.module(), app.block(), settings, violations));
        }
        for (TerraformModule module : project.modules()) {
            for (HclBlock call : module.moduleCalls().values()) {
                for (ForEach.Instance instance : ForEach.instances(module, call)) {
                    HclBlock block = instance.block();
                    block.attribute("app_settings").ifPresent(settings -> checkSettings(module, block, settings, violations));
                }
            }
        }
        return violations;
    }

    private void checkSettings(TerraformModule module, HclBlock owner, String settings, List<String> violations) {
        Map<String, String> entries = Expressions.mergedObjectEntries(settings);
        if (entries.isEmpty() && !settings.strip().startsWith("merge(")) {
            violations.add(owner.where() + ": app_settings must be written as a map so it can be checked");
        }
        entries.forEach((name, value) -> {
            if (value.strip().startsWith("\"@Microsoft.KeyVault(SecretUri=")) {
                return;
            }
            for (String meaning : project.expand(module, value)) {
                if (SECRET_BEARING.matcher(Expressions.code(meaning)).find()) {
                    violations.add(owner.where() + ": app setting " + name
                            + " holds a secret; use @Microsoft.KeyVault(SecretUri=...) or read it from Key Vault");
                    return;
                }
            }
        });
    }

    public List<String> tracingOffOnSubscriptions() {
        var violations = new ArrayList<String>();
        project.resources("azurerm_api_management_subscription")
                .forEach(s -> require(s.block(), "allow_tracing", "false", violations));
        return violations;
    }

    /** Named values read the versionless secret ID, so a rotated version is picked up. */
    public List<String> namedValuesAreVersionless() {
        var violations = new ArrayList<String>();
        for (var value : project.resources("azurerm_api_management_named_value")) {
            Optional<HclBlock> kv = value.block().block("value_from_key_vault");
            if (kv.isEmpty()) {
                if (value.block().literal("secret").orElse("false").equals("true")) {
                    violations.add(value.block().where() + ": secret named values must come from Key Vault");
                }
                continue;
            }
            String secretId = kv.get().attribute("secret_id").orElse("");
            boolean versionless = project.expand(value.module(), secretId).stream()
                    .skip(secretId.startsWith("module.") ? 1 : 0)
                    .allMatch(m -> m.contains("versionless_id") && !VERSIONED_ID.matcher(Expressions.code(m)).find());
            if (!versionless) {
                violations.add(value.block().where() + ": value_from_key_vault.secret_id must be a versionless_id");
            }
        }
        return violations;
    }

    private void forEachSiteConfig(java.util.function.BiConsumer<HclBlock, HclBlock> action) {
        for (var app : project.resources(FUNCTION_APP)) {
            Optional<HclBlock> site = app.block().block("site_config");
            if (site.isPresent()) {
                action.accept(app.block(), site.get());
            }
        }
    }

    static void require(HclBlock block, String attribute, String expected, List<String> violations) {
        Optional<String> actual = block.literal(attribute);
        if (!actual.equals(Optional.of(expected))) {
            violations.add(block.where() + ": " + attribute + " must be " + expected + ", is "
                    + block.attribute(attribute).orElse("absent"));
        }
    }
}
