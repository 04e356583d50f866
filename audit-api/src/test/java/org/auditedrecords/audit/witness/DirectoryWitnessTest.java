package org.auditedrecords.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.UUID;
import org.auditedrecords.audit.log.Witness;
import org.junit.jupiter.api.Test;

/** The witness contract on the local append-only directory, and its files being read-only once written. */
class DirectoryWitnessTest extends WitnessContract {

    @Override
    Witness witness() {
        return new DirectoryWitness(dir.resolve("witness-" + UUID.randomUUID()));
    }

    @Test
    void publish_checkpoint_isAReadOnlyFileWithNoTemporaryLeftBehind() throws Exception {
        // given
        Path root = dir.resolve("witness-files");
        DirectoryWitness witness = new DirectoryWitness(root);

        // when
        witness.publish("20261201T100000Z-5f0c9a1e2b3d", 4, "note\n");

        // then
        try (var files = Files.list(root.resolve("20261201T100000Z-5f0c9a1e2b3d"))) {
            assertThat(files.toList()).singleElement().satisfies(file -> {
                assertThat(file.getFileName().toString()).isEqualTo(String.format("%019d", Long.MAX_VALUE - 4));
                assertThat(permissions(file)).doesNotContain(PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
            });
        }
    }

    private static java.util.Set<PosixFilePermission> permissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
