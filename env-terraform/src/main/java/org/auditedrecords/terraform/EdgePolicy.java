package org.auditedrecords.terraform;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Offline checks of the public edge and the gateway (issue 16): Front Door's WAF and APIM's lock to it, APIM's TLS
 * settings and removed defaults, and what the API policy does with callers (validate-jwt, rate limit, quota). Like
 * {@link LockdownPolicy}, a check returns one message per violation; empty means the property holds. The policy
 * templates are read as XML after their {@code %{ if }} directives are resolved ({@link PolicyTemplate}).
 */
public final class EdgePolicy {
    /** Every {@code security} switch of azurerm_api_management: each enables an obsolete protocol or a weak suite. */
    static final List<String> WEAK_TLS = List.of("frontend_ssl30_enabled", "frontend_tls10_enabled", "frontend_tls11_enabled",
            "backend_ssl30_enabled", "backend_tls10_enabled", "backend_tls11_enabled", "triple_des_ciphers_enabled",
            "tls_ecdhe_ecdsa_with_aes128_cbc_sha_ciphers_enabled", "tls_ecdhe_ecdsa_with_aes256_cbc_sha_ciphers_enabled",
            "tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled", "tls_ecdhe_rsa_with_aes256_cbc_sha_ciphers_enabled",
            "tls_rsa_with_aes128_cbc_sha256_ciphers_enabled", "tls_rsa_with_aes128_cbc_sha_ciphers_enabled",
            "tls_rsa_with_aes128_gcm_sha256_ciphers_enabled", "tls_rsa_with_aes256_cbc_sha256_ciphers_enabled",
            "tls_rsa_with_aes256_cbc_sha_ciphers_enabled", "tls_rsa_with_aes256_gcm_sha384_ciphers_enabled");
    static final Set<String> DEFAULT_ENTITIES = Set.of("apis/echo-api", "products/starter", "products/unlimited");
    static final Set<String> PRODUCTS = Set.of("integrator", "compliance");
    private static final Pattern TEMPLATE_FILE = Pattern.compile("templatefile\\(\"\\$\\{path\\.module}/([^\"]+)\"");
    private static final String CALLER_ID = "context.Variables[\"caller-id\"]";

    private final TerraformProject project;
    private final TerraformModule root;

    public EdgePolicy(TerraformProject project) {
        this.project = project;
        this.root = project.root();
    }

    /** Every check by name, in a stable order. */
    public static Map<String, Function<EdgePolicy, List<String>>> checks() {
        var checks = new LinkedHashMap<String, Function<EdgePolicy, List<String>>>();
        checks.put("APIM TLS 1.2 with strong suites only", EdgePolicy::apimTlsHardened);
        checks.put("APIM defaults removed", EdgePolicy::apimDefaultsRemoved);
        checks.put("Front Door WAF in prevention", EdgePolicy::frontDoorWafInPrevention);
        checks.put("APIM accepts only our Front Door", EdgePolicy::apimAcceptsOnlyFrontDoor);
        checks.put("token callers validated", EdgePolicy::tokenCallersValidated);
        checks.put("rate limit and daily quota per caller", EdgePolicy::limitsPerCaller);
        return checks;
    }

    public List<String> apimTlsHardened() {
        var violations = new ArrayList<String>();
        for (var apim : project.resources("azurerm_api_management")) {
            Optional<HclBlock> security = apim.block().block("security");
            if (security.isEmpty()) {
                violations.add(apim.block().where() + ": a security block must disable the legacy protocols and suites");
                continue;
            }
            for (String weak : WEAK_TLS) {
                if (!security.get().literal(weak).equals(Optional.of("false"))) {
                    violations.add(security.get().where() + ": " + weak + " must be false, is "
                            + security.get().attribute(weak).orElse("absent (the service default)"));
                }
            }
        }
        return violations;
    }

    /** The Echo API and the Starter/Unlimited products are deleted, the all-access subscription suspended; two products. */
    public List<String> apimDefaultsRemoved() {
        var deleted = new TreeSet<String>();
        boolean suspended = false;
        for (var action : project.resources("azapi_resource_action")) {
            HclBlock b = action.block();
            String id = b.attribute("resource_id").orElse("");
            String method = b.literal("method").orElse("POST");
            boolean wildcard = b.attribute("headers").orElse("").replace(" ", "").contains("\"If-Match\"=\"*\"");
            for (String entity : DEFAULT_ENTITIES) {
                String[] parts = entity.split("/");
                String resolved = id.replace("${\"" + parts[0] + "\"}", parts[0]).replace("${\"" + parts[1] + "\"}", parts[1]);
                if (resolved.endsWith("/" + entity + "\"") && method.equals("DELETE") && wildcard) {
                    deleted.add(entity);
                }
            }
            if (id.endsWith("/subscriptions/master\"") && method.equals("PATCH") && wildcard
                    && b.attribute("body").orElse("").replace(" ", "").contains("state=\"suspended\"")) {
                suspended = true;
            }
        }
        var violations = new ArrayList<String>();
        for (String entity : DEFAULT_ENTITIES) {
            if (!deleted.contains(entity)) {
                violations.add("APIM default " + entity + " is not deleted (azapi_resource_action DELETE with If-Match *)");
            }
        }
        if (!suspended) {
            violations.add("the built-in all-access subscription (subscriptions/master) is not suspended");
        }
        Set<String> products = new TreeSet<>();
        project.resources("azurerm_api_management_product").forEach(p -> p.block().literal("product_id").ifPresent(products::add));
        if (!products.equals(PRODUCTS)) {
            violations.add("the products must be exactly " + new TreeSet<>(PRODUCTS) + ", are " + products);
        }
        return violations;
    }

