package org.auditedrecords.common.secrets;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * An in-memory Key Vault behind azure-core's {@link HttpClient} port, so tests drive the real {@link SecretClient}
 * over Key Vault's REST routes and JSON: the challenge handshake (401 with {@code WWW-Authenticate} to an
 * unauthenticated request), {@code GET /secrets/{name}/} for the current version, {@code GET /secrets/{name}/{version}},
 * and the service's error bodies.
 */
final class FakeKeyVault implements HttpClient {
    static final String VAULT_URL = "https://test-vault.vault.azure.net";
    private static final String TOKEN = "fake-access-token";
    private static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/"
            + "00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final AtomicInteger secretReads = new AtomicInteger();
    private volatile Failure failure;

    /** A client as production builds it, but over this fake, with a fixed token and without retries. */
    SecretClient client() {
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return new SecretClientBuilder()
                .vaultUrl(VAULT_URL)
                .credential(credential)
                .httpClient(this)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                .buildClient();
    }

    /** Adds a version; the one added last is the secret's current version, as with Key Vault's set. */
    FakeKeyVault with(String name, String version, String value, boolean enabled) {
        secrets.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .add(new Version(name, version, value, enabled));
        return this;
    }

    /** Every authenticated secret request answers this status with Key Vault's error body for it. */
    void failWith(int status, String code, String innerCode) {
        failure = new Failure(status, code, innerCode);
    }

    /** Every request fails below HTTP, as when the vault's address cannot be reached. */
    void failConnections() {
        failure = new Failure(0, null, null);
    }

    /** Authenticated secret reads received, so tests can tell a cache hit from a vault read. */
    int secretReads() {
        return secretReads.get();
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        if (failure != null && failure.status() == 0) {
            return Mono.error(new IOException("Connection refused: " + request.getUrl().getHost()));
        }
        return Mono.fromCallable(() -> answer(request));
    }

    private HttpResponse answer(HttpRequest request) throws IOException {
        if (!("Bearer " + TOKEN).equals(request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION))) {
            return error(request, 401, "Unauthorized", null, "AKV10000: Request is missing a Bearer or PoP token.",
                    new HttpHeaders().set(HttpHeaderName.WWW_AUTHENTICATE, CHALLENGE));
        }
        String path = request.getUrl().getPath();
        String query = Optional.ofNullable(request.getUrl().getQuery()).orElse("");
        if (request.getHttpMethod() != HttpMethod.GET || !path.startsWith("/secrets/")
                || !query.contains("api-version=")) {
            return error(request, 400, "BadParameter", null, "Unsupported request.", new HttpHeaders());
        }
        secretReads.incrementAndGet();
        Failure current = failure;
        if (current != null) {
            return error(request, current.status(), current.code(), current.innerCode(), "Injected failure.",
                    new HttpHeaders());
        }
        String[] segments = path.substring("/secrets/".length()).split("/");
        String name = segments[0];
        String version = segments.length > 1 ? segments[1] : "";
        List<Version> versions = secrets.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        Optional<Version> found = version.isEmpty()
                ? versions.stream().reduce((first, second) -> second)
                : versions.stream().filter(v -> v.version().equals(version)).findFirst();
        if (found.isEmpty()) {
            return error(request, 404, "SecretNotFound", null, "A secret with (name/id) " + name
                    + (version.isEmpty() ? "" : "/" + version) + " was not found in this key vault.", new HttpHeaders());
        }
        if (!found.get().enabled()) {
            return error(request, 403, "Forbidden", "SecretDisabled",
                    "Operation get is not allowed on a disabled secret.", new HttpHeaders());
        }
        return new FakeHttpResponse(request, 200, new HttpHeaders(), bundle(found.get()));
    }

    private String bundle(Version version) throws IOException {
        ObjectNode body = json.createObjectNode()
                .put("value", version.value())
                .put("id", VAULT_URL + "/secrets/" + version.name() + "/" + version.version());
        body.putObject("attributes")
                .put("enabled", version.enabled())
                .put("created", 1_700_000_000L)
                .put("updated", 1_700_000_000L)
                .put("recoveryLevel", "Recoverable+Purgeable")
                .put("recoverableDays", 90);
        body.putObject("tags");
        return json.writeValueAsString(body);
    }

    private HttpResponse error(HttpRequest request, int status, String code, String innerCode, String message,
            HttpHeaders headers) throws IOException {
        ObjectNode error = json.createObjectNode();
        ObjectNode detail = error.putObject("error").put("code", code).put("message", message);
        if (innerCode != null) {
            detail.putObject("innererror").put("code", innerCode);
        }
        return new FakeHttpResponse(request, status, headers, json.writeValueAsString(error));
    }

    private record Version(String name, String version, String value, boolean enabled) {
    }

    private record Failure(int status, String code, String innerCode) {
    }
}
