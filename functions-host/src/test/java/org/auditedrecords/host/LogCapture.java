package org.auditedrecords.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the java.util.logging records of the host while a test runs. */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    static LogCapture host() {
        LogCapture capture = new LogCapture(Logger.getLogger("org.auditedrecords.host"));
        capture.logger.addHandler(capture);
        return capture;
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Every captured message, formatted, with the thrown exception's message if any; for "never logged" checks. */
    String allText() {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : records) {
            text.append(record.getMessage()).append('\n');
            if (record.getThrown() != null) {
                text.append(record.getThrown()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
