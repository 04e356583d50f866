package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiReferenceTest {

    private static final Map<String, String> API_DOCUMENTS = Map.of(
            "patient", "../patient-api/openapi.yaml",
            "audit", "../audit-api/openapi.yaml");

    @Test
    void openApiDocuments_exist() {
        assertThat(Repo.ROOT.resolve("patient-api/openapi.yaml")).isRegularFile();
        assertThat(Repo.ROOT.resolve("audit-api/openapi.yaml")).isRegularFile();
    }

    @Test
    void apimApis_importTheirOpenApiDocument() {
        TerraformModule root = TerraformModule.load(Repo.ENV);

        API_DOCUMENTS.forEach((api, document) -> {
            HclBlock resource = root.resource("azurerm_api_management_api", api).orElseThrow();
            HclBlock imported = resource.block("import").orElseThrow();

            assertThat(imported.literal("content_format")).contains("openapi");
            assertThat(imported.attribute("content_value")).contains("file(\"${path.module}/" + document + "\")");
        });
    }

    @Test
    void apimApis_publishTheContractPaths() {
        TerraformModule root = TerraformModule.load(Repo.ENV);

        assertThat(root.resource("azurerm_api_management_api", "patient").orElseThrow().literal("path")).contains("patient");
        assertThat(root.resource("azurerm_api_management_api", "audit").orElseThrow().literal("path")).contains("audit");
    }
}
