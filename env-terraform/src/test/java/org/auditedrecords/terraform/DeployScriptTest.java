package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeployScriptTest {

    private static final Path SCRIPT = Repo.ENV.resolve("deploy.sh");

    @Test
    void deployScript_failsFast_andDeploysThePluginOutput() throws Exception {
        String script = Files.readString(SCRIPT);

        assertThat(script).startsWith("#!/usr/bin/env bash")
                .contains("set -euo pipefail")
                .contains("mvn -B")
                .contains("az functionapp deployment source config-zip")
                .contains("target/azure-functions/patient-api")
                .contains("target/azure-functions/audit-api");
    }

    @Test
    void deployScript_isBashSyntaxClean() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "bash available");
        Process bash = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();

        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(bash.getInputStream().readAllBytes())).isEmpty();
        assertThat(bash.exitValue()).isZero();
    }
}
