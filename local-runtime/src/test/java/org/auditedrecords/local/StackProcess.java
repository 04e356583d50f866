package org.auditedrecords.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stack} in a child JVM on free ports, so a test can stop it the ways a real one is stopped: SIGTERM
 * (Ctrl-C, a container stop) or SIGKILL (an OOM kill, a power cut, a stop out of grace time). Its console goes to
 * a file (a pipe read while the process exits can lose the last lines).
 */
final class StackProcess implements AutoCloseable {
    private static final String GATEWAY_LINE = "  gateway          ";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private final Process process;
    private final URI gateway;
    private final Path console;

    private StackProcess(Process process, URI gateway, Path console) {
        this.process = process;
        this.gateway = gateway;
        this.console = console;
    }

    static StackProcess start(Path dataDir, Map<String, String> settings) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path console = Files.createTempFile(dataDir.getParent(), "stack-console", ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StackCommand.class.getName(), "up").redirectErrorStream(true).redirectOutput(console.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("STACK_"));
        env.put("STACK_DATA_DIR", dataDir.toString());
        for (String port : List.of("GATEWAY", "PATIENT_API", "AUDIT_API", "PATIENT_STORE", "AUDIT_STORE")) {
            env.put("STACK_" + port + "_PORT", "0");
        }
        env.putAll(settings);
        Process process = builder.start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String line : Files.readAllLines(console, StandardCharsets.UTF_8)) {
                if (line.startsWith(GATEWAY_LINE)) {
                    return new StackProcess(process, URI.create(line.substring(GATEWAY_LINE.length()).trim()), console);
                }
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The stack did not come up:\n" + Files.readString(console, StandardCharsets.UTF_8));
    }

    URI gateway() {
        return gateway;
    }

    List<String> output() throws IOException {
        return Files.readAllLines(console, StandardCharsets.UTF_8);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws Exception {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM; returns how long the process took to exit. */
    Duration terminate(Duration atMost) throws Exception {
        long start = System.nanoTime();
        process.destroy();
        awaitExit(atMost);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void awaitExit(Duration atMost) throws Exception {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The stack did not exit within " + atMost + ":\n" + String.join("\n", output()));
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
    }
}
