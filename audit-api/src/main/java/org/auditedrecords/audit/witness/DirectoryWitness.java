package org.auditedrecords.audit.witness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * The local witness: an append-only directory outside the audit database, one sub-directory per log, one file per
 * checkpoint. A file is written under a temporary name and then hard-linked to its final name, which fails if that
 * name exists, so a checkpoint is never half-written or replaced; files are made read-only. Names invert the size
 * (as {@link BlobWitness} does) so the first name of a log is its newest checkpoint.
 */
public final class DirectoryWitness implements Witness {
    private static final Pattern LOG_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private final Path root;

    public DirectoryWitness(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("The witness directory cannot be created: " + root, e);
        }
    }

    @Override
    public void publish(String log, long size, String note) {
        requireLogId(log);
        Path dir = root.resolve(log);
        Path target = dir.resolve(WitnessNames.checkpointName(size));
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".incoming-", ".tmp");
            try {
                Files.writeString(temp, note, StandardCharsets.UTF_8);
                Files.createLink(target, temp);
                target.toFile().setReadOnly();
            } catch (FileAlreadyExistsException exists) {
                if (!Files.readString(target, StandardCharsets.UTF_8).equals(note)) {
                    throw new WitnessConflictException(log, size);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new DependencyUnavailableException("The witness directory could not be written", e);
        }
    }

    @Override
    public Map<String, String> newest(String logPrefix) {
        Map<String, String> newest = new TreeMap<>();
        try (Stream<Path> logs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) logs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().startsWith(logPrefix))::iterator) {
                first(dir).ifPresent(note -> newest.put(dir.getFileName().toString(), note));
            }
        } catch (NoSuchFileException gone) {
            return newest;
        } catch (IOException e) {
            throw new DependencyUnavailableException("The witness directory could not be read", e);
        }
        return newest;
    }

    private static Optional<String> first(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Optional<Path> first = files.filter(f -> WitnessNames.isCheckpointName(f.getFileName().toString())).sorted().findFirst();
            return first.isEmpty() ? Optional.empty() : Optional.of(Files.readString(first.get(), StandardCharsets.UTF_8));
        }
    }

    private static void requireLogId(String log) {
        if (!LOG_ID.matcher(log).matches()) {
            throw new IllegalArgumentException("not a log id: " + log);
        }
    }
}
