package org.auditedrecords.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.storage.blob.BlobContainerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The witness contract on the Blob witness, through the real azure-storage-blob client against the Azurite emulator
 * started on a free port. Without Azurite the class is skipped with the reason printed, except in CI
 * ({@code CI=true}), where a missing emulator fails the build instead of silently skipping the test.
 */
class BlobWitnessTest extends WitnessContract {
    private static Azurite azurite;
    private static Path workDir;

    @BeforeAll
    static void startAzurite() throws Exception {
        Optional<Path> executable = Azurite.executable();
        if (executable.isEmpty()) {
            String reason = "azurite-blob is not installed (npm install azurite, on the PATH or in $" + Azurite.HOME + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason + "; CI must run the Blob witness tests");
            }
            System.out.println("Skipping BlobWitnessTest: " + reason);
            Assumptions.abort(reason);
        }
        workDir = Files.createTempDirectory("azurite");
        azurite = Azurite.start(executable.get(), workDir);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    Witness witness() {
        return new BlobWitness(azurite.newContainer("witness-" + UUID.randomUUID()));
    }

    @Test
    void publish_existingBlob_isNeverOverwritten() {
        // given
        BlobContainerClient container = azurite.newContainer("witness-" + UUID.randomUUID());
        BlobWitness witness = new BlobWitness(container);
        witness.publish("20261201T100000Z-5f0c9a1e2b3d", 4, "first\n");

        // when
        catchThrowable(() -> witness.publish("20261201T100000Z-5f0c9a1e2b3d", 4, "second\n"));

        // then the blob named <log>/<inverted size> still holds the first note
        String name = "20261201T100000Z-5f0c9a1e2b3d/" + String.format("%019d", Long.MAX_VALUE - 4);
        assertThat(container.getBlobClient(name).downloadContent().toString()).isEqualTo("first\n");
        assertThat(container.listBlobs()).hasSize(1);
    }

    @Test
    void publish_containerMissing_isUnavailableWithoutTheNote() {
        // given
        BlobContainerClient container = azurite.newContainer("witness-" + UUID.randomUUID());
        container.delete();

        // when
        Throwable thrown = catchThrowable(() -> new BlobWitness(container).publish("20261201T100000Z-5f0c9a1e2b3d", 1,
                "secret-free note\n"));

        // then
        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("The witness container could not be written");
    }
}