    public List<String> frontDoorWafInPrevention() {
        var violations = new ArrayList<String>();
        List<TerraformProject.Located> profiles = project.resources("azurerm_cdn_frontdoor_profile");
        List<TerraformProject.Located> wafs = project.resources("azurerm_cdn_frontdoor_firewall_policy");
        if (profiles.isEmpty() || wafs.isEmpty() || project.resources("azurerm_cdn_frontdoor_security_policy").isEmpty()) {
            violations.add("a Front Door profile, its WAF policy and the security policy binding them must be declared");
        }
        profiles.forEach(p -> LockdownPolicy.require(p.block(), "sku_name", "Premium_AzureFrontDoor", violations));
        for (var waf : wafs) {
            HclBlock b = waf.block();
            LockdownPolicy.require(b, "mode", "Prevention", violations);
            LockdownPolicy.require(b, "enabled", "true", violations);
            Map<String, String> managed = new LinkedHashMap<>();
            b.blocksNamed("managed_rule").forEach(r -> managed.put(r.body().literal("type").orElse(""),
                    r.body().literal("action").orElse("")));
            for (String ruleSet : List.of("Microsoft_DefaultRuleSet", "Microsoft_BotManagerRuleSet")) {
                if (!"Block".equals(managed.get(ruleSet))) {
                    violations.add(b.where() + ": managed rule set " + ruleSet + " must be on with action Block");
                }
            }
            boolean rateLimit = b.blocksNamed("custom_rule").stream().map(HclBlock.NestedBlock::body)
                    .anyMatch(r -> r.literal("type").equals(Optional.of("RateLimitRule"))
                            && r.literal("action").equals(Optional.of("Block")) && r.literal("enabled").orElse("true").equals("true"));
            if (!rateLimit) {
                violations.add(b.where() + ": a blocking RateLimitRule custom rule is required");
            }
        }
        boolean logged = project.resources("azurerm_monitor_diagnostic_setting").stream()
                .anyMatch(d -> d.block().attribute("target_resource_id").orElse("").contains("azurerm_cdn_frontdoor_profile."));
        if (!logged) {
            violations.add("the Front Door profile's logs (access, WAF) must go to Log Analytics");
        }
        return violations;
    }

    /** With Front Door on, APIM's subnet admits HTTPS only from Front Door, and APIM checks our profile's id. */
    public List<String> apimAcceptsOnlyFrontDoor() {
        var violations = new ArrayList<String>();
        String rules = root.locals().getOrDefault("apim_nsg_rules", "");
        String https = Expressions.objectEntries(rules).getOrDefault("allow-client-https-in", "");
        String source = Expressions.objectEntries(https).getOrDefault("source", "");
        if (!source.replace(" ", "").equals("var.front_door_enabled?\"AzureFrontDoor.Backend\":\"Internet\"")) {
            violations.add("network.tf allow-client-https-in: source must be AzureFrontDoor.Backend when front_door_enabled, is "
                    + source);
        }
        Optional<HclBlock> policy = root.resource("azurerm_api_management_policy", "front_door_only");
        if (policy.isEmpty()) {
            violations.add("a service-level APIM policy (azurerm_api_management_policy.front_door_only) must check X-Azure-FDID");
            return violations;
        }
        String content = policy.get().attribute("xml_content").orElse("");
        if (!content.replace(" ", "").contains("front_door_id=azurerm_cdn_frontdoor_profile.this[0].resource_guid")) {
            violations.add(policy.get().where() + ": front_door_id must be the profile's resource_guid");
        }
        Document xml = policyXml(content, Map.of());
        List<Element> checks = elements(xml, "check-header").stream()
                .filter(e -> e.getAttribute("name").equalsIgnoreCase("X-Azure-FDID")).toList();
        boolean exact = checks.stream().anyMatch(e -> e.getAttribute("failed-check-httpcode").equals("403")
                && elements(e, "value").size() == 1 && elements(e, "value").get(0).getTextContent().strip().equals("${front_door_id}")
                && e.getParentNode().getNodeName().equals("inbound"));
        if (!exact) {
            violations.add(policy.get().where() + ": inbound must check-header X-Azure-FDID equal to ${front_door_id} (only), else 403");
        }
        return violations;
    }

