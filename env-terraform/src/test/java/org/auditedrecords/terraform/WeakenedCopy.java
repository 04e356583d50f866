package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of the repository's Terraform in a temporary directory, with one deliberate edit:
 * how the negative tests show that a check fails when the lockdown is weakened.
 */
final class WeakenedCopy {

    private WeakenedCopy() {
    }

    /** Copies the Terraform (and the OpenAPI documents and console files it reads) and replaces {@code from} by {@code to} in one file. */
    static Path of(Path tempDir, String file, String from, String to) {
        return of(tempDir, file, Edit.replace(from, to));
    }

    /** Copies the Terraform and applies one edit to one file; the edit must change it. */
    static Path of(Path tempDir, String file, Edit edit) {
        copy(tempDir);
        Path target = tempDir.resolve(file);
        String text = Repo.read(target);
        String weakened = edit.apply(text);
        assertThat(weakened).as("%s changes %s", edit, file).isNotEqualTo(text);
        write(target, weakened);
        return tempDir.resolve("env-terraform");
    }

    /** One deliberate change to a file's text, described for test names and messages. */
    interface Edit {
        String apply(String text);

        /** Replaces the first occurrence of a literal text. */
        static Edit replace(String from, String to) {
            return described("replace " + from, text -> text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
        }

        /** Sets the first {@code attribute = value} (any alignment) to {@code weaker}. */
        static Edit set(String attribute, String value, String weaker) {
            Pattern setting = Pattern.compile("(?m)^(\\s*" + Pattern.quote(attribute) + "\\s*=\\s*)" + Pattern.quote(value) + "\\s*$");
            return described(attribute + " = " + weaker,
                    text -> setting.matcher(text).replaceFirst("$1" + Matcher.quoteReplacement(weaker)));
        }

        /** Removes the first line setting {@code attribute}, so the provider default applies. */
        static Edit remove(String attribute) {
            Pattern line = Pattern.compile("(?m)^\\s*" + Pattern.quote(attribute) + "\\s*=.*\\n");
            return described("remove " + attribute, text -> line.matcher(text).replaceFirst(""));
        }

        private static Edit described(String description, UnaryOperator<String> change) {
            return new Described(description, change);
        }
    }

    private record Described(String description, UnaryOperator<String> change) implements Edit {
        @Override
        public String apply(String text) {
            return change.apply(text);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static void copy(Path tempDir) {
        for (Path source : List.of(Repo.ENV, Repo.KEY_ROTATION, Repo.ROOT.resolve("patient-api"), Repo.ROOT.resolve("audit-api"),
                Repo.ROOT.resolve("compliance-console"))) {
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
