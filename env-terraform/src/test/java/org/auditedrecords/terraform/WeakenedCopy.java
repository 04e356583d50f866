package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A copy of the repository's Terraform in a temporary directory, with one deliberate edit:
 * how the negative tests show that a check fails when the lockdown is weakened.
 */
final class WeakenedCopy {

    private WeakenedCopy() {
    }

    /** Copies the Terraform (and the OpenAPI documents it reads) and replaces {@code from} by {@code to} in one file. */
    static Path of(Path tempDir, String file, String from, String to) {
        copy(tempDir);
        Path target = tempDir.resolve(file);
        String text = Repo.read(target);
        assertThat(text).as("text to weaken in %s", file).contains(from);
        write(target, text.replace(from, to));
        return tempDir.resolve("env-terraform");
    }

    static void copy(Path tempDir) {
        for (Path source : List.of(Repo.ENV, Repo.KEY_ROTATION, Repo.ROOT.resolve("patient-api"), Repo.ROOT.resolve("audit-api"))) {
            Repo.walk(source)
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/"))
                    .forEach(p -> {
                        Path dest = tempDir.resolve(Repo.ROOT.relativize(p).toString());
                        try {
                            Files.createDirectories(dest.getParent());
                            Files.copy(p, dest);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
