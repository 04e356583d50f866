package org.auditedrecords.audit.witness;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Azurite Blob emulator (npm {@code azurite}) started by a test on a free loopback port, in memory, with an
 * account whose key is generated for this run (so no key is written anywhere). Found as {@code azurite-blob} on the
 * PATH or in {@code AZURITE_HOME/node_modules/.bin}; {@code .ci/run} installs it.
 */
final class Azurite implements AutoCloseable {
    static final String HOME = "AZURITE_HOME";
    private static final String ACCOUNT = "witnesstest";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final String key;

    private Azurite(Process process, int port, String key) {
        this.process = process;
        this.port = port;
        this.key = key;
    }

    /** The azurite-blob executable, if installed. */
    static Optional<Path> executable() {
        Stream<String> path = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator));
        Stream<String> home = Optional.ofNullable(System.getenv(HOME)).map(h -> h + "/node_modules/.bin").stream();
        return Stream.concat(home, path).filter(d -> !d.isBlank()).map(d -> Path.of(d, "azurite-blob"))
                .filter(Files::isExecutable).findFirst();
    }

    static Azurite start(Path executable, Path workDir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        String key = Base64.getEncoder().encodeToString(secret);
        ProcessBuilder builder = new ProcessBuilder(List.of(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", String.valueOf(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--silent"))
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(workDir.resolve("azurite.log").toFile());
        builder.environment().put("AZURITE_ACCOUNTS", ACCOUNT + ":" + key);
        Azurite azurite = new Azurite(builder.start(), port, key);
        azurite.awaitListening(workDir.resolve("azurite.log"));
        return azurite;
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("azurite-blob exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("azurite-blob did not listen on port " + port + " within " + START_TIMEOUT);
    }

    /** A new container, reached with the run's account key and without retries. */
    BlobContainerClient newContainer(String name) {
        BlobContainerClient container = new BlobContainerClientBuilder()
                .endpoint("http://127.0.0.1:" + port + "/" + ACCOUNT + "/" + name)
                .credential(new StorageSharedKeyCredential(ACCOUNT, key))
                .retryOptions(new RequestRetryOptions(null, 1, (Integer) null, null, null, null))
                .buildClient();
        container.create();
        return container;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
