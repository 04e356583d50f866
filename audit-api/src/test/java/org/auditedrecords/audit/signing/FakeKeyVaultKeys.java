package org.auditedrecords.audit.signing;

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
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.auditedrecords.audit.log.EcdsaSignatures;
import org.auditedrecords.audit.log.P256;
import org.auditedrecords.common.secrets.FakeHttpResponse;
import reactor.core.publisher.Mono;

/**
 * An in-memory Key Vault holding one EC P-256 key, behind azure-core's {@link HttpClient} port, so tests drive the
 * real {@link KeyClient} and its {@code CryptographyClient} over the Key Vault keys REST API: the challenge handshake
 * (401 with {@code WWW-Authenticate} to a request without a token), {@code GET /keys/{name}/} (current version),
 * {@code GET /keys/{name}/versions}, {@code GET /keys/{name}/{version}} (public parts only, as the service returns
 * them), {@code POST /keys/{name}/{version}/sign} (ES256 over the digest sent, answered as raw r||s in base64url),
 * and the service's error bodies. The private keys never leave this class, as they never leave Key Vault.
 */
final class FakeKeyVaultKeys implements HttpClient {
    private static final String TOKEN = "fake-access-token";
    private static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/"
            + "00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";
    private static final Base64.Encoder URL64 = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json = new ObjectMapper();
    /** A vault of its own: the client caches Key Vault's challenge per host for the whole process. */
    private final String vaultUrl = "https://test-" + java.util.UUID.randomUUID().toString().substring(0, 8)
            + ".vault.azure.net";
    private final String keyName;
    private final List<Version> versions = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int failStatus;

    FakeKeyVaultKeys(String keyName) {
        this.keyName = keyName;
    }

