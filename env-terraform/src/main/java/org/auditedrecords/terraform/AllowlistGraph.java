package org.auditedrecords.terraform;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which function app, as the Terraform says: for every
 * {@code azurerm_linux_function_app}, the logical names of the subnets its {@code Allow}
 * access restrictions admit. The local runtime builds the same map from its own
 * configuration, so the two can be compared.
 *
 * <p>App names are the {@code app_key} their module is called with (for a {@code for_each}
 * call, usually {@code each.key}: the entry's key), else the resource label, underscores as
 * hyphens. A subnet is named by its {@code for_each} key
 * ({@code azurerm_subnet.this["gateway"]}) or its resource label. A source that is not a
 * subnet shows as {@code ip:<cidr>}, {@code tag:<service tag>} or {@code ?<expression>}, so
 * any such rule makes the graph differ from the expected one.
 */
public final class AllowlistGraph {

    private AllowlistGraph() {
    }

    /** The allowlist of every function app under a root module directory. */
    public static Map<String, Set<String>> fromTerraform(Path rootDir) {
        return from(TerraformProject.load(rootDir));
    }

    public static Map<String, Set<String>> from(TerraformProject project) {
        var graph = new LinkedHashMap<String, Set<String>>();
        for (var app : project.resources("azurerm_linux_function_app")) {
            var calls = project.callsOf(app.module());
            if (calls.isEmpty()) {
                graph.put(app.block().label(1).replace('_', '-'), sources(project, app, null));
            }
            for (var call : calls) {
                String name = call.block().literal("app_key")
                        .orElse(call.key() != null ? call.key() : call.block().label(0).replace('_', '-'));
                graph.put(name, sources(project, app, call));
            }
        }
        return graph;
    }

    private static Set<String> sources(TerraformProject project, TerraformProject.Located app, TerraformProject.Call call) {
        var sources = new LinkedHashSet<String>();
        Optional<HclBlock> siteConfig = app.block().block("site_config");
        if (siteConfig.isEmpty()) {
            return sources;
        }
        for (HclBlock.NestedBlock rule : siteConfig.get().blocksNamed("ip_restriction")) {
            if (!rule.body().literal("action").orElse("Allow").equals("Allow")) {
                continue;
            }
            if (!rule.isDynamic()) {
                sources.add(source(project, app.module(), rule.body(), null));
                continue;
            }
            // dynamic "ip_restriction" { for_each = var.x  content { ... = ip_restriction.value } }
            String forEach = rule.forEach().orElse("");
            Optional<String> variable = Expressions.references(forEach).stream()
                    .filter(r -> r.root().equals("var")).map(r -> r.step(0)).findFirst();
            if (variable.isPresent() && call != null) {
                String passed = call.block().attribute(variable.get()).orElse("");
                Map<String, String> items = Expressions.objectEntries(passed);
                if (items.isEmpty()) {
                    sources.add("?" + passed);
                }
                for (String item : items.values()) {
                    sources.add(source(project, call.caller(), rule.body(), item));
                }
            } else {
                sources.add("?" + forEach);
            }
        }
        return sources;
    }

    private static String source(TerraformProject project, TerraformModule module, HclBlock rule, String iterationValue) {
        Optional<String> subnet = rule.attribute("virtual_network_subnet_id");
        if (subnet.isPresent()) {
            String expression = iterationValue != null && subnet.get().matches("ip_restriction\\.value")
                    ? iterationValue : subnet.get();
            return subnetName(module, expression).orElse("?" + expression);
        }
        Optional<String> ip = rule.attribute("ip_address");
        if (ip.isPresent()) {
            String address = iterationValue != null ? iterationValue : ip.get();
            return "ip:" + Expressions.literal(address).orElse(address);
        }
        return "tag:" + rule.attribute("service_tag").orElse("?");
    }

    private static Optional<String> subnetName(TerraformModule module, String expression) {
        return Expressions.references(expression).stream()
                .filter(r -> r.root().equals("azurerm_subnet"))
                .findFirst()
                .flatMap(r -> {
                    Optional<HclBlock> subnet = module.resource("azurerm_subnet", r.step(0));
                    if (subnet.isEmpty()) {
                        return Optional.empty();
                    }
                    return r.indexKey(1).or(() -> Optional.of(r.step(0).replace('_', '-')));
                });
    }
}
