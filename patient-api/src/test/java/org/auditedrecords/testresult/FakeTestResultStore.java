package org.auditedrecords.testresult;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.events.FakeOutbox;
import org.auditedrecords.events.PendingEvent;

/** Test results in memory, for service and adapter tests. */
public final class FakeTestResultStore implements TestResultStore {
    private final Map<String, TestResult> tests = new TreeMap<>();
    private final FakeOutbox outbox = new FakeOutbox();
    private boolean down;

    public synchronized void goDown() {
        down = true;
    }

    public synchronized void put(TestResult test) {
        tests.put(test.id(), test);
    }

    public synchronized int size() {
        return tests.size();
    }

    public synchronized Optional<TestResult> stored(String id) {
        return Optional.ofNullable(tests.get(id));
    }

    @Override
    public synchronized void insert(TestResult test, PendingEvent event) {
        failIfDown();
        tests.put(test.id(), test);
        outbox.add(test.patientId(), test.id(), event);
    }

    @Override
    public synchronized Optional<TestResult> find(String patientId, String testId) {
        failIfDown();
        return Optional.ofNullable(tests.get(testId)).filter(t -> t.patientId().equals(patientId));
    }

    @Override
    public synchronized List<TestResult> list(String patientId, String afterId, int limit) {
        failIfDown();
        return tests.values().stream().filter(t -> t.patientId().equals(patientId))
                .filter(t -> afterId == null || t.id().compareTo(afterId) > 0)
                .sorted(java.util.Comparator.comparing(TestResult::id)).limit(limit).toList();
    }

    @Override
    public synchronized boolean replace(TestResult replacement, long expectedVersion, PendingEvent event) {
        failIfDown();
        TestResult current = tests.get(replacement.id());
        if (current == null || !current.patientId().equals(replacement.patientId())
                || current.version() != expectedVersion) {
            return false;
        }
        tests.put(replacement.id(), replacement);
        outbox.add(replacement.patientId(), replacement.id(), event);
        return true;
    }

    /** The outbox of the stored tests. */
    public FakeOutbox outbox() {
        return outbox;
    }

    private void failIfDown() {
        if (down) {
            throw new DependencyUnavailableException("Store operation failed (fake store is down)");
        }
    }
}
