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
        checks.put("checkpoint key is a non-exportable EC P-256 signing key", LockdownPolicy::checkpointKeyIsEcSigningKey);
        checks.put("checkpoint key roles only sign and read, or administer without signing", LockdownPolicy::checkpointKeyRoles);
        checks.put("witness storage is private and identity-only", LockdownPolicy::witnessStorageIsPrivate);
        checks.put("witness container is immutable and its writer cannot delete", LockdownPolicy::witnessIsWorm);
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
     * The exceptions are the identity running Terraform, which writes the secrets, and the custom
     * roles on the checkpoint key, which {@link #checkpointKeyRoles} checks.
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
            if (customRole(assignment).isPresent()) {
                continue; // a custom role on the checkpoint key: checkpointKeyRoles checks what it grants
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

    /** Records a violation unless {@code attribute} is the literal {@code expected}; shared with {@link EventPolicy}. */
    static void require(HclBlock block, String attribute, String expected, List<String> violations) {
        Optional<String> actual = block.literal(attribute);
        if (!actual.equals(Optional.of(expected))) {
            violations.add(block.where() + ": " + attribute + " must be " + expected + ", is "
                    + block.attribute(attribute).orElse("absent"));
        }
    }

    private static final Set<String> SIGN_AND_READ = Set.of("Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/sign/action");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ROLE_REF = Pattern.compile("azurerm_role_definition\\.(\\w+)\\.role_definition_resource_id");

    /** The checkpoint key: EC (or EC-HSM) on P-256, for sign and verify only, never destroyed by Terraform. */
    public List<String> checkpointKeyIsEcSigningKey() {
        var violations = new ArrayList<String>();
        var keys = project.resources("azurerm_key_vault_key");
        if (keys.isEmpty()) {
            violations.add("no azurerm_key_vault_key: the checkpoint key must be a Key Vault key");
        }
        for (var key : keys) {
            HclBlock b = key.block();
            String type = b.attribute("key_type").orElse("").strip();
            if (!type.equals("\"EC\"") && !type.equals("\"EC-HSM\"") && !type.equals("var.checkpoint_key_type")) {
                violations.add(b.where() + ": key_type must be EC or EC-HSM, is " + type);
            }
            require(b, "curve", "P-256", violations);
            List<String> ops = quoted(b.attribute("key_opts").orElse(""));
            if (!Set.copyOf(ops).equals(Set.of("sign", "verify")) || ops.size() != 2) {
                violations.add(b.where() + ": key_opts must be exactly sign and verify, is " + ops);
            }
            boolean kept = b.block("lifecycle").flatMap(l -> l.literal("prevent_destroy")).filter("true"::equals).isPresent();
            if (!kept) {
                violations.add(b.where() + ": the checkpoint key needs prevent_destroy (old versions verify old checkpoints)");
            }
        }
        return violations;
    }

    /**
     * Custom roles on the vault or the key: assigned on the one key they may sign with, they grant only
     * keys/read and keys/sign/action; assigned to the deployer on the vault, they grant no sign at all.
     */
    public List<String> checkpointKeyRoles() {
        var violations = new ArrayList<String>();
        for (var assignment : project.resources("azurerm_role_assignment")) {
            HclBlock b = assignment.block();
            String scope = b.attribute("scope").orElse("").strip();
            Optional<HclBlock> role = customRole(assignment);
            boolean onKey = scope.contains("azurerm_key_vault_key.");
            if (onKey && role.isEmpty()) {
                violations.add(b.where() + ": a role on the checkpoint key must be a custom role granting only sign and read");
            }
            if (role.isEmpty() || !(onKey || scope.contains("azurerm_key_vault."))) {
                continue;
            }
            List<String> dataActions = permissions(role.get(), "data_actions");
            boolean deployer = b.attribute("principal_id").map(String::strip).filter(DEPLOYER::equals).isPresent();
            if (onKey && !scope.matches("azurerm_key_vault_key\\.\\w+\\.resource_versionless_id")) {
                violations.add(b.where() + ": scope must be the one key (resource_versionless_id), is " + scope);
            }
            if (onKey && (!SIGN_AND_READ.containsAll(dataActions) || !permissions(role.get(), "actions").isEmpty())) {
                violations.add(b.where() + ": the signer's role may grant only " + SIGN_AND_READ + ", grants " + dataActions);
            }
            if (!onKey && (!deployer || dataActions.stream().anyMatch(a -> a.contains("sign") || a.contains("*")))) {
                violations.add(b.where() + ": only the deployer holds a custom role on the vault, and it must not sign");
            }
        }
        return violations;
    }

    /** The witness account: no shared key, no public network, TLS 1.2, reached through a blob private endpoint. */
    public List<String> witnessStorageIsPrivate() {
        var violations = new ArrayList<String>();
        var witnesses = project.resources("azurerm_storage_account").stream()
                .filter(a -> a.block().label(1).equals("witness")).toList();
        if (witnesses.isEmpty()) {
            violations.add("no azurerm_storage_account.witness: checkpoints need a witness outside the audit database");
        }
        for (var account : witnesses) {
            HclBlock b = account.block();
            require(b, "shared_access_key_enabled", "false", violations);
            require(b, "public_network_access_enabled", "false", violations);
            require(b, "min_tls_version", "TLS1_2", violations);
            require(b, "allow_nested_items_to_be_public", "false", violations);
            boolean endpoint = project.resources("azurerm_private_endpoint").stream()
                    .map(e -> e.block().block("private_service_connection"))
                    .flatMap(Optional::stream)
                    .anyMatch(c -> c.attribute("private_connection_resource_id").orElse("").strip()
                            .equals("azurerm_storage_account.witness.id")
                            && quoted(c.attribute("subresource_names").orElse("")).equals(List.of("blob")));
            if (!endpoint) {
                violations.add(b.where() + ": the witness account needs a private endpoint for blob");
            }
        }
        return violations;
    }

    /** Each witness container has a time-based retention policy; its writer's role has no delete. */
    public List<String> witnessIsWorm() {
        var violations = new ArrayList<String>();
        for (var container : project.resources("azurerm_storage_container")) {
            String ref = "azurerm_storage_container." + container.block().label(1) + ".id";
            if (!container.block().attribute("storage_account_id").orElse("").contains("azurerm_storage_account.witness")) {
                continue;
            }
            Optional<HclBlock> policy = project.resources("azurerm_storage_container_immutability_policy").stream()
                    .map(TerraformProject.Located::block)
                    .filter(p -> p.attribute("storage_container_resource_manager_id").orElse("").strip().equals(ref))
                    .findFirst();
            if (policy.isEmpty() || policy.get().attribute("immutability_period_in_days").isEmpty()) {
                violations.add(container.block().where() + ": the witness container needs a time-based immutability policy");
            }
            for (var assignment : project.resources("azurerm_role_assignment")) {
                if (!assignment.block().attribute("scope").orElse("").strip().equals(ref)) {
                    continue;
                }
                Optional<HclBlock> role = customRole(assignment);
                List<String> granted = role.map(r -> permissions(r, "data_actions")).orElse(List.of("built-in role"));
                if (role.isEmpty() || granted.stream().anyMatch(a -> a.contains("delete") || a.contains("*"))) {
                    violations.add(assignment.block().where() + ": the witness writer's role must be custom and grant no delete, grants " + granted);
                }
            }
        }
        return violations;
    }

    private Optional<HclBlock> customRole(TerraformProject.Located assignment) {
        var matcher = ROLE_REF.matcher(assignment.block().attribute("role_definition_id").orElse(""));
        if (!matcher.find()) {
            return Optional.empty();
        }
        return assignment.module().resource("azurerm_role_definition", matcher.group(1));
    }

    private static List<String> permissions(HclBlock role, String attribute) {
        return role.block("permissions").flatMap(p -> p.attribute(attribute)).map(LockdownPolicy::quoted).orElse(List.of());
    }

    private static List<String> quoted(String expression) {
        var values = new ArrayList<String>();
        var matcher = QUOTED.matcher(expression);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }
}