    /** A client as production builds it, but over this fake, with a fixed token and without retries. */
    KeyClient client() {
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return new KeyClientBuilder().vaultUrl(vaultUrl).credential(credential).httpClient(this)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1)))).buildClient();
    }

    /** Adds a key version (a new key pair); the one added last is the current version, as with Key Vault's create. */
    FakeKeyVaultKeys withVersion(String version, Instant created, Instant notBefore, Instant expires, boolean enabled) {
        versions.add(new Version(version, P256.newPair(), created, notBefore, expires, enabled));
        return this;
    }

    /** Every authenticated request answers this status with Key Vault's error body. */
    void failWith(int status) {
        failStatus = status;
    }

    /** The requests received, as {@code METHOD path [auth]} where auth is {@code token} or {@code none}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The public key of a version, as an independent verifier would hold it. */
    ECPublicKey publicKey(String version) {
        return (ECPublicKey) find(version).orElseThrow().pair().getPublic();
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
        return Mono.fromCallable(() -> answer(request));
    }

    private HttpResponse answer(HttpRequest request) throws IOException {
        boolean authenticated = ("Bearer " + TOKEN).equals(request.getHeaders().getValue(HttpHeaderName.AUTHORIZATION));
        String path = request.getUrl().getPath();
        requests.add(request.getHttpMethod() + " " + path + (authenticated ? " token" : " none"));
        if (!authenticated) {
            return error(request, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.",
                    new HttpHeaders().set(HttpHeaderName.WWW_AUTHENTICATE, CHALLENGE));
        }
        String query = Optional.ofNullable(request.getUrl().getQuery()).orElse("");
        String prefix = "/keys/" + keyName;
        if (!query.contains("api-version=") || !(path.equals(prefix) || path.startsWith(prefix + "/"))) {
            return error(request, 404, "KeyNotFound", "A key with this name was not found in this key vault.", new HttpHeaders());
        }
        if (failStatus != 0) {
            return error(request, failStatus, "Forbidden", "Injected failure.", new HttpHeaders());
        }
        String[] rest = path.substring(prefix.length()).replaceFirst("^/", "").split("/");
        if (request.getHttpMethod() == HttpMethod.GET && rest[0].isEmpty()) {
            return keyBundle(request, versions.get(versions.size() - 1));
        }
        if (request.getHttpMethod() == HttpMethod.GET && rest.length == 1 && rest[0].equals("versions")) {
            ObjectNode page = json.createObjectNode();
            ArrayNode items = page.putArray("value");
            versions.forEach(v -> {
                ObjectNode item = items.addObject().put("kid", kid(v));
                attributes(item, v);
            });
            page.putNull("nextLink");
            return ok(request, page);
        }
        Optional<Version> version = find(rest[0]);
        if (version.isEmpty()) {
            return error(request, 404, "KeyNotFound", "A key with (name/id) " + keyName + "/" + rest[0]
                    + " was not found in this key vault.", new HttpHeaders());
        }
        if (!version.get().enabled()) {
            return error(request, 403, "Forbidden", "Operation is not allowed on a disabled key.", new HttpHeaders());
        }
        if (request.getHttpMethod() == HttpMethod.GET && rest.length == 1) {
            return keyBundle(request, version.get());
        }
        if (request.getHttpMethod() == HttpMethod.POST && rest.length == 2 && rest[1].equals("sign")) {
            if (!version.get().usableAt(Instant.now())) {
                return error(request, 403, "Forbidden", "Operation sign is not allowed on an expired key.", new HttpHeaders());
            }
            JsonNode body = json.readTree(request.getBodyAsBinaryData().toBytes());
            if (!"ES256".equals(body.path("alg").asText())) {
                return error(request, 400, "BadParameter", "Invalid algorithm for an EC P-256 key.", new HttpHeaders());
            }
            byte[] digest = Base64.getUrlDecoder().decode(body.path("value").asText());
            if (digest.length != 32) {
                return error(request, 400, "BadParameter", "The digest must be 32 bytes for ES256.", new HttpHeaders());
            }
            ObjectNode signed = json.createObjectNode().put("kid", kid(version.get()))
                    .put("value", URL64.encodeToString(signDigest(version.get().pair(), digest)));
            return ok(request, signed);
        }
        return error(request, 405, "MethodNotAllowed", "Unsupported request.", new HttpHeaders());
    }

    private Optional<Version> find(String version) {
        return versions.stream().filter(v -> v.version().equals(version)).findFirst();
    }

    private HttpResponse keyBundle(HttpRequest request, Version version) throws IOException {
        ECPublicKey key = (ECPublicKey) version.pair().getPublic();
        ObjectNode bundle = json.createObjectNode();
        ObjectNode jwk = bundle.putObject("key").put("kid", kid(version)).put("kty", "EC").put("crv", "P-256");
        jwk.putArray("key_ops").add("sign").add("verify");
        jwk.put("x", URL64.encodeToString(coordinate(key.getW().getAffineX())))
                .put("y", URL64.encodeToString(coordinate(key.getW().getAffineY())));
        attributes(bundle, version);
        bundle.putObject("tags");
        return ok(request, bundle);
    }

    private static void attributes(ObjectNode node, Version v) {
        ObjectNode attributes = node.putObject("attributes").put("enabled", v.enabled())
                .put("created", v.created().getEpochSecond()).put("updated", v.created().getEpochSecond())
                .put("recoveryLevel", "Recoverable+Purgeable").put("recoverableDays", 90);
        if (v.notBefore() != null) {
            attributes.put("nbf", v.notBefore().getEpochSecond());
        }
        if (v.expires() != null) {
            attributes.put("exp", v.expires().getEpochSecond());
        }
    }

    private String kid(Version v) {
        return vaultUrl + "/keys/" + keyName + "/" + v.version();
    }

    private HttpResponse ok(HttpRequest request, ObjectNode body) throws IOException {
        return new FakeHttpResponse(request, 200, new HttpHeaders(), json.writeValueAsString(body));
    }

    private HttpResponse error(HttpRequest request, int status, String code, String message, HttpHeaders headers)
            throws IOException {
        ObjectNode error = json.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        return new FakeHttpResponse(request, status, headers, json.writeValueAsString(error));
    }

    /** ECDSA over a digest already computed, as Key Vault's sign does, in JWS (raw r||s) form. */
    private static byte[] signDigest(KeyPair pair, byte[] digest) {
        try {
            Signature ecdsa = Signature.getInstance("NONEwithECDSA");
            ecdsa.initSign(pair.getPrivate());
            ecdsa.update(digest);
            return EcdsaSignatures.derToRaw(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private record Version(String version, KeyPair pair, Instant created, Instant notBefore, Instant expires,
                           boolean enabled) {
        boolean usableAt(Instant now) {
            return (notBefore == null || !now.isBefore(notBefore)) && (expires == null || now.isBefore(expires));
        }
    }
}
