package org.auditedrecords.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the repository the tests check, found from the module directory. */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path ENV = ROOT.resolve("env-terraform");
    static final Path KEY_ROTATION = ROOT.resolve("key-rotation");

    private Repo() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("env-terraform"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run the tests from inside the repository (no env-terraform/ found)");
        }
        return dir;
    }

    /** Every .tf file of the Terraform (root module, its modules and key-rotation/). */
    static List<Path> terraformFiles() {
        return Stream.of(ENV, KEY_ROTATION).flatMap(Repo::walk)
                .filter(p -> p.toString().endsWith(".tf"))
                .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/")
                        && !p.toString().contains("/.terraform/"))
                .sorted()
                .toList();
    }

    static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
