package org.auditedrecords.testresult;

import java.util.List;
import java.util.Optional;
import org.auditedrecords.events.PendingEvent;

/**
 * Where test results are kept (the Mongo adapter in production, fakes in unit tests). Every call names the patient,
 * the shard key, so each is a point or single-partition operation. Implementations retry throttling and turn any
 * other store failure into {@code DependencyUnavailableException}.
 */
public interface TestResultStore {

    /** Stores a new test with {@code event} in its outbox, in one single-document write. */
    void insert(TestResult test, PendingEvent event);

    /** The test {@code testId} of patient {@code patientId}; empty when that patient has no such test. */
    Optional<TestResult> find(String patientId, String testId);

    /**
     * Up to {@code limit} tests of the patient in id order, those after {@code afterId} (from the first when null):
     * one page, read through the {@code (patientId, _id)} index so its cost does not grow with the patient's tests.
     */
    List<TestResult> list(String patientId, String afterId, int limit);

    /**
     * Replaces the test with {@code replacement}'s patient and id only while its stored version is
     * {@code expectedVersion}, and adds {@code event} to its outbox in the same single-document write.
     *
     * @return false when there is no such test or it has another version now (then nothing is written)
     */
    boolean replace(TestResult replacement, long expectedVersion, PendingEvent event);
}
