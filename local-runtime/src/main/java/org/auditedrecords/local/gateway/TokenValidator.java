package org.auditedrecords.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Validates an Entra ID-style access token (a compact JWS, RFC 7515/7519) as APIM's {@code validate-jwt} does, and
 * returns the caller identity it carries. Fails closed: any token it cannot fully check is refused.
 *
 * <p>Accepted: RS256 with an RSA key of at least 2048 bits, or ES256 with a P-256 key, found by the header's
 * {@code kid}; the algorithm must match the key's type, so a token cannot pick a weaker check. {@code none}, any
 * other algorithm and any {@code crit} header are refused. Then {@code iss}, {@code tid}, {@code aud} and the
 * required app role in {@code roles} must match the {@link TokenPolicy}, {@code exp} must be in the future and
 * {@code nbf}, when present, in the past (both within the policy's clock skew).
 */
public final class TokenValidator {
    /** Entra ID access tokens are a few KiB; a bound keeps refused garbage cheap. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The identity is forwarded in a header and recorded in the audit register (at most 128 characters). */
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final TokenPolicy policy;
    private final TokenKeys keys;
    private final Clock clock;
    private final ObjectMapper json;

    public TokenValidator(TokenPolicy policy, TokenKeys keys, Clock clock, ObjectMapper json) {
        this.policy = policy;
        this.keys = keys;
        this.clock = clock;
        this.json = json;
    }

    /**
     * The caller identity of a valid token: {@code oid}, or for an app-only token without one {@code appid} (v1) or
     * {@code azp} (v2).
     *
     * @throws InvalidTokenException when any check fails
     */
    public String identity(String token) {
        if (token.length() > MAX_TOKEN_CHARS || !COMPACT_JWS.matcher(token).matches()) {
            throw new InvalidTokenException("not a compact JWS");
        }
        String[] parts = token.split("\\.");
        JsonNode header = decode(parts[0], "header");
        if (header.has("crit")) {
            throw new InvalidTokenException("critical header extensions are not supported");
        }
        String keyId = header.path("kid").asText("");
        PublicKey key = keys.key(keyId).orElseThrow(() -> new InvalidTokenException("unknown signing key"));
        verify(header.path("alg").asText(""), key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                base64url(parts[2], "signature"));
        return identityOf(checkedClaims(decode(parts[1], "claims")));
    }

    private static void verify(String alg, PublicKey key, byte[] signed, byte[] signature) {
        String algorithm = switch (alg) {
            case "RS256" -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048 ? "SHA256withRSA" : null;
            case "ES256" -> key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                    ? "SHA256withECDSAinP1363Format" : null;
            default -> null;
        };
        if (algorithm == null) {
            throw new InvalidTokenException("algorithm '" + (alg.length() > 16 ? "?" : alg) + "' not accepted for this key");
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(signed);
            if (!verifier.verify(signature)) {
                throw new InvalidTokenException("signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidTokenException("signature cannot be verified");
        }
    }

    private JsonNode checkedClaims(JsonNode claims) {
        require(claims.path("iss").isTextual() && claims.get("iss").asText().equals(policy.issuer()), "issuer");
        require(claims.path("tid").isTextual() && claims.get("tid").asText().equals(policy.tenantId()), "tenant");
        JsonNode aud = claims.path("aud");
        boolean audience = aud.isTextual() ? aud.asText().equals(policy.audience())
                : aud.isArray() && contains(aud, policy.audience());
        require(audience, "audience");
        require(claims.path("roles").isArray() && contains(claims.get("roles"), policy.requiredRole()), "app role");
        long now = clock.instant().getEpochSecond();
        long skew = policy.clockSkew().toSeconds();
        require(claims.path("exp").canConvertToLong() && now < claims.get("exp").asLong() + skew, "expiry");
        require(!claims.has("nbf") || claims.get("nbf").canConvertToLong() && claims.get("nbf").asLong() - skew <= now,
                "not-before");
        return claims;
    }

    private static String identityOf(JsonNode claims) {
        for (String claim : new String[] {"oid", "appid", "azp"}) {
            JsonNode value = claims.path(claim);
            if (value.isTextual()) {
                require(IDENTITY.matcher(value.asText()).matches(), "identity claim");
                return value.asText();
            }
        }
        throw new InvalidTokenException("no identity claim (oid, appid or azp)");
    }

    private static boolean contains(JsonNode array, String expected) {
        for (JsonNode item : array) {
            if (item.isTextual() && item.asText().equals(expected)) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean holds, String check) {
        if (!holds) {
            throw new InvalidTokenException(check + " check failed");
        }
    }

    private JsonNode decode(String part, String what) {
        try {
            JsonNode node = json.readTree(base64url(part, what));
            if (node == null || !node.isObject()) {
                throw new InvalidTokenException(what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidTokenException(what + " is not valid JSON");
        }
    }

    private static byte[] base64url(String part, String what) {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException(what + " is not base64url");
        }
    }
}
