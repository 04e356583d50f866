package org.auditedrecords.common.mongo.embedded;

import java.util.function.IntFunction;
import org.h2.mvstore.type.BasicDataType;

/**
 * An MVStore data type of this backend: stateless, so any two instances of one class are equal (MVStore compares a
 * reopened map's types), with its storage arrays made by {@code storage}.
 */
abstract class StoredType<T> extends BasicDataType<T> {
    private final IntFunction<T[]> storage;

    StoredType(IntFunction<T[]> storage) {
        this.storage = storage;
    }

    @Override
    public final T[] createStorage(int size) {
        return storage.apply(size);
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }
}
