package org.auditedrecords.common.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A versioned secret store in a directory, standing in for Key Vault in local runs. The local runtime's rotate
 * command writes new versions and disables old ones while the apps keep reading.
 *
 * <p>Each secret is one JSON file, {@code <name>.json} (names case-insensitive, as in Key Vault), of the form
 * {@code {"name": ..., "versions": [{"version", "value", "created", "enabled"}, ...]}}: versions oldest first, each
 * with a 32-lowercase-hex id, its value, its ISO-8601 creation instant and whether it is enabled. The latest version
 * is the most recently written enabled one.
 *
 * <p>Concurrency: reads take no lock and are safe against writers in any process, because every write atomically
 * replaces the whole file. Writes ({@link #put}, {@link #putIfAbsent}, {@link #disable}) are serialized within the
 * instance and, through an OS file lock in the directory, with writers in other processes, so no version is lost.
 * Where the file system has POSIX permissions, the directory (when created here) and all files are owner-only.
 */
public final class LocalVault implements SecretSource {
    private static final int VERSION_BYTES = 16;

    private final SecretFiles files;
    private final VaultLock lock;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Opens the vault in {@code directory}, creating the directory if it does not exist. */
    public LocalVault(Path directory, Clock clock) {
        this.files = new SecretFiles(Objects.requireNonNull(directory, "directory"), new ObjectMapper());
        this.clock = Objects.requireNonNull(clock, "clock");
        files.createDirectory();
        this.lock = new VaultLock(directory.resolve(".lock"), files.fileAttributes());
    }

    @Override
    public Secret latest(String name) {
        SecretNames.requireValidName(name);
        StoredSecret.StoredVersion newest = files.read(name)
                .flatMap(StoredSecret::newestEnabled)
                .orElseThrow(() -> new SecretNotFoundException(name));
        return new Secret(name, newest.version(), newest.value());
    }

    @Override
    public Secret version(String name, String version) {
        SecretNames.requireValidName(name);
        if (!SecretNames.isWellFormedVersion(version)) {
            throw new SecretNotFoundException(name, version);
        }
        StoredSecret.StoredVersion found = files.read(name)
                .flatMap(secret -> secret.find(version))
                .filter(StoredSecret.StoredVersion::enabled)
                .orElseThrow(() -> new SecretNotFoundException(name, version));
        return new Secret(name, found.version(), found.value());
    }

    /** Adds a new enabled version, which becomes the latest. Older versions stay enabled until {@link #disable}d. */
    public Secret put(String name, String value) {
        SecretNames.requireValidName(name);
        Objects.requireNonNull(value, "value");
        return lock.withLock(() -> append(name, value));
    }

    /**
     * The latest version if the secret has an enabled one; otherwise adds a first version with the supplied value.
     * For first-run bootstrap: concurrent callers, in this or another process, all get the same single version.
     */
    public Secret putIfAbsent(String name, Supplier<String> valueSupplier) {
        SecretNames.requireValidName(name);
        Objects.requireNonNull(valueSupplier, "valueSupplier");
        return lock.withLock(() -> files.read(name)
                .flatMap(StoredSecret::newestEnabled)
                .map(newest -> new Secret(name, newest.version(), newest.value()))
                .orElseGet(() -> append(name, Objects.requireNonNull(valueSupplier.get(), "supplied value"))));
    }

    /**
     * Disables one version, so reads no longer return it; disabling a disabled version changes nothing.
     *
     * @throws SecretNotFoundException when the secret has no such version
     */
    public void disable(String name, String version) {
        SecretNames.requireValidName(name);
        Objects.requireNonNull(version, "version");
        lock.withLock(() -> {
            StoredSecret secret = files.read(name)
                    .filter(stored -> stored.find(version).isPresent())
                    .orElseThrow(() -> new SecretNotFoundException(name, version));
            files.write(name, secret.disabling(version));
            return null;
        });
    }

    /** Every version of the secret, newest first, without values; empty when the secret does not exist. */
    public List<SecretVersionInfo> versions(String name) {
        SecretNames.requireValidName(name);
        List<SecretVersionInfo> newestFirst = new ArrayList<>();
        files.read(name).ifPresent(secret -> secret.versions().forEach(v -> newestFirst.add(0,
                new SecretVersionInfo(name, v.version(), Instant.parse(v.created()), v.enabled()))));
        return List.copyOf(newestFirst);
    }

    /** Must run under {@link #lock}: reads, appends and writes back the whole document. */
    private Secret append(String name, String value) {
        byte[] id = new byte[VERSION_BYTES];
        random.nextBytes(id);
        StoredSecret.StoredVersion version =
                new StoredSecret.StoredVersion(HexFormat.of().formatHex(id), value, clock.instant().toString(), true);
        StoredSecret current = files.read(name).orElseGet(() -> StoredSecret.empty(name));
        files.write(name, current.plus(version));
        return new Secret(name, version.version(), value);
    }

    /**
     * A token that changes whenever the secret's versions change (a write replaces its file), so a reader can keep
     * what it derived from the secret until the token moves, at the cost of one file-metadata read. Empty when the
     * secret does not exist.
     */
    public Optional<Object> changeToken(String name) {
        SecretNames.requireValidName(name);
        try {
            // Every write replaces the file (a new inode), so its key moves even where timestamps are coarse.
            BasicFileAttributes attributes = Files.readAttributes(files.pathOf(name), BasicFileAttributes.class);
            return Optional.of(Arrays.asList(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SecretSourceUnavailableException("The local vault could not read secret '" + name + "'", e);
        }
    }

    @Override
    public String toString() {
        return "LocalVault[" + files.directory() + "]";
    }
}
