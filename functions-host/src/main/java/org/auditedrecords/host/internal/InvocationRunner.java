package org.auditedrecords.host.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs function invocations on a bounded pool, away from Jetty's I/O threads. A full pool and queue rejects at once
 * ({@link RejectedExecutionException}), so overload becomes a quick 503 instead of a growing backlog; an invocation
 * running longer than the function timeout is interrupted and reported as a {@link TimeoutException}.
 */
public final class InvocationRunner implements AutoCloseable {
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor alarms;
    private final Duration functionTimeout;

    /** {@code workerThreads} run invocations and as many again may wait for one. */
    public InvocationRunner(String appName, int workerThreads, Duration functionTimeout) {
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(workerThreads), threads(appName + "-function-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.alarms = new ScheduledThreadPoolExecutor(1, threads(appName + "-function-timeout-"));
        // Nearly every alarm is cancelled when its invocation ends; left queued until the timeout, each would keep
        // its invocation (request and response) reachable and the queue thousands deep at a few hundred req/s.
        this.alarms.setRemoveOnCancelPolicy(true);
        this.functionTimeout = functionTimeout;
    }

    /** The invocation's result or failure; completes exceptionally with the rejection when the pool is full. */
    CompletableFuture<Object> submit(Callable<Object> invocation) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        try {
            workers.execute(new TimedInvocation(invocation, outcome));
        } catch (RejectedExecutionException e) {
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    /** Stops taking work, lets running invocations finish within the function timeout, then interrupts them. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(functionTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            alarms.shutdownNow();
        }
    }

    /** Timeout alarms not yet fired or removed: one per running invocation. */
    int pendingAlarms() {
        return alarms.getQueue().size();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, prefix + count.incrementAndGet());
    }

    // FutureTask delivers the timeout's interrupt only to this invocation, never to the next one on the same thread.
    private final class TimedInvocation extends FutureTask<Object> {
        private final CompletableFuture<Object> outcome;

        TimedInvocation(Callable<Object> invocation, CompletableFuture<Object> outcome) {
            super(invocation);
            this.outcome = outcome;
        }

        @Override
        public void run() {
            // The clock starts when the function does, as functionTimeout does on Azure; queueing is not counted.
            ScheduledFuture<?> alarm = alarms.schedule(this::expire, functionTimeout.toNanos(), TimeUnit.NANOSECONDS);
            try {
                super.run();
            } finally {
                alarm.cancel(false);
            }
        }

        private void expire() {
            var timeout = new TimeoutException("exceeded the function timeout of " + functionTimeout);
            if (outcome.completeExceptionally(timeout)) {
                cancel(true);
            }
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                return;
            }
            try {
                outcome.complete(get());
            } catch (ExecutionException e) {
                outcome.completeExceptionally(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome.completeExceptionally(e);
            }
        }
    }
}
