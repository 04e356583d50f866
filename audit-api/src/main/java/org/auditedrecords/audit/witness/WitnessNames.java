package org.auditedrecords.audit.witness;

/**
 * How witnessed checkpoints are named: {@code <log>/<inverted size>}, the inverted size being
 * {@code Long.MAX_VALUE - size} in 19 digits, so names sort newest first and the newest checkpoint of a log is
 * the first name listed under its prefix.
 */
final class WitnessNames {
    private static final long INVERSION = Long.MAX_VALUE;

    private WitnessNames() {
    }

    static String checkpointName(long size) {
        return String.format("%019d", INVERSION - size);
    }

    static boolean isCheckpointName(String name) {
        return name.matches("[0-9]{19}");
    }
}
