package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `terraform validate` would catch first: dangling references, undeclared variables, missing files. */
class ReferenceResolutionTest {

    private static final Pattern FILE_CALL = Pattern.compile("\\b(?:file|templatefile)\\(\\s*\"((?:[^\"$]|\\$\\{\"[^\"]*\"\\}|\\$\\{[^}\"]*\\})*)\"");
    private static final Pattern LITERAL_INTERPOLATION = Pattern.compile("\\$\\{\"([^\"]*)\"\\}");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("(azurerm|azapi|random|time)_[a-z0-9_]+|terraform_data");
    private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "providers", "depends_on", "count", "for_each");

    static Stream<TerraformModule> modules() {
        return Stream.concat(TerraformModule.withChildren(Repo.ENV).stream(), Stream.of(TerraformModule.load(Repo.KEY_ROTATION)))
                .distinct();
    }

    @Test
    void everyReference_resolvesInItsModule() {
        List<String> dangling = modules().flatMap(m -> danglingReferences(m).stream()).toList();

        assertThat(dangling).isEmpty();
    }

    @Test
    void danglingReference_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/outputs.tf",
                "value       = azurerm_key_vault.this.vault_uri", "value       = azurerm_key_vault.missing.vault_uri");

        assertThat(danglingReferences(TerraformModule.load(root))).singleElement().asString()
                .contains("azurerm_key_vault.missing");
    }

    @Test
    void undeclaredVariable_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/apim.tf",
                "publisher_email      = var.apim_publisher_email", "publisher_email      = var.apim_contact");

        assertThat(danglingReferences(TerraformModule.load(root))).singleElement().asString().contains("var.apim_contact");
    }

    @Test
    void everyFileFunctionPath_exists() {
        assertThat(modules().flatMap(m -> missingFiles(m).stream()).toList()).isEmpty();
    }

    @Test
    void missingPolicyFile_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/apim.tf", "policies/api-inbound.xml", "policies/patient.xml");

        assertThat(missingFiles(TerraformModule.load(root))).first().asString().contains("policies/patient.xml");
    }

    @Test
    void missingDocumentOfOneTableEntry_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/apim.tf", "app          = \"audit-api\"", "app          = \"audit\"");

        assertThat(missingFiles(TerraformModule.load(root))).singleElement().asString().contains("../audit/openapi.yaml");
    }

    @Test
    void moduleCalls_passOnlyDeclaredVariables_andEveryRequiredOne() {
        var problems = new ArrayList<String>();
        modules().forEach(caller -> caller.moduleCalls().values().forEach(call -> {
            TerraformModule callee = TerraformModule.load(caller.localSource(call).orElseThrow());
            Set<String> passed = new HashSet<>(call.attributes().keySet());
            passed.removeAll(META_ARGUMENTS);
            for (String name : passed) {
                if (!callee.variables().containsKey(name)) {
                    problems.add(call.where() + " passes undeclared variable " + name);
                }
            }
            callee.variables().forEach((name, variable) -> {
                if (variable.attribute("default").isEmpty() && !passed.contains(name)) {
                    problems.add(call.where() + " does not pass required variable " + name);
                }
            });
        }));

        assertThat(problems).isEmpty();
    }

    @Test
    void tfvarsFiles_setOnlyDeclaredVariables_andEveryRequiredOne() {
        TerraformModule root = TerraformModule.load(Repo.ENV);
        for (String name : List.of("dev.tfvars", "prod.tfvars")) {
            Set<String> set = HclReader.read(Repo.ENV.resolve(name)).attributes().keySet();

            assertThat(root.variables()).as(name).containsKeys(set.toArray(String[]::new));
            root.variables().forEach((variable, block) -> {
                if (block.attribute("default").isEmpty()) {
                    assertThat(set).as("%s sets required variable %s", name, variable).contains(variable);
                }
            });
        }
    }

    @Test
    void everyVariable_hasDescriptionAndType() {
        modules().forEach(m -> m.variables().values().forEach(v -> {
            assertThat(v.attribute("description")).as(v.where()).isPresent();
            assertThat(v.attribute("type")).as(v.where()).isPresent();
        }));
    }

    static List<String> danglingReferences(TerraformModule module) {
        Set<String> resources = new HashSet<>();
        module.all("resource").forEach(b -> resources.add(b.label(0) + "." + b.label(1)));
        Set<String> data = new HashSet<>();
        module.all("data").forEach(b -> data.add(b.label(0) + "." + b.label(1)));
        Set<String> locals = module.locals().keySet();
        var dangling = new ArrayList<String>();
        for (HclBlock block : module.blocks()) {
            if (block.type().equals("moved") || block.type().equals("removed")) {
                continue; // from names an address that no longer exists, on purpose
            }
            expressions(block).forEach(expression -> {
                for (Expressions.Reference ref : Expressions.references(expression)) {
                    String missing = switch (ref.root()) {
                        case "var" -> module.variables().containsKey(ref.step(0)) ? null : "var." + ref.step(0);
                        case "local" -> locals.contains(ref.step(0)) ? null : "local." + ref.step(0);
                        case "module" -> module.moduleCalls().containsKey(ref.step(0)) ? null : "module." + ref.step(0);
                        case "data" -> data.contains(ref.step(0) + "." + ref.step(1)) ? null
                                : "data." + ref.step(0) + "." + ref.step(1);
                        default -> RESOURCE_TYPE.matcher(ref.root()).matches()
                                && !resources.contains(ref.root() + "." + ref.step(0)) ? ref.root() + "." + ref.step(0) : null;
                    };
                    if (missing != null) {
                        dangling.add(block.where() + " refers to undeclared " + missing);
                    }
                }
            });
        }
        return dangling;
    }

    static List<String> missingFiles(TerraformModule module) {
        var missing = new ArrayList<String>();
        // Per for_each instance: a table entry's path is checked as that entry spells it.
        for (HclBlock written : module.blocks()) {
            for (ForEach.Instance instance : ForEach.instances(module, written)) {
                HclBlock block = instance.block();
                expressions(block).forEach(expression -> {
                    Matcher m = FILE_CALL.matcher(expression);
                    while (m.find()) {
                        String path = LITERAL_INTERPOLATION.matcher(m.group(1).replace("${path.module}", module.dir().toString()))
                                .replaceAll("$1");
                        if (path.contains("${") || !Files.isRegularFile(Path.of(path))) {
                            missing.add(block.where() + " reads missing file " + path);
                        }
                    }
                });
            }
        }
        return missing;
    }

    /** Every attribute expression of a block and its nested blocks, except lifecycle.ignore_changes (attribute names, not references). */
    private static List<String> expressions(HclBlock block) {
        var all = new ArrayList<String>();
        block.attributes().forEach((name, value) -> {
            if (!(block.type().equals("lifecycle") && name.equals("ignore_changes"))) {
                all.add(value);
            }
        });
        block.blocks().forEach(child -> all.addAll(expressions(child)));
        return all;
    }
}
