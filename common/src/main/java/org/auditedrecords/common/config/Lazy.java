package org.auditedrecords.common.config;

import java.util.function.Supplier;

/**
 * A process-wide value built on first use. Unlike a static initializer, a failed build (say, the store was down at
 * cold start) is not remembered: the next caller tries again, so the app heals without a restart.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<T> factory;
    private volatile T value;

    public Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = factory.get();
                    value = current;
                }
            }
        }
        return current;
    }
}
