package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FunctionsHostLimitsTest {
    private static final int MAX_BODY = 1024;

    private final ProbeFunctions probe = new ProbeFunctions();
    private final LogCapture logs = LogCapture.host();
    private FunctionsHost host;

    @AfterEach
    void stopHost() {
        probe.release.countDown();
        host.close();
        logs.close();
    }

    @Test
    void post_bodyOfExactlyTheLimit_isServed() {
        // given
        start(FunctionsHost.builder());

        // when
        HttpResponse<String> response = Http.post(host, "/api/raw", "x".repeat(MAX_BODY));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("bytes:" + MAX_BODY);
    }

    @Test
    void post_contentLengthAboveTheLimit_isRefusedWithoutReadingTheBody() throws IOException {
        // given
        start(FunctionsHost.builder());

        // when: the body is announced but never sent, so only an answer from the headers alone can arrive
        RawHttp.Response response = RawHttp.exchange(host,
                RawHttp.head("POST /api/raw HTTP/1.1", "Content-Length: " + (MAX_BODY + 1)), new byte[0]);

        // then
        assertThat(response.status()).isEqualTo(413);
        Problems.assertProblem(response.headers().get("content-type"), response.body(), 413, "payload-too-large");
        assertThat(probe.calls).isEmpty();
    }

    @Test
    void post_chunkedBodyGrowingPastTheLimit_isRefusedOnceItExceeds() throws IOException {
        // given
        start(FunctionsHost.builder());
        String chunk = "x".repeat(MAX_BODY + 1);

        // when: the final chunk is never sent, so the answer cannot wait for the end of the body
        RawHttp.Response response = RawHttp.exchange(host,
                RawHttp.head("POST /api/raw HTTP/1.1", "Transfer-Encoding: chunked"),
                (Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));

        // then
        assertThat(response.status()).isEqualTo(413);
        Problems.assertProblem(response.headers().get("content-type"), response.body(), 413, "payload-too-large");
    }

    @Test
    void get_allWorkersBusyAndQueueFull_isServiceUnavailableWithRetryAfter() throws Exception {
        // given: one worker thread, held by a blocked function, and a queue of one
        start(FunctionsHost.builder().workerThreads(1));
        CompletableFuture<HttpResponse<String>> running = Http.sendAsync(blocksRequest());
        assertThat(probe.started.tryAcquire(10, TimeUnit.SECONDS)).as("the first call runs").isTrue();

        // when
        CompletableFuture<HttpResponse<String>> second = Http.sendAsync(blocksRequest());
        CompletableFuture<HttpResponse<String>> third = Http.sendAsync(blocksRequest());
        HttpResponse<?> refused = (HttpResponse<?>) CompletableFuture.anyOf(second, third).get(10, TimeUnit.SECONDS);

        // then: whichever came last found the queue full; the queued one is served once the worker is free
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        Problems.assertProblem(refused, 503, "service-unavailable");
        assertThat((String) refused.body()).contains("capacity");
        probe.release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(List.of(second.get(10, TimeUnit.SECONDS).statusCode(), third.get(10, TimeUnit.SECONDS).statusCode()))
                .containsExactlyInAnyOrder(200, 503);
    }

    @Test
    void get_functionRunningPastTheTimeout_isServiceUnavailableAndLogged() throws Exception {
        // given
        start(FunctionsHost.builder().functionTimeout(Duration.ofMillis(300)));

        // when
        HttpResponse<String> response = Http.send(blocksRequest());

        // then
        Problems.assertProblem(response, 503, "service-unavailable");
        assertThat(response.body()).contains("did not finish in time");
        assertThat(logs.records()).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(record.getMessage()).contains("Blocks", "503", "PT0.3S");
        });
    }

    @Test
    void close_withFunctionRunning_waitsForItAndRefusesNewRequests() throws Exception {
        // given
        start(FunctionsHost.builder());
        CompletableFuture<HttpResponse<String>> running = Http.sendAsync(blocksRequest());
        assertThat(probe.started.tryAcquire(10, TimeUnit.SECONDS)).as("the call runs").isTrue();

        // when
        CompletableFuture<Void> closing = CompletableFuture.runAsync(host::close);
        HttpResponse<String> duringClose = awaitRefusal();
        probe.release.countDown();

        // then
        Problems.assertProblem(duringClose, 503, "service-unavailable");
        assertThat(running.get(10, TimeUnit.SECONDS).body()).isEqualTo("released");
        closing.get(10, TimeUnit.SECONDS);
    }

    // close() refuses new requests from the moment it starts; poll until that moment has come.
    private HttpResponse<String> awaitRefusal() throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            HttpResponse<String> response = Http.get(host, "/api/created");
            if (response.statusCode() != 201) {
                return response;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("close() never started refusing requests");
    }

    private void start(FunctionsHost.Builder builder) {
        host = builder.appName("limits")
                .functionClasses(List.of(ProbeFunctions.class))
                .instances(type -> probe)
                .maxRequestBodyBytes(MAX_BODY)
                .build();
        host.start();
    }

    private HttpRequest blocksRequest() {
        return Http.request(host, "/api/blocks").GET().build();
    }
}
