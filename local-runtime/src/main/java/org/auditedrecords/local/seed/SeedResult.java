package org.auditedrecords.local.seed;

/**
 * What one seeding run added.
 *
 * @param patients      patients created
 * @param tests         test results created
 * @param auditRecords  audit records appended: every entry of every request
 * @param eventsRelayed outbox events the relay took out of the seeded documents
 * @param seconds       how long the run took, opening and closing the stores included
 * @param complete      false when the time limit stopped the run before the plan was done
 */
public record SeedResult(int patients, int tests, long auditRecords, long eventsRelayed, double seconds,
                         boolean complete) {
}
