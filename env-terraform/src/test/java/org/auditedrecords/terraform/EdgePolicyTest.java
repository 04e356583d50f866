package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.remove;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.replace;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.set;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each edge and gateway check passes on the repository's Terraform and policies, and FAILS on a copy weakened in
 * exactly the way the check exists to catch.
 */
class EdgePolicyTest {
    private static final String APIM = "env-terraform/apim.tf";
    private static final String HARDENING = "env-terraform/apim-hardening.tf";
    private static final String FRONT_DOOR = "env-terraform/frontdoor.tf";
    private static final String API_POLICY = "env-terraform/policies/api-inbound.xml";
    private static final String TLS = "APIM TLS 1.2 with strong suites only";
    private static final String DEFAULTS = "APIM defaults removed";
    private static final String WAF = "Front Door WAF in prevention";
    private static final String LOCKED = "APIM accepts only our Front Door";
    private static final String TOKENS = "token callers validated";
    private static final String LIMITS = "rate limit and daily quota per caller";

    static Stream<String> checkNames() {
        return EdgePolicy.checks().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkNames")
    void check_repositoryTerraform_hasNoViolation(String check) {
        EdgePolicy policy = new EdgePolicy(TerraformProject.load(Repo.ENV));

        assertThat(EdgePolicy.checks().get(check).apply(policy)).isEmpty();
    }

    static Stream<Arguments> weakenings() {
        return Stream.of(
                weakening(TLS, "3DES left on", APIM, set("triple_des_ciphers_enabled", "false", "true")),
                weakening(TLS, "TLS 1.0 left to the service default", APIM, remove("frontend_tls10_enabled")),
                weakening(TLS, "an RSA key-exchange suite on", APIM, set("tls_rsa_with_aes256_gcm_sha384_ciphers_enabled", "false", "true")),
                weakening(TLS, "no security block", APIM, replace("  security {", "  hardening_removed {")),
                weakening(DEFAULTS, "Starter product kept", HARDENING, remove("\"starter\"")),
                weakening(DEFAULTS, "defaults read, not deleted", HARDENING, set("method", "\"DELETE\"", "\"GET\"")),
                weakening(DEFAULTS, "delete without If-Match", HARDENING, replace("headers          = { \"If-Match\" = \"*\" }", "")),
                weakening(DEFAULTS, "all-access subscription left active", HARDENING, replace("state = \"suspended\"", "state = \"active\"")),
                weakening(DEFAULTS, "a third product", APIM, replace("    compliance = {\n      display_name = \"Compliance\"",
                        "    partner = {\n      display_name = \"Partner\"\n      description = \"\"\n      api = \"patient\"\n    }\n"
                                + "    compliance = {\n      display_name = \"Compliance\"")),
                weakening(WAF, "WAF only detecting", FRONT_DOOR, set("mode", "\"Prevention\"", "\"Detection\"")),
                weakening(WAF, "bot protection only logging", FRONT_DOOR, replace("    version = \"1.1\"\n    action  = \"Block\"",
                        "    version = \"1.1\"\n    action  = \"Log\"")),
                weakening(WAF, "OWASP rule set missing", FRONT_DOOR, replace("\"Microsoft_DefaultRuleSet\"", "\"Microsoft_Other\"")),
                weakening(WAF, "rate-limit rule only logging", FRONT_DOOR, replace("    rate_limit_threshold           = var.front_door_rate_limit_per_minute\n    action                         = \"Block\"",
                        "    rate_limit_threshold           = var.front_door_rate_limit_per_minute\n    action                         = \"Log\"")),
                weakening(WAF, "Standard tier (no managed rules)", FRONT_DOOR, set("sku_name", "\"Premium_AzureFrontDoor\"", "\"Standard_AzureFrontDoor\"")),
                weakening(WAF, "no logs to Log Analytics", FRONT_DOOR, replace("target_resource_id         = azurerm_cdn_frontdoor_profile.this[0].id",
                        "target_resource_id         = azurerm_api_management.this.id")),
                weakening(LOCKED, "APIM open to the internet behind Front Door", "env-terraform/network.tf",
                        replace("var.front_door_enabled ? \"AzureFrontDoor.Backend\" : \"Internet\"", "\"Internet\"")),
                weakening(LOCKED, "any Front Door profile accepted", "env-terraform/policies/front-door-only.xml",
                        replace("name=\"X-Azure-FDID\"", "name=\"X-Forwarded-Host\"")),
                weakening(LOCKED, "header compared with something else", FRONT_DOOR, replace(".resource_guid", ".id")),
                weakening(TOKENS, "app role not required", API_POLICY, replace("<claim name=\"roles\" match=\"any\">", "<claim name=\"scp\" match=\"any\">")),
                weakening(TOKENS, "tokens without expiry accepted", API_POLICY, replace("require-expiration-time=\"true\"", "require-expiration-time=\"false\"")),
                weakening(TOKENS, "any audience", API_POLICY, replace("<audience>${jwt_audience}</audience>", "<audience>api://any</audience>")),
                weakening(TOKENS, "token demanded of key holders too, or not at all", API_POLICY,
                        replace("@(context.Subscription == null)", "@(true)")),
                weakening(LIMITS, "no quota", API_POLICY, replace("<quota-by-key", "<quota-by-key-removed")),
                weakening(LIMITS, "hourly instead of daily", API_POLICY, replace("renewal-period=\"86400\"", "renewal-period=\"3600\"")),
                weakening(LIMITS, "one quota counter for everyone", API_POLICY,
                        replace("counter-key=\"@(&quot;${product}/&quot; + (string)context.Variables[&quot;caller-id&quot;])\"", "counter-key=\"all\"")),
                weakening(LIMITS, "quota not from the product table", APIM, set("quota_calls", "var.product_quotas[each.value.product]", "1000000")),
                weakening(LIMITS, "actor chosen before the token is read", API_POLICY,
                        replace("<value>@((string)context.Variables[\"caller-id\"])</value>", "<value>@(context.Subscription.Id)</value>")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("weakenings")
    void check_weakenedTerraform_reportsViolation(String check, String weakening, String file, WeakenedCopy.Edit edit,
                                                  @TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, file, edit);

        List<String> violations = EdgePolicy.checks().get(check).apply(new EdgePolicy(TerraformProject.load(root)));

        assertThat(violations).as(weakening).isNotEmpty();
    }

    @Test
    void render_conditionsResolved_interpolationsKept() {
        String template = "a\n%{ if on ~}\n  yes ${x}\n%{ else ~}\n  no\n%{ endif ~}\nb\n";

        assertThat(PolicyTemplate.render(template, Map.of("on", true))).isEqualTo("a\n  yes ${x}\nb\n");
        assertThat(PolicyTemplate.render(template, Map.of("on", false))).isEqualTo("a\n  no\nb\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyTemplate.render(template, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Arguments weakening(String check, String description, String file, WeakenedCopy.Edit edit) {
        return Arguments.of(check, description, file, edit);
    }
}
