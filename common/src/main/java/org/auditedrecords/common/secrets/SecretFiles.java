package org.auditedrecords.common.secrets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * The local vault's files: {@code <name>.json} per secret, lower-cased because Key Vault names are case-insensitive.
 * Every write goes to a temporary file in the same directory, is flushed to disk, and replaces the old file by an
 * atomic rename, so a reader in any process sees either the old or the new document, never a partial one.
 * Where the file system has POSIX permissions, the directory (when created here) and every file are owner-only.
 */
final class SecretFiles {
    private final Path directory;
    private final ObjectMapper json;
    private final boolean posix;

    SecretFiles(Path directory, ObjectMapper json) {
        this.directory = directory;
        this.json = json;
        this.posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the vault directory (owner-only where POSIX) unless it exists. */
    void createDirectory() {
        try {
            Files.createDirectories(directory, posix ? ownerOnly("rwx------") : new FileAttribute<?>[0]);
        } catch (IOException e) {
            throw new SecretSourceUnavailableException("Local vault directory " + directory + " cannot be created.", e);
        }
    }

    /** The attributes new files get: readable and writable by the owner only where the file system supports it. */
    FileAttribute<?>[] fileAttributes() {
        return posix ? ownerOnly("rw-------") : new FileAttribute<?>[0];
    }

    Optional<StoredSecret> read(String name) {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(pathOf(name)), StoredSecret.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            // No cause attached on purpose: Jackson's messages quote the offending input, which may be secret material.
            JsonLocation at = e.getLocation();
            throw new SecretSourceUnavailableException("Local vault file for secret '" + name + "' is not a valid "
                    + "secret document (line " + (at == null ? "?" : at.getLineNr()) + ", column "
                    + (at == null ? "?" : at.getColumnNr()) + ").");
        } catch (IOException e) {
            throw new SecretSourceUnavailableException("Local vault cannot read secret '" + name + "'.", e);
        }
    }

    void write(String name, StoredSecret secret) {
        Path target = pathOf(name);
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", fileAttributes());
            ByteBuffer bytes = ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(secret));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                // Flushed before the rename, so a crash cannot leave the new name pointing at unwritten data.
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SecretSourceUnavailableException("Local vault cannot write secret '" + name + "'.", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    Path pathOf(String name) {
        return directory.resolve(name.toLowerCase(Locale.ROOT) + ".json");
    }

    Path directory() {
        return directory;
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless: readers only open <name>.json.
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }
}
