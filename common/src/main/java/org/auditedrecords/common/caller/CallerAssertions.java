package org.auditedrecords.common.caller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretNotFoundException;
import org.auditedrecords.common.secrets.SecretSource;

/**
 * The gateway's caller assertion, signed by the gateway and verified by each app with one piece of code: a JWT
 * (RFC 7519) in the {@value #HEADER} header, HS256 (RFC 7515) with a vault key shared by the gateway and the apps
 * only. Claims: {@code sub} (caller identity), {@code addr} (client address), {@code rid} (gateway request id),
 * {@code aud} (the app), {@code iat} and {@code exp} (seconds).
 *
 * <p>Keys rotate in two slots, as the inter-service keys do (key-rotation/RUNBOOK.md): the apps read the slot secrets
 * {@code <name>-a} and {@code <name>-b}, both always valid; the gateway signs with the secret {@code <name>}, whose
 * value is {@code <slot>.<key>} of the newer slot, and names the slot as {@code kid}. A slot is rewritten only long
 * after the gateway moved to the other one, so no assertion in flight is ever signed with a key being replaced.
 *
 * <p>Fail closed: {@link #verify} accepts only {@code alg} HS256 with a {@code kid} naming a slot secret that exists,
 * a valid signature, the app's own audience, an unexpired assertion issued no later than
 * {@link #CLOCK_SKEW} ahead and living at most {@link #MAX_LIFETIME}; anything else is
 * {@link CallerAssertionException} (401). So a key holder who can reach an app directly — even with the host or master
 * key — cannot choose whose name its requests are audited in. A vault that cannot be reached is its own failure
 * (503), never an acceptance.
 */
public final class CallerAssertions {
    /** The request header the gateway sets (and strips from clients). */
    public static final String HEADER = "x-caller-assertion";
    /** How long the gateway's assertions live: long enough for one forwarded call, no longer. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Assertions claiming a longer life are refused, whoever signed them. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /** Tolerated clock difference between the gateway and the app. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern KID = Pattern.compile("[a-z0-9]{1,16}");
    private static final ObjectMapper JSON = Json.newMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretSource secrets;
    private final String keySecretName;
    private final String audience;
    private final Clock clock;

    /**
     * @param keySecretName the signing secret's name; the slot secrets are this name, {@code -} and the slot
     * @param audience      this app's name; assertions for another app are refused
     */
    public CallerAssertions(SecretSource secrets, String keySecretName, String audience, Clock clock) {
        this.secrets = secrets;
        this.keySecretName = keySecretName;
        this.audience = audience;
        this.clock = clock;
    }

    /**
     * Signs {@code assertion} as the gateway does, with the signing secret's value {@code <slot>.<key>}.
     *
     * @throws IllegalStateException when the signing secret is not of that form (a misconfigured vault)
     */
    public static String sign(CallerAssertion assertion, Secret signingSecret) {
        String value = signingSecret.value();
        int dot = value.indexOf('.');
        if (dot < 1 || dot == value.length() - 1 || !KID.matcher(value.substring(0, dot)).matches()) {
            throw new IllegalStateException("The secret " + signingSecret.name() + " must hold <slot>.<key>.");
        }
        return sign(assertion, value.substring(0, dot), value.substring(dot + 1));
    }

    /** Signs {@code assertion} with the key of slot {@code slot}. */
    public static String sign(CallerAssertion assertion, String slot, String key) {
        ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT").put("kid", slot);
        ObjectNode claims = JSON.createObjectNode().put("sub", assertion.subject());
        if (assertion.clientAddress() != null) {
            claims.put("addr", assertion.clientAddress());
        }
        claims.put("rid", assertion.requestId()).put("aud", assertion.audience())
                .put("iat", assertion.issuedAt().getEpochSecond()).put("exp", assertion.expiresAt().getEpochSecond());
        String signingInput = B64.encodeToString(bytes(header)) + "." + B64.encodeToString(bytes(claims));
        return signingInput + "." + B64.encodeToString(hmac(key, signingInput));
    }

    /**
     * The caller the gateway asserted for this request.
     *
     * @throws CallerAssertionException when the assertion is missing or not valid for this app now
     * @throws org.auditedrecords.common.secrets.SecretSourceUnavailableException when the vault cannot be read
     */
    public CallerAssertion verify(Optional<String> token) {
        String jwt = token.orElseThrow(() -> refused("The gateway's caller assertion is missing."));
        String[] parts = jwt.length() > MAX_TOKEN_LENGTH ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw refused("The caller assertion is not a signed JWT.");
        }
        JsonNode header = json(parts[0]);
        String kid = header.path("kid").asText("");
        if (!"HS256".equals(header.path("alg").asText()) || !KID.matcher(kid).matches()) {
            throw refused("The caller assertion must be HS256 with a key id.");
        }
        String key;
        try {
            key = secrets.latest(keySecretName + "-" + kid).value();
        } catch (SecretNotFoundException e) {
            throw refused("The caller assertion is signed with an unknown key.");
        }
        if (!MessageDigest.isEqual(hmac(key, parts[0] + "." + parts[1]), decode(parts[2]))) {
            throw refused("The caller assertion's signature does not verify.");
        }
        return claims(json(parts[1]));
    }

    private CallerAssertion claims(JsonNode claims) {
        String subject = text(claims, "sub", 128);
        String requestId = text(claims, "rid", 128);
        if (subject == null || requestId == null || !audience.equals(claims.path("aud").asText(null))) {
            throw refused("The caller assertion is not for this app or lacks its subject or request id.");
        }
        if (!claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
            throw refused("The caller assertion lacks its validity period.");
        }
        Instant issued = Instant.ofEpochSecond(claims.path("iat").asLong());
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        Instant now = clock.instant();
        if (!now.isBefore(expires) || issued.isAfter(now.plus(CLOCK_SKEW)) || expires.isBefore(issued)
                || Duration.between(issued, expires).compareTo(MAX_LIFETIME) > 0) {
            throw refused("The caller assertion has expired or is not yet valid.");
        }
        return new CallerAssertion(subject, text(claims, "addr", 64), requestId, audience, issued, expires);
    }

    private static String text(JsonNode claims, String name, int max) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > max
                || value.textValue().codePoints().anyMatch(Character::isISOControl)) {
            return null;
        }
        return value.textValue();
    }

    private static JsonNode json(String part) {
        try {
            JsonNode node = JSON.readTree(decode(part));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        throw refused("The caller assertion is not well-formed.");
    }

    private static byte[] decode(String part) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw refused("The caller assertion is not well-formed.");
        }
    }

    private static byte[] hmac(String key, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A node of strings and numbers always serializes", e);
        }
    }

    private static CallerAssertionException refused(String detail) {
        return new CallerAssertionException(detail);
    }
}
