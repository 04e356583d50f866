package org.auditedrecords.patient;

/**
 * A stored resource with a revision counter: 1 when created, one more on every update. Its ETag is the counter
 * ({@link ETag#of}), and stores replace a resource only while the counter is still the one read.
 */
public interface Versioned {
    long version();
}
