package org.auditedrecords.testresult;

/**
 * One observation of a test result; every field is required text.
 *
 * @param issued when it was issued, an ISO-8601 date-time with offset, kept as the client wrote it
 */
public record Observation(String id, String code, String measurement, String interpretation, String issued,
                          String status) {
}
