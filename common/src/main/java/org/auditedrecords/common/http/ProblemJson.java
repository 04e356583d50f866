package org.auditedrecords.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditedrecords.common.json.Json;

/**
 * Problem details as bytes, for the edges that answer outside a function (the functions host, the gateway), so
 * their errors have exactly the shape of the apps' own.
 */
public final class ProblemJson {
    private static final ObjectMapper JSON = Json.newMapper();

    private ProblemJson() {
    }

    public static byte[] bytes(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem of strings always serializes", e);
        }
    }
}
