package org.auditedrecords.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.events.FakeOutbox;
import org.auditedrecords.events.PendingEvent;

/**
 * Patients in memory, for service and adapter tests. Search ignores the criteria (matching them is the real store's
 * job, proven by the store contract) but pages like the real store: by id, after a given id.
 */
public final class FakePatientStore implements PatientStore {
    private final Map<String, Patient> patients = new TreeMap<>();
    private final FakeOutbox outbox = new FakeOutbox();
    private boolean down;
    private Runnable beforeNextReplace;

    public synchronized void goDown() {
        down = true;
    }

    /** Runs {@code action} just before the next replace, as a concurrent writer would. */
    public synchronized void beforeNextReplace(Runnable action) {
        beforeNextReplace = action;
    }

    /** Stores a patient directly, as another writer would. */
    public synchronized void put(Patient patient) {
        patients.put(patient.id(), patient);
    }

    public synchronized Optional<Patient> stored(String id) {
        return Optional.ofNullable(patients.get(id));
    }

    public synchronized int size() {
        return patients.size();
    }

    @Override
    public synchronized void insert(Patient patient, PendingEvent event) {
        failIfDown();
        patients.put(patient.id(), patient);
        outbox.add(patient.id(), patient.id(), event);
    }

    @Override
    public synchronized Optional<Patient> find(String id) {
        failIfDown();
        return Optional.ofNullable(patients.get(id));
    }

    @Override
    public boolean replace(Patient replacement, long expectedVersion, PendingEvent event) {
        Runnable concurrent;
        synchronized (this) {
            failIfDown();
            concurrent = beforeNextReplace;
            beforeNextReplace = null;
        }
        if (concurrent != null) {
            concurrent.run();
        }
        synchronized (this) {
            Patient current = patients.get(replacement.id());
            if (current == null || current.version() != expectedVersion) {
                return false;
            }
            patients.put(replacement.id(), replacement);
            outbox.add(replacement.id(), replacement.id(), event);
            return true;
        }
    }

    @Override
    public synchronized List<Patient> search(PatientCriteria criteria, String afterId, int limit) {
        failIfDown();
        List<Patient> page = new ArrayList<>();
        for (Patient patient : patients.values()) {
            if ((afterId == null || patient.id().compareTo(afterId) > 0) && page.size() < limit) {
                page.add(patient);
            }
        }
        return page;
    }

    /** The outbox of the stored patients. */
    public FakeOutbox outbox() {
        return outbox;
    }

    private void failIfDown() {
        if (down) {
            throw new DependencyUnavailableException("Store operation failed (fake store is down)");
        }
    }
}