    /** The integrator API, when token callers are on, demands a signed, unexpired token of tenant, audience and role. */
    public List<String> tokenCallersValidated() {
        var violations = new ArrayList<String>();
        Document on = apiPolicy(true);
        List<Element> jwt = elements(on, "validate-jwt");
        if (jwt.size() != 1) {
            return List.of("the API policy must hold one validate-jwt for token callers, holds " + jwt.size());
        }
        Element v = jwt.get(0);
        Map<String, String> required = Map.of("header-name", "Authorization", "failed-validation-httpcode", "401",
                "require-expiration-time", "true", "require-signed-tokens", "true");
        required.forEach((attribute, value) -> {
            if (!v.getAttribute(attribute).equals(value)) {
                violations.add("validate-jwt " + attribute + " must be " + value + ", is '" + v.getAttribute(attribute) + "'");
            }
        });
        expectText(v, "audience", "${jwt_audience}", violations);
        expectText(v, "issuer", "https://login.microsoftonline.com/${jwt_tenant_id}/v2.0", violations);
        Map<String, String> claims = new LinkedHashMap<>();
        elements(v, "claim").forEach(c -> claims.put(c.getAttribute("name"), c.getTextContent().strip()));
        if (!"${jwt_required_role}".equals(claims.get("roles")) || !"${jwt_tenant_id}".equals(claims.get("tid"))) {
            violations.add("validate-jwt must require the app role in roles and the tenant in tid, requires " + claims);
        }
        if (!((Element) v.getParentNode()).getAttribute("condition").equals("@(context.Subscription == null)")) {
            violations.add("validate-jwt must apply exactly to calls without a subscription key");
        }
        if (elements(apiPolicy(false), "validate-jwt").size() != 0) {
            violations.add("without entra_callers the API policy must not accept tokens");
        }
        return violations;
    }

    /** One caller id decides the rate limit, the product quota (per day) and the audit actor, with or without tokens. */
    public List<String> limitsPerCaller() {
        var violations = new ArrayList<String>();
        for (boolean tokens : new boolean[] {true, false}) {
            Document xml = apiPolicy(tokens);
            String where = "API policy (token callers " + (tokens ? "on" : "off") + ")";
            List<Element> rate = elements(xml, "rate-limit-by-key");
            List<Element> quota = elements(xml, "quota-by-key");
            if (rate.size() != 1 || !rate.get(0).getAttribute("counter-key").contains(CALLER_ID)) {
                violations.add(where + ": one rate-limit-by-key counted per caller-id is required");
            }
            if (quota.size() != 1 || !quota.get(0).getAttribute("counter-key").contains(CALLER_ID)
                    || !quota.get(0).getAttribute("counter-key").contains("${product}")
                    || !quota.get(0).getAttribute("renewal-period").equals("86400")
                    || !quota.get(0).getAttribute("calls").equals("${quota_calls}")) {
                violations.add(where + ": one quota-by-key of ${quota_calls} per 86400 s per product and caller-id is required");
            }
            boolean actor = elements(xml, "set-header").stream().anyMatch(h -> h.getAttribute("name").equals("x-client-id")
                    && h.getTextContent().contains(CALLER_ID));
            if (!actor) {
                violations.add(where + ": x-client-id must be the caller-id");
            }
        }
        String args = root.resource("azurerm_api_management_api_policy", "this").flatMap(b -> b.attribute("xml_content")).orElse("");
        if (!args.replace(" ", "").contains("quota_calls=var.product_quotas[each.value.product]")) {
            violations.add("the API policy's quota_calls must come from var.product_quotas of the API's product");
        }
        return violations;
    }

    private Document apiPolicy(boolean tokens) {
        String content = root.resource("azurerm_api_management_api_policy", "this").flatMap(b -> b.attribute("xml_content"))
                .orElseThrow(() -> new IllegalStateException("azurerm_api_management_api_policy.this is not declared"));
        return policyXml(content, Map.of("jwt_enabled", tokens));
    }

    private Document policyXml(String xmlContent, Map<String, Boolean> conditions) {
        Matcher file = TEMPLATE_FILE.matcher(xmlContent);
        if (!file.find()) {
            throw new IllegalStateException("xml_content must be a templatefile(\"${path.module}/...\"), is " + xmlContent);
        }
        try {
            String text = PolicyTemplate.render(Files.readString(root.dir().resolve(file.group(1))), conditions);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("Cannot read the policy " + file.group(1) + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> elements(Object node, String name) {
        NodeList list = node instanceof Document d ? d.getElementsByTagName(name) : ((Element) node).getElementsByTagName(name);
        var result = new ArrayList<Element>();
        for (int i = 0; i < list.getLength(); i++) {
            result.add((Element) list.item(i));
        }
        return result;
    }

    private static void expectText(Element parent, String name, String expected, List<String> violations) {
        List<String> values = elements(parent, name).stream().map(e -> e.getTextContent().strip()).toList();
        if (!values.equals(List.of(expected))) {
            violations.add("validate-jwt " + name + " must be exactly " + expected + ", is " + values);
        }
    }
}
