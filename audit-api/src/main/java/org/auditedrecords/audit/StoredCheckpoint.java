package org.auditedrecords.audit;

/**
 * A checkpoint as stored beside the records: the log and size it is filed under, and its signed note. The filing
 * is not trusted: verification checks that the note is validly signed and says the same log and size.
 */
public record StoredCheckpoint(String log, long size, String note) {
}
