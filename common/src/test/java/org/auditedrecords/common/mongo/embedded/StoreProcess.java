package org.auditedrecords.common.mongo.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.auditedrecords.common.mongo.EmbeddedMongo;

/**
 * A persisted embedded store in a child JVM, so a test can kill it the way a power cut, an OOM kill or a
 * container stop out of grace time would: with SIGKILL, no shutdown hook, no last commit.
 */
final class StoreProcess implements AutoCloseable {
    private final Process process;
    private final String connectionString;

    private StoreProcess(Process process, String connectionString) {
        this.process = process;
        this.connectionString = connectionString;
    }

    /** The child: serves {@code args[0]} with durability {@code args[1]} and prints its connection string. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo store = EmbeddedMongo.persistent(Path.of(args[0]), "127.0.0.1", 0,
                EmbeddedMongo.Durability.valueOf(args[1]));
        System.out.println("READY " + store.connectionString());
        System.out.flush();
        Thread.currentThread().join();
    }

    static StoreProcess start(Path file, EmbeddedMongo.Durability durability) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                StoreProcess.class.getName(), file.toString(), durability.name()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "store-process-output");
                drain.setDaemon(true);
                drain.start();
                return new StoreProcess(process, line.substring("READY ".length()));
            }
        }
        throw new IllegalStateException("The store process exited before it was ready: " + process.waitFor(
                Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS));
    }

    String connectionString() {
        return connectionString;
    }

    /** SIGKILL on Linux and macOS: the JVM gets no chance to run anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The store process did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
