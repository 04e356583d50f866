package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostRequestLogTest {
    private final ProbeFunctions probe = new ProbeFunctions();
    private final BlockingQueue<RequestLogEntry> entries = new LinkedBlockingQueue<>();
    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        host = FunctionsHost.builder()
                .appName("logged")
                .functionClasses(List.of(ProbeFunctions.class))
                .instances(type -> probe)
                .requestLog(entries::add)
                .build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void get_invokedFunction_isLoggedOnceWithoutQueryString() throws InterruptedException {
        // when
        Http.get(host, "/api/inspect/x?code=secret-key&q=1");

        // then
        RequestLogEntry entry = next();
        ProbeFunctions.Call call = probe.calls.poll(5, TimeUnit.SECONDS);
        assertThat(entry.method()).isEqualTo("GET");
        assertThat(entry.path()).isEqualTo("/api/inspect/x");
        assertThat(entry.toString()).doesNotContain("secret-key", "?");
        assertThat(entry.status()).isEqualTo(200);
        assertThat(entry.duration()).isPositive();
        assertThat(entry.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(entry.functionName()).isEqualTo("Inspect");
        assertThat(entry.invocationId()).isEqualTo(call.context().getInvocationId());
        assertThat(entry.traceparent()).isEqualTo(call.context().getTraceContext().getTraceparent());
        assertThat(entry.parentSpanId()).as("no caller span was sent").isNull();
        assertThat(entries.poll(300, TimeUnit.MILLISECONDS)).as("no second entry").isNull();
    }

    @Test
    void get_withCallerTraceparent_logsTheCallerSpanAsParentOfTheHostSpan() throws InterruptedException {
        // when
        Http.send(Http.request(host, "/api/inspect/x")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").GET().build());

        // then
        RequestLogEntry entry = next();
        assertThat(entry.parentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(entry.traceparent()).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
                .doesNotContain("b7ad6b7169203331");
    }

    @Test
    void get_requestsThatInvokeNothing_areLoggedWithoutInvocation() throws InterruptedException {
        // when
        Http.get(host, "/api/unknown");
        Http.send(Http.request(host, "/api/created").DELETE().build());

        // then
        RequestLogEntry unknown = next();
        RequestLogEntry wrongMethod = next();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.path()).isEqualTo("/api/unknown");
        assertThat(unknown.functionName()).isNull();
        assertThat(unknown.invocationId()).isNull();
        assertThat(unknown.traceparent()).isNull();
        assertThat(wrongMethod.method()).isEqualTo("DELETE");
        assertThat(wrongMethod.status()).isEqualTo(404);
        assertThat(entries.poll(300, TimeUnit.MILLISECONDS)).as("no third entry").isNull();
    }

    @Test
    void get_failingFunction_isLoggedWithItsNameAndStatus() throws InterruptedException {
        // when
        Http.get(host, "/api/throws");

        // then
        RequestLogEntry entry = next();
        assertThat(entry.status()).isEqualTo(500);
        assertThat(entry.functionName()).isEqualTo("Throws");
        assertThat(entry.invocationId()).isNotNull();
    }

    private RequestLogEntry next() throws InterruptedException {
        RequestLogEntry entry = entries.poll(5, TimeUnit.SECONDS);
        assertThat(entry).as("a request log entry").isNotNull();
        return entry;
    }
}
