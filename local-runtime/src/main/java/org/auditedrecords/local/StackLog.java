package org.auditedrecords.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.auditedrecords.common.logging.StructuredLog;
import org.auditedrecords.host.RequestLogEntry;
import org.auditedrecords.local.gateway.Gateway;

/**
 * The stack's logs: every event of every component as one JSON line in {@code logs/stack.jsonl} (filter by trace id
 * with {@code ./stack trace <id>} or grep), and on the console one summary line per gateway request with each hop's
 * status and duration.
 *
 * <p>A line reaches the file within {@link #FLUSH_INTERVAL_MILLIS} of being logged, and every line is in it once
 * {@link #close()} returns. Buffered, a request's half-dozen lines cost one write between them instead of one
 * each; the price is that a {@code kill -9} can lose the last interval's lines (never a record: the audit
 * register and the stores are durable on their own).
 */
final class StackLog extends Handler implements AutoCloseable {
    /** Hops seen before their gateway request finished; bounded so that direct calls cannot grow it. */
    private static final int MAX_PENDING_TRACES = 10_000;
    /** An app logs its request when the response is fully sent, which can be just after the gateway has it. */
    private static final long SUMMARY_DELAY_MILLIS = 300;
    /** How long a logged line may wait in the buffer before it is written to the file. */
    static final long FLUSH_INTERVAL_MILLIS = 100;

    private final Path file;
    private final BufferedWriter out;
    private final Consumer<String> console;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stack-log-summaries");
        thread.setDaemon(true);
        return thread;
    });
    /** A hop of a request: the outer hops (longer) are listed first. */
    /** One host's part of a request, formatted only when the summary is printed, off the request thread. */
    private record Hop(String app, String functionName, int status, double millis) {
        String text() {
            return app + " " + functionName + " " + status + " " + oneDecimal(millis) + " ms";
        }
    }

    private final Map<String, List<Hop>> pendingHops = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Hop>> eldest) {
            return size() > MAX_PENDING_TRACES;
        }
    };

    StackLog(Path file, Consumer<String> console) {
        this.file = file;
        this.console = console;
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the stack log " + file, e);
        }
        Logger.getLogger("").addHandler(this);
        summaries.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    Path file() {
        return file;
    }

    void gateway(Gateway.LogEntry e) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "request");
        fields.put("traceId", e.traceId());
        fields.put("spanId", e.spanId());
        fields.put("parentSpanId", e.parentSpanId());
        fields.put("method", e.method());
        fields.put("path", e.path());
        fields.put("operation", e.operation());
        fields.put("subscription", e.subscription());
        fields.put("status", e.status());
        fields.put("durationMs", round(e.millis()));
        write(StructuredLog.line(clock, Level.INFO, "gateway", fields));
        summaries.schedule(() -> summarize(e), SUMMARY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void summarize(Gateway.LogEntry e) {
        List<Hop> hops;
        synchronized (pendingHops) {
            hops = pendingHops.remove(e.traceId());
        }
        // Concatenation, not String.format: a format string is parsed on every call, and this runs per request.
        StringBuilder summary = new StringBuilder("trace ").append(e.traceId()).append("  ").append(e.method())
                .append(' ').append(e.path()).append(' ').append(e.status()).append(' ').append(oneDecimal(e.millis()))
                .append(" ms  | gateway ").append(e.status()).append(' ').append(oneDecimal(e.millis())).append(" ms");
        if (hops != null) {
            hops.stream().sorted((a, b) -> Double.compare(b.millis(), a.millis()))
                    .forEach(hop -> summary.append(" | ").append(hop.text()));
        }
        console.accept(summary.toString());
    }

    void host(String app, RequestLogEntry e) {
        String traceId = e.traceparent() == null ? null : e.traceparent().split("-")[1];
        double millis = e.duration().toNanos() / 1e6;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "request");
        fields.put("traceId", traceId);
        fields.put("spanId", e.traceparent() == null ? null : e.traceparent().split("-")[2]);
        fields.put("parentSpanId", e.parentSpanId());
        fields.put("invocationId", e.invocationId());
        fields.put("functionName", e.functionName());
        fields.put("method", e.method());
        fields.put("path", e.path());
        fields.put("remoteAddress", e.remoteAddress());
        fields.put("status", e.status());
        fields.put("durationMs", round(millis));
        write(StructuredLog.line(clock, Level.INFO, app, fields));
        if (traceId == null) {
            console.accept(String.format("%s %s %s %d (refused before any function ran) from %s", app, e.method(), e.path(),
                    e.status(), e.remoteAddress()));
            return;
        }
        synchronized (pendingHops) {
            pendingHops.computeIfAbsent(traceId, t -> new ArrayList<>())
                    .add(new Hop(app, e.functionName(), e.status(), millis));
        }
    }

    /** JSON lines the apps log themselves (invocations, dependency calls) join the same file. */
    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message != null && message.startsWith("{\"timestamp\"")) {
            write(message);
        }
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            // A full disk must not fail requests; the console still shows the summaries.
        }
    }

    /** As {@code %.1f} in the root locale, for the durations a request can take. */
    private static String oneDecimal(double millis) {
        return String.valueOf(Math.round(millis * 10) / 10.0);
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // see write()
        }
    }

    @Override
    public synchronized void close() {
        Logger.getLogger("").removeHandler(this);
        summaries.shutdown();
        try {
            out.close();
        } catch (IOException e) {
            // closing on shutdown; nothing left to protect
        }
    }
}
