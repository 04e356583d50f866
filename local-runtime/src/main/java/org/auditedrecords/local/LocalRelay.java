package org.auditedrecords.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.auditedrecords.events.EventRelay;

/**
 * The Patient API's outbox relay on a fixed schedule: locally what the {@code RelayEvents} timer trigger is in Azure.
 * The local functions host serves HTTP triggers only; rather than a second, home-made cron engine in it, the stack
 * runs the same relay core the timer function calls, and the timer adapter itself is tested on its own.
 */
public final class LocalRelay implements AutoCloseable {
    private final EventRelay relay;
    private final Duration interval;
    private final Consumer<String> console;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean paused;
    private boolean failing;

    LocalRelay(EventRelay relay, Duration interval, Consumer<String> console) {
        this.relay = relay;
        this.interval = interval;
        this.console = console;
        schedule.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        if (paused) {
            return;
        }
        try {
            relay.relay(interval);
            if (failing) {
                console.accept("relay: publishing again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Once per outage on the console; the events stay in the outbox and the next run retries.
            if (!failing) {
                console.accept("relay: " + e.getMessage() + "; events wait in the outbox");
                failing = true;
            }
        }
    }

    /** Stops relaying after the run under way (for tests that run a relay of their own). */
    public void pause() {
        paused = true;
        try {
            schedule.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException("The relay did not pause", e);
        }
    }

    public void resume() {
        paused = false;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
