package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostAccessRestrictionsTest {
    private final LogCapture logs = LogCapture.host();
    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        InMemoryFunctionKeys keys = new InMemoryFunctionKeys();
        keys.putHostKey("default", "host-key");
        host = FunctionsHost.builder()
                .appName("restricted")
                .functionClasses(List.of(AuthFunctions.class))
                .keys(keys)
                .accessRestrictions(
                        AccessRestrictions.allowOnly(List.of(new AccessRule("patient-api", "127.0.0.1/32"))))
                .build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.close();
        logs.close();
    }

    @Test
    void get_fromAllowedAddress_isServed() throws IOException {
        // when
        RawHttp.Response response = RawHttp.exchange(InetAddress.getByName("127.0.0.1"), host,
                RawHttp.head("GET /api/Open HTTP/1.1", "Connection: close"), new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Open");
    }

    @Test
    void get_fromAddressNoRuleAdmits_isForbiddenBeforeAuthenticationAndLogged() throws IOException {
        // when: a keyed function without a key would be 401, so 403 proves the restriction comes first
        RawHttp.Response response = RawHttp.exchange(InetAddress.getByName("127.0.0.2"), host,
                RawHttp.head("GET /api/Guarded?code=host-key HTTP/1.1", "Connection: close"), new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(403);
        Problems.assertProblem(response.headers().get("content-type"), response.body(), 403, "forbidden");
        assertThat(logs.records()).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).contains("403", "127.0.0.2", "/api/Guarded", "patient-api 127.0.0.1/32")
                    .doesNotContain("host-key");
        });
    }

    @Test
    void get_unknownRouteFromAddressNoRuleAdmits_isForbiddenNotNotFound() throws IOException {
        // when
        RawHttp.Response response = RawHttp.exchange(InetAddress.getByName("127.0.0.2"), host,
                RawHttp.head("GET /api/nothing HTTP/1.1", "Connection: close"), new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(403);
    }
}
