package org.auditedrecords.host;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** The one way a local server (functions host, gateway) stops taking requests and lets those in flight finish. */
public final class Draining {
    private Draining() {
    }

    /**
     * From now on {@code handler} answers new requests 503; waits up to {@code max} for those in flight to finish.
     * Returns whether they all did (false: the rest are cut off when the server stops). Idempotent.
     */
    public static boolean drain(GracefulHandler handler, Duration max) {
        try {
            handler.shutdown().get(Math.max(0, max.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
