package org.auditedrecords.common.http;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.auditedrecords.common.caller.CallerAssertionException;
import org.auditedrecords.common.config.ConfigException;
import org.auditedrecords.common.errors.ConflictException;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.errors.MalformedRequestException;
import org.auditedrecords.common.errors.NotFoundException;
import org.auditedrecords.common.errors.PayloadTooLargeException;
import org.auditedrecords.common.errors.PreconditionFailedException;
import org.auditedrecords.common.errors.UnprocessableContentException;
import org.auditedrecords.common.errors.UnsupportedMediaTypeException;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.secrets.SecretNotFoundException;
import org.auditedrecords.common.secrets.SecretSourceUnavailableException;

/** The one place where failure kinds become HTTP problems. */
public final class ProblemMapper {
    private ProblemMapper() {
    }

    /**
     * Maps a failure to a problem. Details of dependency and unexpected failures are logged with their cause
     * (messages carry no payloads or secrets) but not sent to the client.
     */
    public static Problem toProblem(RuntimeException failure, String traceId, Logger log) {
        if (failure instanceof ValidationException v) {
            return new Problem(Problem.TYPE_PREFIX + "validation", "Invalid request", 400,
                    "The request breaks the contract; see errors.", traceId, v.errors());
        }
        if (failure instanceof MalformedRequestException) {
            return simple("malformed-request", "Malformed request", 400, failure.getMessage(), traceId);
        }
        if (failure instanceof CallerAssertionException) {
            return simple("unauthorized", "Unauthorized", 401, failure.getMessage(), traceId);
        }
        if (failure instanceof NotFoundException) {
            return simple("not-found", "Not found", 404, failure.getMessage(), traceId);
        }
        if (failure instanceof PreconditionFailedException) {
            return simple("precondition-failed", "Precondition failed", 412, failure.getMessage(), traceId);
        }
        if (failure instanceof ConflictException) {
            return simple("conflict", "Conflict", 409, failure.getMessage(), traceId);
        }
        if (failure instanceof UnprocessableContentException) {
            return simple("unprocessable-content", "Unprocessable content", 422, failure.getMessage(), traceId);
        }
        if (failure instanceof PayloadTooLargeException) {
            return simple("payload-too-large", "Payload too large", 413, failure.getMessage(), traceId);
        }
        if (failure instanceof UnsupportedMediaTypeException) {
            return simple("unsupported-media-type", "Unsupported media type", 415, failure.getMessage(), traceId);
        }
        if (failure instanceof ConfigException || failure instanceof SecretNotFoundException) {
            log.log(Level.SEVERE, "The app is misconfigured (traceId " + traceId + "): " + failure.getMessage());
            return simple("service-unavailable", "Service unavailable", 503,
                    "The service is not available; nothing was changed.", traceId);
        }
        if (failure instanceof DependencyUnavailableException || failure instanceof SecretSourceUnavailableException) {
            log.log(Level.WARNING, "Dependency unavailable (traceId " + traceId + "): " + failure.getMessage(), failure);
            return simple("service-unavailable", "Service unavailable", 503,
                    "A dependency is unavailable; nothing was changed. Retry later.", traceId);
        }
        log.log(Level.SEVERE, "Unexpected failure (traceId " + traceId + ")", failure);
        return simple("internal", "Internal error", 500, "An unexpected error occurred; nothing was changed.", traceId);
    }

    private static Problem simple(String type, String title, int status, String detail, String traceId) {
        return Problem.of(type, title, status, detail, traceId);
    }
}
