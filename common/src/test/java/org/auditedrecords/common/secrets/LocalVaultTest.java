package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalVaultTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);

    @Test
    void put_thenLatest_returnsTheNewVersionWithALowercaseHexId() {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // when
        Secret written = vault.put("audit-api-key", "value-1");
        Secret read = vault.latest("audit-api-key");

        // then
        assertThat(read).isEqualTo(written);
        assertThat(read.value()).isEqualTo("value-1");
        assertThat(read.version()).matches("[0-9a-f]{32}");
    }

    @Test
    void put_secondVersion_becomesLatestAndTheFirstStaysReadable() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Secret first = vault.put("audit-api-key", "value-1");

        // when
        Secret second = vault.put("audit-api-key", "value-2");

        // then
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(vault.latest("audit-api-key")).isEqualTo(second);
        assertThat(vault.version("audit-api-key", first.version())).isEqualTo(first);
    }

    @Test
    void disable_latestVersion_latestFallsBackToTheNewestEnabled() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Secret first = vault.put("audit-api-key", "value-1");
        Secret second = vault.put("audit-api-key", "value-2");

        // when
        vault.disable("audit-api-key", second.version());

        // then
        assertThat(vault.latest("audit-api-key")).isEqualTo(first);
        assertThatThrownBy(() -> vault.version("audit-api-key", second.version()))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageNotContaining("value-2");
    }

    @Test
    void disable_everyVersion_latestThrowsNotFound() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Secret only = vault.put("audit-api-key", "value-1");

        // when
        vault.disable("audit-api-key", only.version());
        vault.disable("audit-api-key", only.version());

        // then
        assertThatThrownBy(() -> vault.latest("audit-api-key"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'audit-api-key' has no enabled version.");
    }

    @Test
    void disable_unknownVersion_throwsNotFound() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        vault.put("audit-api-key", "value-1");

        // then
        assertThatThrownBy(() -> vault.disable("audit-api-key", "00000000000000000000000000000000"))
                .isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> vault.disable("other-key", "00000000000000000000000000000000"))
                .isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void latestAndVersion_unknownSecretOrVersion_throwNotFound() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        vault.put("audit-api-key", "value-1");

        // then
        assertThatThrownBy(() -> vault.latest("never-written")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> vault.version("audit-api-key", "00000000000000000000000000000000"))
                .isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> vault.version("audit-api-key", "latest"))
                .isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void versions_severalWrites_newestFirstWithCreationTimesAndNoValues() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Secret first = vault.put("audit-api-key", "value-1");
        clock.advance(Duration.ofMinutes(1));
        Secret second = vault.put("audit-api-key", "value-2");
        vault.disable("audit-api-key", first.version());

        // when
        List<SecretVersionInfo> versions = vault.versions("audit-api-key");

        // then
        assertThat(versions).containsExactly(
                new SecretVersionInfo("audit-api-key", second.version(), START.plus(Duration.ofMinutes(1)), true),
                new SecretVersionInfo("audit-api-key", first.version(), START, false));
        assertThat(vault.versions("never-written")).isEmpty();
    }

    @Test
    void putIfAbsent_noSecret_storesTheSuppliedValue() {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // when
        Secret stored = vault.putIfAbsent("audit-api-key", () -> "generated");

        // then
        assertThat(vault.latest("audit-api-key")).isEqualTo(stored);
        assertThat(stored.value()).isEqualTo("generated");
    }

    @Test
    void putIfAbsent_existingSecret_keepsItWithoutCallingTheSupplier() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Secret existing = vault.put("audit-api-key", "value-1");
        AtomicInteger supplied = new AtomicInteger();

        // when
        Secret kept = vault.putIfAbsent("audit-api-key", () -> "other-" + supplied.incrementAndGet());

        // then
        assertThat(kept).isEqualTo(existing);
        assertThat(supplied).hasValue(0);
        assertThat(vault.versions("audit-api-key")).hasSize(1);
    }

    @Test
    void newInstance_sameDirectory_seesEarlierWritesAndCaseInsensitiveNames() {
        // given
        Secret written = new LocalVault(dir, clock).put("Audit-Api-Key", "value-1");

        // when
        LocalVault reopened = new LocalVault(dir, clock);

        // then
        assertThat(reopened.latest("audit-api-key").value()).isEqualTo("value-1");
        assertThat(reopened.version("AUDIT-API-KEY", written.version()).value()).isEqualTo("value-1");
    }

    @Test
    void put_always_writesOneJsonDocumentPerSecretInTheDocumentedShape() throws IOException {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // when
        Secret written = vault.put("audit-api-key", "value-1");

        // then
        JsonNode version = new ObjectMapper().readTree(dir.resolve("audit-api-key.json").toFile()).path("versions").get(0);
        assertThat(version.path("version").asText()).isEqualTo(written.version());
        assertThat(version.path("value").asText()).isEqualTo("value-1");
        assertThat(version.path("created").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(version.path("enabled").asBoolean()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("no temporary file is left behind")
                    .containsExactlyInAnyOrder("audit-api-key.json", ".lock");
        }
    }

    @Test
    void put_posixFileSystem_filesAndNewDirectoryAreOwnerOnly() throws IOException {
        // given
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path vaultDir = dir.resolve("vault");
        LocalVault vault = new LocalVault(vaultDir, clock);

        // when
        vault.put("audit-api-key", "value-1");
        vault.put("audit-api-key", "value-2");

        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultDir.resolve("audit-api-key.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vaultDir.resolve(".lock"))))
                .isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "under_score", "dotted.name", "../escape", "slash/name", "ünïcode"})
    void put_nameBreakingKeyVaultRules_isRejected(String name) {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // then
        assertThatThrownBy(() -> vault.put(name, "value")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.latest(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void put_nameLengthLimit_acceptsTheLongestAndRejectsLonger() {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // then
        assertThat(vault.put("a".repeat(127), "value").value()).isEqualTo("value");
        assertThatThrownBy(() -> vault.put("a".repeat(128), "value")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latest_corruptFile_throwsUnavailableWithoutQuotingTheFile() throws IOException {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        Files.writeString(dir.resolve("audit-api-key.json"), "{\"versions\": [ leaked-secret-material");

        // when
        Throwable thrown = catchThrowable(() -> vault.latest("audit-api-key"));

        // then
        assertThat(thrown).isInstanceOf(SecretSourceUnavailableException.class)
                .hasMessageStartingWith("Local vault file for secret 'audit-api-key' is not a valid secret document")
                .hasNoCause();
        assertThat(thrown.getMessage()).doesNotContain("leaked-secret-material");
    }

    @Test
    void put_concurrentWritersInOneInstance_loseNoVersion() throws Exception {
        // given
        LocalVault vault = new LocalVault(dir, clock);

        // when
        List<Secret> written = runConcurrently(8, 10, (thread, i) -> vault.put("audit-api-key", thread + "-" + i));

        // then
        assertAllStored(vault, written);
    }

    @Test
    void put_concurrentWritersInTwoInstancesOnOneDirectory_loseNoVersion() throws Exception {
        // given
        LocalVault one = new LocalVault(dir, clock);
        LocalVault two = new LocalVault(dir, clock);

        // when
        List<Secret> written = runConcurrently(8, 6,
                (thread, i) -> (thread % 2 == 0 ? one : two).put("audit-api-key", thread + "-" + i));

        // then
        assertAllStored(one, written);
    }

    @Test
    void putIfAbsent_concurrentBootstrap_storesExactlyOneVersion() throws Exception {
        // given
        LocalVault one = new LocalVault(dir, clock);
        LocalVault two = new LocalVault(dir, clock);

        // when
        List<Secret> results = runConcurrently(8, 1,
                (thread, i) -> (thread % 2 == 0 ? one : two).putIfAbsent("audit-api-key", Keys::newKey));

        // then
        assertThat(results).hasSize(8).containsOnly(results.get(0));
        assertThat(one.versions("audit-api-key")).hasSize(1);
    }

    @Test
    void toString_always_namesTheDirectoryOnly() {
        // given
        LocalVault vault = new LocalVault(dir, clock);
        vault.put("audit-api-key", "value-1");

        // then
        assertThat(vault).hasToString("LocalVault[" + dir + "]");
    }

    private interface Write {
        Secret apply(int thread, int iteration);
    }

    private static List<Secret> runConcurrently(int threads, int writesEach, Write write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Secret>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<Secret>> task = () -> {
                    List<Secret> mine = new ArrayList<>();
                    for (int i = 0; i < writesEach; i++) {
                        mine.add(write.apply(thread, i));
                    }
                    return mine;
                };
                futures.add(pool.submit(task));
            }
            List<Secret> all = new ArrayList<>();
            for (Future<List<Secret>> future : futures) {
                all.addAll(future.get(30, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertAllStored(LocalVault vault, List<Secret> written) {
        assertThat(vault.versions("audit-api-key")).hasSize(written.size());
        for (Secret secret : written) {
            assertThat(vault.version("audit-api-key", secret.version())).isEqualTo(secret);
        }
    }

    @Test
    void changeToken_movesOnEveryWriteAndIsEmptyForAnUnknownSecret() {
        LocalVault vault = new LocalVault(dir, clock);
        assertThat(vault.changeToken("never-written")).isEmpty();

        vault.put("rotating", "one");
        Optional<Object> first = vault.changeToken("rotating");
        Secret second = vault.put("rotating", "two");
        Optional<Object> afterPut = vault.changeToken("rotating");
        vault.disable("rotating", second.version());

        assertThat(first).isPresent();
        assertThat(afterPut).isPresent().isNotEqualTo(first);
        assertThat(vault.changeToken("rotating")).isPresent().isNotEqualTo(afterPut);
        assertThat(vault.changeToken("rotating")).isEqualTo(vault.changeToken("rotating"));
    }
}
