package org.auditedrecords.idempotency;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.errors.DependencyUnavailableException;

/** Idempotency records in memory, with the real store's conditional semantics; can be told to go down. */
public final class FakeIdempotencyStore implements IdempotencyStore {
    private final Map<List<String>, IdempotencyRecord> records = new HashMap<>();
    private boolean down;

    public synchronized void goDown() {
        down = true;
    }

    public synchronized void put(IdempotencyRecord record) {
        records.put(List.of(record.scope(), record.key()), record);
    }

    @Override
    public synchronized boolean claim(IdempotencyRecord pending) {
        failIfDown();
        return records.putIfAbsent(List.of(pending.scope(), pending.key()), pending) == null;
    }

    @Override
    public synchronized Optional<IdempotencyRecord> find(String scope, String key) {
        failIfDown();
        return Optional.ofNullable(records.get(List.of(scope, key)));
    }

    @Override
    public synchronized boolean replace(IdempotencyRecord current, IdempotencyRecord next) {
        failIfDown();
        return records.replace(List.of(current.scope(), current.key()), current, next);
    }

    @Override
    public synchronized void release(IdempotencyRecord pending) {
        failIfDown();
        records.remove(List.of(pending.scope(), pending.key()), pending);
    }

    private void failIfDown() {
        if (down) {
            throw new DependencyUnavailableException("Store operation failed (fake idempotency store is down)");
        }
    }
}
