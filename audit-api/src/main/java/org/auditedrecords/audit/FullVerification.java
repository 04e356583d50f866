package org.auditedrecords.audit;

import java.util.List;

/**
 * The state of the background full re-verification, persisted as it goes so that an interrupted or throttled run
 * resumes after the last log it finished instead of starting over or guessing.
 *
 * @param status         {@code running}, {@code paused} (the store was unavailable; it resumes on the next run)
 *                       or {@code finished}
 * @param afterLog       the last log fully verified by this run (null before the first)
 * @param intact         null until the run has finished
 * @param broken         the broken logs found so far
 * @param pausedBecause  why the run paused, without data or secrets; null otherwise
 */
public record FullVerification(String status, String startedAt, String finishedAt, long logsTotal, long logsDone,
                               long records, String afterLog, Boolean intact,
                               List<VerificationReport.LogReport> broken, String pausedBecause) {
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String FINISHED = "finished";

    public FullVerification {
        broken = List.copyOf(broken);
    }
}
