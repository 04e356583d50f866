package org.auditedrecords.patient;

import java.util.List;
import java.util.Optional;
import org.auditedrecords.events.PendingEvent;

/**
 * Where patients are kept (the Mongo adapter in production, fakes in unit tests). Every read and write of one patient
 * is addressed by its id, which is also the shard key: never a scan. Every write carries the event that announces it
 * (the transactional outbox: the store's {@link org.auditedrecords.events.Outbox} reads and clears it). Implementations retry throttling and turn any
 * other store failure into {@code DependencyUnavailableException}.
 */
public interface PatientStore {

    /**
     * Stores a new patient with {@code event} in its outbox, in one single-document write: the event exists exactly
     * when the patient does.
     */
    void insert(Patient patient, PendingEvent event);

    Optional<Patient> find(String id);

    /**
     * Replaces the patient with {@code replacement.id()} only while its stored version is {@code expectedVersion},
     * and adds {@code event} to its outbox after the events already there, in the same single-document write.
     *
     * @return false when there is no such patient or it has another version now (then nothing is written)
     */
    boolean replace(Patient replacement, long expectedVersion, PendingEvent event);

    /**
     * Up to {@code limit} patients matching {@code criteria}, ordered by id, with ids greater than {@code afterId}
     * (null for the first page).
     */
    List<Patient> search(PatientCriteria criteria, String afterId, int limit);
}
