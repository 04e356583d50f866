package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HclSyntaxTest {

    static List<Path> terraformFiles() {
        return Repo.terraformFiles();
    }

    @Test
    void terraformFiles_exist_inRootModuleAndKeyRotation() {
        assertThat(Repo.terraformFiles())
                .extracting(p -> Repo.ROOT.relativize(p).toString())
                .contains("env-terraform/versions.tf", "env-terraform/apim.tf",
                        "env-terraform/modules/function-app/main.tf", "key-rotation/main.tf");
    }

    @ParameterizedTest
    @MethodSource("terraformFiles")
    void file_parsesWithHcl4j(Path file) throws Exception {
        Map<String, Object> parsed = new HCLParser().parse(file.toFile(), "UTF-8");

        assertThat(parsed).as("top-level blocks of %s", file).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("terraformFiles")
    void file_isWellFormed_blocksAndBracketsBalance(Path file) {
        HclBlock parsed = HclReader.read(file);

        assertThat(parsed.blocks()).as("blocks of %s", file).isNotEmpty();
    }

    @Test
    void reader_unbalancedBrace_isRejected() {
        assertThatThrownBy(() -> HclReader.parse(Path.of("broken.tf"), "locals {\n  a = 1\n}\n}\n"))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("unexpected '}'");
    }

    @Test
    void reader_braceInsideString_doesNotCloseTheBlock() {
        HclBlock file = HclReader.parse(Path.of("s.tf"),
                "resource \"t\" \"n\" {\n  a = \"}${var.x}{\"\n  b = { c = [1, 2] }\n}\n");

        HclBlock resource = file.blocks().get(0);
        assertThat(resource.attributes()).containsEntry("a", "\"}${var.x}{\"").containsEntry("b", "{ c = [1, 2] }");
    }

    @Test
    void tfvars_parseWithHcl4j() throws Exception {
        for (String name : List.of("dev.tfvars", "prod.tfvars")) {
            Map<String, Object> parsed = new HCLParser().parse(Repo.ENV.resolve(name).toFile(), "UTF-8");
            assertThat(parsed).as(name).containsKey("environment");
        }
    }
}
