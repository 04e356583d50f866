package org.auditedrecords.host;

import org.auditedrecords.common.trace.TraceParent;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.TraceContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostRequestTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    private final ProbeFunctions probe = new ProbeFunctions();
    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        host = FunctionsHost.builder()
                .appName("probe")
                .functionClasses(List.of(ProbeFunctions.class))
                .instances(type -> probe)
                .build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        probe.release.countDown();
        host.close();
    }

    @Test
    void get_headers_reachTheFunctionLowerCasedAndRepeatedOnesJoined() throws InterruptedException {
        // when
        Http.get(host, "/api/inspect", "X-Custom-Header", "Value", "X-Multi", "a", "X-Multi", "b");

        // then
        var request = nextCall().request();
        assertThat(request.getHeaders())
                .containsEntry("x-custom-header", "Value")
                .containsEntry("x-multi", "a, b")
                .allSatisfy((name, value) -> assertThat(name).isLowerCase());
    }

    @Test
    void get_queryString_reachesTheFunctionDecodedWithFirstValueAndFullUri() throws InterruptedException {
        // when
        Http.get(host, "/api/inspect?q=hello%20world&q=second&name=%C3%A9t%C3%A9&plus=a+b");

        // then
        var request = nextCall().request();
        assertThat(request.getQueryParameters())
                .containsEntry("q", "hello world")
                .containsEntry("name", "été")
                .containsEntry("plus", "a b");
        assertThat(request.getUri()).isEqualTo(
                URI.create(host.baseUri() + "/api/inspect?q=hello%20world&q=second&name=%C3%A9t%C3%A9&plus=a+b"));
        assertThat(request.getHttpMethod()).isEqualTo(HttpMethod.GET);
    }

    @Test
    void post_textBody_reachesOptionalStringParameterAsUtf8() throws InterruptedException {
        // when
        HttpResponse<String> response = Http.send(Http.request(host, "/api/inspect/who")
                .POST(HttpRequest.BodyPublishers.ofString("héllo", StandardCharsets.UTF_8)).build());

        // then
        ProbeFunctions.Call call = nextCall();
        assertThat(call.request().getBody()).hasValue("héllo");
        assertThat(call.request().getHttpMethod()).isEqualTo(HttpMethod.POST);
        assertThat(call.name()).isEqualTo("who");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("héllo");
    }

    @Test
    void get_withoutBodyOrOptionalRouteValue_givesEmptyOptionalAndNullBinding() throws InterruptedException {
        // when
        HttpResponse<String> response = Http.get(host, "/api/inspect");

        // then
        ProbeFunctions.Call call = nextCall();
        assertThat(call.request().getBody()).isEmpty();
        assertThat(call.name()).isNull();
        assertThat(response.body()).isEqualTo("<no body>");
    }

    @Test
    void post_toStringAndByteArrayParameters_bindsBodyOrNull() {
        // when
        HttpResponse<String> text = Http.post(host, "/api/plain", "abc");
        HttpResponse<String> noText = Http.send(Http.request(host, "/api/plain")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> bytes = Http.post(host, "/api/raw", "12345");
        HttpResponse<String> noBytes = Http.send(Http.request(host, "/api/raw")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        // then
        assertThat(text.body()).isEqualTo("text:abc");
        assertThat(noText.body()).isEqualTo("<null>");
        assertThat(bytes.body()).isEqualTo("bytes:5");
        assertThat(noBytes.body()).isEqualTo("<null>");
    }

    @Test
    void post_binaryBody_roundTripsThroughOptionalByteArray() {
        // given
        byte[] payload = {0, 1, 2, (byte) 0xff, (byte) 0xfe};

        // when
        HttpResponse<byte[]> response = Http.send(Http.request(host, "/api/bytes")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.body()).containsExactly(payload);
    }

    @Test
    void get_validTraceparent_continuesTheTraceWithANewSpan() throws InterruptedException {
        // when
        Http.get(host, "/api/inspect", "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01",
                "tracestate", "congo=t61rcWkgMzE");

        // then
        TraceContext trace = nextCall().context().getTraceContext();
        TraceParent span = TraceParent.parse(trace.getTraceparent()).orElseThrow();
        assertThat(span.traceId()).isEqualTo(TRACE_ID);
        assertThat(span.spanId()).isNotEqualTo(CALLER_SPAN);
        assertThat(span.flags()).isEqualTo("01");
        assertThat(trace.getTracestate()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(trace.getAttributes()).containsExactly(java.util.Map.entry("parentSpanId", CALLER_SPAN));
    }

    @Test
    void get_malformedTraceparent_startsANewTraceAndIgnoresTracestate() throws InterruptedException {
        // when: upper-case hex is not allowed by the W3C format
        Http.get(host, "/api/inspect", "traceparent", "00-" + TRACE_ID.toUpperCase() + "-" + CALLER_SPAN + "-00",
                "tracestate", "congo=t61rcWkgMzE");

        // then
        TraceContext trace = nextCall().context().getTraceContext();
        TraceParent span = TraceParent.parse(trace.getTraceparent()).orElseThrow();
        assertThat(span.traceId()).isNotEqualToIgnoringCase(TRACE_ID);
        assertThat(span.flags()).isEqualTo("01");
        assertThat(trace.getTracestate()).isEmpty();
    }

    @Test
    void get_twoInvocations_haveDistinctUuidInvocationIdsAndNamedLogger() throws InterruptedException {
        // when
        Http.get(host, "/api/inspect");
        Http.get(host, "/api/inspect");

        // then
        var first = nextCall().context();
        var second = nextCall().context();
        assertThat(UUID.fromString(first.getInvocationId())).isNotEqualTo(UUID.fromString(second.getInvocationId()));
        assertThat(first.getFunctionName()).isEqualTo("Inspect");
        assertThat(first.getLogger().getName()).isEqualTo("Function.Inspect");
    }

    private ProbeFunctions.Call nextCall() throws InterruptedException {
        ProbeFunctions.Call call = probe.calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("the function was called").isNotNull();
        return call;
    }
}
