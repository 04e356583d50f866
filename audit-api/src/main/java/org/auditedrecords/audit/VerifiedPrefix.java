package org.auditedrecords.audit;

import java.util.List;

/**
 * How far incremental verification has walked a log: the first {@code size} leaves, summarized as the compact range
 * of their tree. Kept in the audit database, so it is not trusted: it is used only while its root equals the root of
 * a validly signed checkpoint at the same size, otherwise the log is walked again from its first leaf.
 */
public record VerifiedPrefix(String log, long size, List<byte[]> range) {
}
