package org.auditedrecords.host;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A real HTTP/1.1 client for the hosts under test. */
final class Http {
    // HTTP/1.1 only: the default would offer an h2c upgrade, adding headers the tests do not expect.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    static HttpRequest.Builder request(FunctionsHost host, String pathAndQuery) {
        return HttpRequest.newBuilder(host.baseUri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    static HttpResponse<String> get(FunctionsHost host, String pathAndQuery, String... headers) {
        HttpRequest.Builder request = request(host, pathAndQuery).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    static HttpResponse<String> post(FunctionsHost host, String pathAndQuery, String body) {
        return send(request(host, pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
