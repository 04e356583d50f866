package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForEachTest {

    private static final String TABLE = """
            locals {
              apps = {
                # a comment with "quotes" and (brackets) is not an entry
                "a" = { name = "app-a", subnets = { "x" = azurerm_subnet.this["x"].id } }
                "b" = {
                  name    = "app-b"
                  subnets = {}
                }
              }
            }
            """;

    @Test
    void instances_forEachOverLocalTable_oneInstancePerEntryWithEachResolved(@TempDir Path dir) throws IOException {
        var instances = instancesOfR(dir, TABLE, "local.apps",
                "name = each.value.name", "subnets = each.value.subnets", "label = \"${each.key}-${each.value.name}\"");

        assertThat(instances).extracting(ForEach.Instance::key).containsExactly("a", "b");
        HclBlock a = instances.get(0).block();
        assertThat(a.literal("name")).contains("app-a");
        assertThat(Expressions.objectEntries(a.attribute("subnets").orElseThrow()))
                .containsEntry("x", "azurerm_subnet.this[\"x\"].id");
        assertThat(a.attribute("label")).contains("\"${\"a\"}-${\"app-a\"}\"");
        assertThat(a.attribute("for_each")).isEmpty();
        assertThat(a.where()).contains("[a]");
    }

    @Test
    void instances_forEachOverVariable_isOneInstanceThatKeepsEach(@TempDir Path dir) throws IOException {
        var instances = instancesOfR(dir, "", "var.apps", "name = each.value.name");

        assertThat(instances).singleElement().satisfies(i -> {
            assertThat(i.key()).isNull();
            assertThat(i.block().attribute("name")).contains("each.value.name");
        });
    }

    @Test
    void instances_unknownField_isLeftAsWritten(@TempDir Path dir) throws IOException {
        var instances = instancesOfR(dir, TABLE, "local.apps", "size = each.value.size");

        assertThat(instances).hasSize(2).allSatisfy(i -> assertThat(i.block().attribute("size")).contains("each.value.size"));
    }

    /** The instances of a resource {@code t.r} with that for_each and those attributes, next to {@code locals}. */
    private static List<ForEach.Instance> instancesOfR(Path dir, String locals, String forEach, String... attributes)
            throws IOException {
        String resource = "resource \"t\" \"r\" {\n  for_each = " + forEach + "\n  " + String.join("\n  ", attributes) + "\n}\n";
        Files.writeString(dir.resolve("main.tf"), locals + resource);
        TerraformModule module = TerraformModule.load(dir);
        return ForEach.instances(module, module.resource("t", "r").orElseThrow());
    }
}
