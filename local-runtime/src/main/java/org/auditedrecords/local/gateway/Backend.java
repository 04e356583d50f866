package org.auditedrecords.local.gateway;

import java.net.URI;
import java.util.Map;

/** Sends a request on to an app. Throws {@link BackendUnavailableException} when the app cannot be reached. */
@FunctionalInterface
public interface Backend {
    GatewayResponse send(String method, URI uri, Map<String, String> headers, byte[] body);

    /** The app did not answer (refused, reset or timed out). */
    final class BackendUnavailableException extends RuntimeException {
        public BackendUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
