package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowlistGraphTest {

    /** SYSTEM.md section 2: the gateway calls the Patient API; the Patient API and the gateway call the Audit API. */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "patient-api", Set.of("gateway"),
            "audit-api", Set.of("patient-api", "gateway"));

    @Test
    void fromTerraform_repository_isExactlyTheContract() {
        assertThat(AllowlistGraph.fromTerraform(Repo.ENV)).isEqualTo(EXPECTED);
    }

    @Test
    void fromTerraform_extraSubnetAllowed_differs(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/functions.tf",
                "\"gateway\" = azurerm_subnet.this[\"gateway\"].id\n",
                "\"gateway\" = azurerm_subnet.this[\"gateway\"].id\n        \"audit\"   = azurerm_subnet.this[\"audit-api\"].id\n");

        assertThat(AllowlistGraph.fromTerraform(root))
                .containsEntry("patient-api", Set.of("gateway", "audit-api"))
                .isNotEqualTo(EXPECTED);
    }

    @Test
    void fromTerraform_mislabelledEntry_isNamedByTheSubnetItPointsTo(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/functions.tf",
                "\"gateway\" = azurerm_subnet.this[\"gateway\"].id\n",
                "\"gateway\" = azurerm_subnet.this[\"private-endpoints\"].id\n");

        assertThat(AllowlistGraph.fromTerraform(root)).containsEntry("patient-api", Set.of("private-endpoints"));
    }

    @Test
    void fromTerraform_appsTableNotWrittenOut_isUnknownNotTheContract(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/functions.tf",
                "for_each = local.function_apps", "for_each = var.function_apps");

        assertThat(AllowlistGraph.fromTerraform(root)).isNotEqualTo(EXPECTED)
                .allSatisfy((app, sources) -> assertThat(sources).allMatch(s -> s.startsWith("?")));
    }

    @Test
    void fromTerraform_ipRuleInsteadOfSubnet_showsTheAddress(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/modules/function-app/main.tf",
                "    dynamic \"ip_restriction\" {",
                "    ip_restriction {\n      action     = \"Allow\"\n      ip_address = \"0.0.0.0/0\"\n    }\n\n    dynamic \"ip_restriction\" {");

        assertThat(AllowlistGraph.fromTerraform(root).get("audit-api")).contains("ip:0.0.0.0/0");
    }
}
