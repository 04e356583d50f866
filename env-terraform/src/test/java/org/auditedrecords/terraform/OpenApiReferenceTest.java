package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each gateway API imports the OpenAPI document next to its app and publishes the contract path (SYSTEM.md section 5). */
class OpenApiReferenceTest {

    static Stream<Arguments> apis() {
        return Stream.of(Arguments.of("patient", "patient-api"), Arguments.of("audit", "audit-api"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apis")
    void apimApi_importsTheDocumentOfItsApp_underTheContractPath(String api, String app) {
        TerraformModule root = TerraformModule.load(Repo.ENV);
        HclBlock written = root.resource("azurerm_api_management_api", "this").orElseThrow();
        Map<String, HclBlock> instances = instancesByKey(root, written);

        HclBlock instance = instances.get(api);
        HclBlock imported = instance.block("import").orElseThrow();

        assertThat(Repo.ROOT.resolve(app).resolve("openapi.yaml")).isRegularFile();
        assertThat(instance.literal("path")).contains(api);
        assertThat(imported.literal("content_format")).contains("openapi");
        assertThat(imported.attribute("content_value")).contains("file(\"${path.module}/../${\"" + app + "\"}/openapi.yaml\")");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apis")
    void apimApi_forwardsToItsOwnApp(String api, String app) {
        TerraformModule root = TerraformModule.load(Repo.ENV);
        Map<String, HclBlock> backends = instancesByKey(root, root.resource("azurerm_api_management_backend", "this").orElseThrow());

        assertThat(backends.get(api).attribute("url")).hasValueSatisfying(url -> assertThat(url)
                .contains("module.function_app[\"" + app + "\"].default_hostname"));
    }

    private static Map<String, HclBlock> instancesByKey(TerraformModule module, HclBlock block) {
        List<ForEach.Instance> instances = ForEach.instances(module, block);
        return instances.stream().collect(java.util.stream.Collectors.toMap(ForEach.Instance::key, ForEach.Instance::block));
    }
}
