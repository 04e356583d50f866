package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Checks that a response is the host's own problem-details error. */
final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    static void assertProblem(HttpResponse<?> response, int status, String kind) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertProblem(response.headers().firstValue("content-type").orElse(null), (String) response.body(), status, kind);
    }

    /** Content type {@code application/problem+json}; type, status and a W3C trace id in the body; no server details. */
    static void assertProblem(String contentType, String body, int status, String kind) {
        assertThat(contentType).isEqualTo("application/problem+json");
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(problem.path("type").asText()).isEqualTo("urn:auditedrecords:problem:" + kind);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(body).doesNotContainIgnoringCase("jetty").doesNotContain("<html");
    }
}
