package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostResponseTest {
    private final LogCapture logs = LogCapture.host();
    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        host = FunctionsHost.builder().appName("probe").functionClasses(List.of(ProbeFunctions.class)).build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.close();
        logs.close();
    }

    @Test
    void get_functionSettingStatusHeadersAndBody_sendsThemAsGiven() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/created");

        // then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("location")).hasValue("/api/created/42");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("etag")).hasValue("\"v1\"");
        assertThat(response.headers().firstValue("server")).isEmpty();
        assertThat(response.body()).isEqualTo("{\"id\":42}");
    }

    @Test
    void delete_functionWithoutBody_sendsStatusAndHeadersOnly() {
        // when
        HttpResponse<String> response = Http.send(Http.request(host, "/api/nocontent").DELETE().build());

        // then
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("x-done")).hasValue("yes");
        assertThat(response.headers().firstValue("content-type")).isEmpty();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void get_functionThrows_isInternalErrorProblemAndLoggedCause() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/throws");

        // then
        Problems.assertProblem(response, 500, "internal");
        assertThat(response.body()).doesNotContain("boom");
        assertThat(logs.records()).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("probe", "Throws", "500");
            assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        });
    }

    @Test
    void get_bodyOfUnsupportedType_isInternalErrorAndLogged() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/mapbody");

        // then
        Problems.assertProblem(response, 500, "internal");
        assertThat(logs.records()).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getMessage()).contains("MapBody", "Map");
        });
    }

    @Test
    void request_headersBeyondTheLimit_areRefusedWithoutServerDetails() throws IOException {
        // when
        RawHttp.Response response = RawHttp.exchange(host,
                RawHttp.head("GET /api/created HTTP/1.1", "X-Big: " + "a".repeat(17 * 1024), "Connection: close"),
                new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(431);
        assertThat(response.headers()).doesNotContainKey("server");
        Problems.assertProblem(response.headers().get("content-type"), response.body(), 431, "request-too-large");
    }

    @Test
    void request_malformedQueryEncoding_isBadRequestWithoutServerDetails() throws IOException {
        // when
        RawHttp.Response response = RawHttp.exchange(host,
                RawHttp.head("GET /api/created?x=%zz HTTP/1.1", "Connection: close"), new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).doesNotContainKey("server");
        assertThat(response.body()).doesNotContainIgnoringCase("jetty");
    }
}
