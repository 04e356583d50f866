package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostAuthTest {
    private static final String MASTER = "master-key-value";
    private static final String HOST_KEY = "host-key-value";
    private static final String GUARDED_KEY = "guarded-key-value";
    private static final String OTHER_KEY = "other-key-value";

    private final InMemoryFunctionKeys keys = new InMemoryFunctionKeys();
    private final LogCapture logs = LogCapture.host();
    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        keys.setMasterKey(MASTER);
        keys.putHostKey("default", HOST_KEY);
        keys.putFunctionKey("Guarded", "default", GUARDED_KEY);
        keys.putFunctionKey("OtherGuarded", "default", OTHER_KEY);
        host = FunctionsHost.builder().appName("auth").functionClasses(List.of(AuthFunctions.class)).keys(keys).build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.close();
        logs.close();
    }

    @Test
    void get_anonymousFunctionWithoutKey_isServed() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/Open");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Open");
    }

    @Test
    void get_functionLevelWithoutKey_isUnauthorizedProblem() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/Guarded");

        // then
        Problems.assertProblem(response, 401, "unauthorized");
    }

    @Test
    void refusedRequestsWithBodies_onOneKeptAliveClient_eachGetTheirAnswerAndCloseTheConnection() {
        // when: requests with bodies refused before the body is read, back to back on the same client
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = Http.send(Http.request(host, "/api/Guarded")
                    .method("GET", java.net.http.HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build());

            // then: every one is answered (no reused half-read connection) and the connection is not kept
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("connection")).hasValue("close");
        }
    }

    @Test
    void get_functionLevelWithWrongKey_isUnauthorized() {
        // when
        HttpResponse<String> header = Http.get(host, "/api/Guarded", "x-functions-key", "wrong");
        HttpResponse<String> query = Http.get(host, "/api/Guarded?code=wrong");

        // then
        assertThat(header.statusCode()).isEqualTo(401);
        Problems.assertProblem(query, 401, "unauthorized");
    }

    @Test
    void get_hostKeyInHeaderOrCodeParameter_isServed() {
        // when
        HttpResponse<String> header = Http.get(host, "/api/Guarded", "x-functions-key", HOST_KEY);
        HttpResponse<String> query = Http.get(host, "/api/Guarded?code=" + HOST_KEY);

        // then
        assertThat(header.statusCode()).isEqualTo(200);
        assertThat(header.body()).isEqualTo("Guarded");
        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(query.body()).isEqualTo("Guarded");
    }

    @Test
    void get_functionKeyOfThisFunction_isServed() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/Guarded", "x-functions-key", GUARDED_KEY);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Guarded");
    }

    @Test
    void get_functionKeyOfAnotherFunction_isUnauthorized() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/Guarded", "x-functions-key", OTHER_KEY);

        // then
        Problems.assertProblem(response, 401, "unauthorized");
    }

    @Test
    void get_masterKey_opensFunctionAndAdminLevels() {
        // when
        HttpResponse<String> function = Http.get(host, "/api/Guarded", "x-functions-key", MASTER);
        HttpResponse<String> admin = Http.get(host, "/api/Admin?code=" + MASTER);

        // then
        assertThat(function.statusCode()).isEqualTo(200);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("Admin");
    }

    @Test
    void get_adminLevelWithHostOrFunctionKey_isUnauthorized() {
        // when
        HttpResponse<String> hostKey = Http.get(host, "/api/Admin", "x-functions-key", HOST_KEY);
        HttpResponse<String> functionKey = Http.get(host, "/api/Admin", "x-functions-key", GUARDED_KEY);

        // then
        assertThat(hostKey.statusCode()).isEqualTo(401);
        assertThat(functionKey.statusCode()).isEqualTo(401);
    }

    @Test
    void get_keyRemovedWhileRunning_stopsWorkingAtOnce() {
        // given
        assertThat(Http.get(host, "/api/OtherGuarded", "x-functions-key", OTHER_KEY).statusCode()).isEqualTo(200);
        keys.putFunctionKey("OtherGuarded", "next", "rotated-key");

        // when
        keys.removeFunctionKey("OtherGuarded", "default");
        keys.removeHostKey("default");

        // then
        assertThat(Http.get(host, "/api/OtherGuarded", "x-functions-key", OTHER_KEY).statusCode()).isEqualTo(401);
        assertThat(Http.get(host, "/api/OtherGuarded", "x-functions-key", HOST_KEY).statusCode()).isEqualTo(401);
        assertThat(Http.get(host, "/api/OtherGuarded", "x-functions-key", "rotated-key").statusCode()).isEqualTo(200);
    }

    @Test
    void get_withKeys_neverLogsAKey() {
        // when
        Http.get(host, "/api/Guarded?code=" + HOST_KEY);
        Http.get(host, "/api/Guarded", "x-functions-key", "wrong-key-value");

        // then
        assertThat(logs.allText()).doesNotContain(HOST_KEY, "wrong-key-value", MASTER);
    }

    @Test
    void get_hostWithDefaultKeys_refusesEveryKeyedCall() {
        // given
        try (FunctionsHost keyless = FunctionsHost.builder().functionClasses(List.of(AuthFunctions.class)).build()) {
            keyless.start();

            // when
            HttpResponse<String> function = Http.get(keyless, "/api/Guarded?code=anything");
            HttpResponse<String> open = Http.get(keyless, "/api/Open");

            // then
            assertThat(function.statusCode()).isEqualTo(401);
            assertThat(open.statusCode()).isEqualTo(200);
        }
    }
}
