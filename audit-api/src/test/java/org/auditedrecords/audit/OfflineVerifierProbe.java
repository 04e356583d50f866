package org.auditedrecords.audit;

import java.io.PrintStream;
import java.time.Clock;

/** Lets tests in other packages run the offline verifier without a process exit. */
public final class OfflineVerifierProbe {
    private OfflineVerifierProbe() {
    }

    public static int run(String[] args, PrintStream out) {
        return OfflineVerifier.run(args, out, Clock.systemUTC());
    }
}
