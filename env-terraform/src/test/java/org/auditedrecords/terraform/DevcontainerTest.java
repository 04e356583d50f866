package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevcontainerTest {

    private static final Path DIR = Repo.ROOT.resolve(".devcontainer");

    @Test
    void devcontainerJson_isStrictJson_andNamesItsDockerfile() throws Exception {
        // Strict: comments and trailing commas (allowed by the devcontainer CLI) are rejected here.
        ObjectMapper strict = new ObjectMapper().configure(JsonParser.Feature.ALLOW_COMMENTS, false);

        JsonNode config = strict.readTree(DIR.resolve("devcontainer.json").toFile());

        String dockerfile = config.path("build").path("dockerfile").asText();
        assertThat(dockerfile).isNotBlank();
        assertThat(DIR.resolve(dockerfile)).isRegularFile();
    }

    @Test
    void dockerfile_installsTheToolsToBuildDeployAndLoadTest() throws Exception {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));

        assertThat(dockerfile)
                .as("JDK 17").contains("openjdk-17-jdk-headless")
                .as("Maven").containsPattern("(?m)^\\s+maven\\b")
                .as("Functions Core Tools 4").contains("azure-functions-core-tools-4")
                .as("Azure CLI").contains("azure-cli")
                .as("Terraform").containsPattern("(?m)^\\s+terraform\\b")
                .as("Python").contains("python3")
                .as("Chromium and its driver, for the console's browser tests").containsPattern("(?m)^\\s+chromium-driver\\b")
                .as("Locust").containsPattern("pip install[^\\n]*locust");
    }
}
