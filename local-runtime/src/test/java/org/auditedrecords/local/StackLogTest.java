package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.common.logging.StructuredLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLogTest {
    private static final Logger APP = Logger.getLogger(StackLogTest.class.getName());

    @TempDir
    Path dir;

    @Test
    void publish_jsonEvent_reachesTheFileWithinTheFlushInterval() throws Exception {
        // given a running stack log
        Path file = dir.resolve("logs").resolve("stack.jsonl");
        List<String> console = new CopyOnWriteArrayList<>();
        try (StackLog log = new StackLog(file, console::add)) {
            // when an app logs a JSON event and nothing closes or flushes the log
            StructuredLog.log(APP, Level.INFO, "patient-api", java.util.Map.of("event", "dependency", "traceId", "t1"));

            // then the line is in the file within a few flush intervals (bounded wait, not a timing assertion)
            long until = System.nanoTime() + 50 * StackLog.FLUSH_INTERVAL_MILLIS * 1_000_000;
            while (!Files.readString(file).contains("\"traceId\":\"t1\"") && System.nanoTime() < until) {
                Thread.sleep(StackLog.FLUSH_INTERVAL_MILLIS / 4);
            }
            assertThat(Files.readAllLines(file)).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("{\"timestamp\"").contains("\"component\":\"patient-api\"")
                    .contains("\"event\":\"dependency\"").contains("\"traceId\":\"t1\""));
            assertThat(console).isEmpty();
        }
    }

    @Test
    void close_afterManyEvents_leavesEveryLineInTheFile() throws Exception {
        // given a stack log that has buffered many lines
        Path file = dir.resolve("stack.jsonl");
        StackLog log = new StackLog(file, line -> { });
        for (int i = 0; i < 500; i++) {
            StructuredLog.log(APP, Level.INFO, "audit-api", java.util.Map.of("event", "request", "n", i));
        }

        // when it is closed
        log.close();

        // then every line is in the file, in order, and the log is no longer a handler
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(500);
        assertThat(lines.get(0)).contains("\"n\":0");
        assertThat(lines.get(499)).contains("\"n\":499");
        assertThat(Logger.getLogger("").getHandlers()).doesNotContain(log);
    }
}
