package org.auditedrecords.common.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/**
 * Runs a store operation, retrying only when Cosmos DB throttles it (error 16500, or 429), after the delay the
 * server asks for in {@code RetryAfterMs}. Every other store failure becomes a
 * {@link DependencyUnavailableException} (503), except unique-index conflicts, which become
 * {@link DuplicateKeyException} for the caller to handle.
 */
public final class ThrottlingRetry {
    static final int TOO_MANY_REQUESTS = 16500;
    private static final Pattern RETRY_AFTER = Pattern.compile("RetryAfterMs=(\\d+)");

    /** How the store is told to wait; a test passes one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Duration defaultDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    /**
     * @param maxAttempts  attempts in all, the first included
     * @param defaultDelay used when the server names no delay; doubled on each further throttle
     * @param maxDelay     cap on any single wait
     */
    public ThrottlingRetry(int maxAttempts, Duration defaultDelay, Duration maxDelay, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.defaultDelay = defaultDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
    }

    /** Defaults: 5 attempts, 100 ms default delay, at most 2 s per wait. */
    public static ThrottlingRetry defaults() {
        return new ThrottlingRetry(5, Duration.ofMillis(100), Duration.ofSeconds(2), d -> Thread.sleep(d.toMillis()));
    }

    /** Runs {@code operation}; {@code what} names it in errors (no data, no secrets). */
    public <T> T call(String what, Supplier<T> operation) {
        Duration backoff = defaultDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (MongoException e) {
                if (isDuplicateKey(e)) {
                    throw new DuplicateKeyException(what, e);
                }
                if (!isThrottled(e)) {
                    throw new DependencyUnavailableException("Store operation '" + what + "' failed", e);
                }
                if (attempt >= maxAttempts) {
                    throw new DependencyUnavailableException("Store operation '" + what + "' stayed throttled after "
                            + attempt + " attempts", e);
                }
                Duration wait = min(retryAfter(e).orElse(backoff), maxDelay);
                backoff = min(backoff.multipliedBy(2), maxDelay);
                pause(what, wait, e);
            }
        }
    }

    public void run(String what, Runnable operation) {
        call(what, () -> {
            operation.run();
            return null;
        });
    }

    private void pause(String what, Duration wait, MongoException cause) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("Interrupted while waiting to retry '" + what + "'", cause);
        }
    }

    static boolean isThrottled(MongoException e) {
        int code = e instanceof MongoWriteException w ? w.getError().getCode() : e.getCode();
        return code == TOO_MANY_REQUESTS || code == 429 || (e.getMessage() != null && e.getMessage().contains("TooManyRequests"));
    }

    static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return e instanceof MongoServerException && ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    static java.util.Optional<Duration> retryAfter(MongoException e) {
        Matcher matcher = RETRY_AFTER.matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? java.util.Optional.of(Duration.ofMillis(Long.parseLong(matcher.group(1)))) : java.util.Optional.empty();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
