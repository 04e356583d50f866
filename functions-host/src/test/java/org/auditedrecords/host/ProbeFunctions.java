package org.auditedrecords.host;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/** Functions that record what they were given and misbehave on request. One instance per test. */
public class ProbeFunctions {
    /** What one invocation received. */
    public record Call(HttpRequestMessage<Optional<String>> request, String name, ExecutionContext context) {
    }

    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final Semaphore started = new Semaphore(0);
    final CountDownLatch release = new CountDownLatch(1);

    @FunctionName("Inspect")
    public HttpResponseMessage inspect(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET, HttpMethod.POST}, route = "inspect/{name?}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("name") String name,
            ExecutionContext context) {
        calls.add(new Call(request, name, context));
        return request.createResponseBuilder(HttpStatus.OK).body(request.getBody().orElse("<no body>")).build();
    }

    @FunctionName("PlainText")
    public HttpResponseMessage plainText(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "plain",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<String> request) {
        String body = request.getBody();
        return request.createResponseBuilder(HttpStatus.OK).body(body == null ? "<null>" : "text:" + body).build();
    }

    @FunctionName("OptionalBytes")
    public HttpResponseMessage optionalBytes(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "bytes",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<byte[]>> request) {
        return request.createResponseBuilder(HttpStatus.OK)
                .header("Content-Type", "application/octet-stream")
                .body(request.getBody().orElse(new byte[] {'-'}))
                .build();
    }

    @FunctionName("RawBytes")
    public HttpResponseMessage rawBytes(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "raw",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<byte[]> request) {
        byte[] body = request.getBody();
        return request.createResponseBuilder(HttpStatus.OK).body(body == null ? "<null>" : "bytes:" + body.length)
                .build();
    }

    @FunctionName("Created")
    public HttpResponseMessage created(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "created",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.CREATED)
                .header("Location", "/api/created/42")
                .header("Content-Type", "application/json")
                .header("ETag", "\"v1\"")
                .body("{\"id\":42}")
                .build();
    }

    @FunctionName("NoContent")
    public HttpResponseMessage noContent(
            @HttpTrigger(name = "req", methods = HttpMethod.DELETE, route = "nocontent",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.NO_CONTENT).header("X-Done", "yes").build();
    }

    @FunctionName("Throws")
    public HttpResponseMessage throwsException(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "throws",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        throw new IllegalStateException("boom");
    }

    @FunctionName("MapBody")
    public HttpResponseMessage mapBody(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "mapbody",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body(Map.of("a", 1)).build();
    }

    @FunctionName("Blocks")
    public HttpResponseMessage blocks(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "blocks",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request)
            throws InterruptedException {
        started.release();
        release.await();
        return request.createResponseBuilder(HttpStatus.OK).body("released").build();
    }
}
