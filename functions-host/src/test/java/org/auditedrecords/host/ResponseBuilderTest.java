package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseBuilderTest {

    @Test
    void build_headersSetInAnyCase_areReadCaseInsensitivelyAndLastOneWins() {
        // when
        HttpResponseMessage response = new ResponseBuilder(HttpStatus.OK)
                .header("content-type", "text/plain")
                .header("Content-Type", "application/json")
                .header("ETag", "\"1\"")
                .body("{}")
                .build();

        // then
        assertThat(response.getHeader("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(response.getHeader("etag")).isEqualTo("\"1\"");
        assertThat(((SimpleHttpResponse) response).headers()).containsOnlyKeys("Content-Type", "ETag");
        assertThat(response.getBody()).isEqualTo("{}");
    }

    @Test
    void build_customStatus_isKept() {
        HttpResponseMessage response = new ResponseBuilder(HttpStatus.OK).status(HttpStatusType.custom(299)).build();

        assertThat(response.getStatusCode()).isEqualTo(299);
        assertThat(response.getHeader("Location")).isNull();
        assertThat(response.getBody()).isNull();
    }

    @Test
    void simpleHttpRequest_createResponseBuilder_buildsSimpleResponsesAndLowerCasesHeaderNames() {
        // given
        SimpleHttpRequest<Optional<String>> request = new SimpleHttpRequest<>(URI.create("http://localhost/api/x"),
                HttpMethod.GET, Map.of("X-Trace", "1"), Map.of(), Optional.empty());

        // when
        HttpResponseMessage response = request.createResponseBuilder(HttpStatus.NOT_FOUND).build();

        // then
        assertThat(request.getHeaders()).containsExactly(Map.entry("x-trace", "1"));
        assertThat(response).isInstanceOf(SimpleHttpResponse.class);
        assertThat(response.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
