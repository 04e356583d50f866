package org.auditedrecords.patient;

import java.util.List;
import java.util.Optional;

/**
 * Where patients are kept (the Mongo adapter in production, fakes in unit tests). Every read and write of one patient
 * is addressed by its id, which is also the shard key: never a scan. Implementations retry throttling and turn any
 * other store failure into {@code DependencyUnavailableException}.
 */
public interface PatientStore {

    /** Stores a new patient. */
    void insert(Patient patient);

    Optional<Patient> find(String id);

    /**
     * Replaces the patient with {@code replacement.id()} only while its stored version is {@code expectedVersion}.
     *
     * @return false when there is no such patient or it has another version now
     */
    boolean replace(Patient replacement, long expectedVersion);

    /**
     * Up to {@code limit} patients matching {@code criteria}, ordered by id, with ids greater than {@code afterId}
     * (null for the first page).
     */
    List<Patient> search(PatientCriteria criteria, String afterId, int limit);
}
