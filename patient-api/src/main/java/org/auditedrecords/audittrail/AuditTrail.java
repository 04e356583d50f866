package org.auditedrecords.audittrail;

/**
 * Where the Patient API records what it does with patient data: the Audit API in production, fakes in tests.
 * The one port of the audit feature; {@link AuditedAccess} decides when it is called.
 */
@FunctionalInterface
public interface AuditTrail {

    /**
     * Stores one entry in the audit register. Returns only once the register has stored it.
     *
     * @return the id the register gave the stored record, for a later entry to relate to
     * @throws org.auditedrecords.common.errors.DependencyUnavailableException when the entry could not be stored
     *                                                                         (or it is unknown whether it was)
     */
    String record(AuditEntry entry);
}
