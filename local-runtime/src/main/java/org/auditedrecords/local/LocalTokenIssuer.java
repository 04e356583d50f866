package org.auditedrecords.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.local.gateway.TokenKeys;
import org.auditedrecords.local.gateway.TokenPolicy;

/**
 * The local stand-in for Entra ID: issues ES256 access tokens of the shape Entra ID issues to first-party callers,
 * signed with a P-256 key kept in the local vault. Each vault version of {@link StackSecrets#TOKEN_SIGNING_KEY} is
 * one key, its version id the {@code kid}; {@link #keys} publishes every enabled version (as Entra ID's JWKS does),
 * so a new key can be added and the old one disabled while tokens signed by either stay valid until then.
 */
public final class LocalTokenIssuer {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final LocalVault vault;
    private final TokenPolicy policy;
    private final Clock clock;
    private final ObjectMapper json;

    public LocalTokenIssuer(LocalVault vault, TokenPolicy policy, Clock clock, ObjectMapper json) {
        this.vault = vault;
        this.policy = policy;
        this.clock = clock;
        this.json = json;
    }

    /** A new key pair as one secret value: base64url PKCS#8 private key, a dot, base64url X.509 public key. */
    public static String newSigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return B64.encodeToString(pair.getPrivate().getEncoded()) + "." + B64.encodeToString(pair.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate P-256 keys", e);
        }
    }

    /** The claims Entra ID puts in an access token for a caller granted {@code roles}, valid for {@code lifetime}. */
    public Map<String, Object> claimsFor(String objectId, String appId, List<String> roles, Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", policy.issuer());
        claims.put("aud", policy.audience());
        claims.put("tid", policy.tenantId());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + lifetime.toSeconds());
        claims.put("oid", objectId);
        claims.put("azp", appId);
        claims.put("roles", roles);
        claims.put("ver", "2.0");
        return claims;
    }

    /** A token for a caller with the policy's required role, valid for {@code lifetime}. */
    public String issue(String objectId, String appId, Duration lifetime) {
        return sign(claimsFor(objectId, appId, List.of(policy.requiredRole()), lifetime));
    }

    /** Signs any claims with the newest key: for callers that need a token a real issuer would not give. */
    public String sign(Map<String, Object> claims) {
        Secret key = vault.latest(StackSecrets.TOKEN_SIGNING_KEY);
        try {
            String signingInput = encode(Map.of("alg", "ES256", "typ", "JWT", "kid", key.version())) + "." + encode(claims);
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(privateKey(key.value()));
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The token signing key in the vault is not a P-256 key", e);
        }
    }

    /** The public keys of every enabled version, by {@code kid}, as the gateway reads them. */
    public static TokenKeys keys(VaultKeySet vaultKeys) {
        return keyId -> Optional.ofNullable(vaultKeys.enabledVersions(StackSecrets.TOKEN_SIGNING_KEY).get(keyId))
                .flatMap(LocalTokenIssuer::publicKey);
    }

    private static Optional<PublicKey> publicKey(String value) {
        String[] parts = value.split("\\.");
        try {
            return Optional.of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(DECODE.decode(parts[1]))));
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static PrivateKey privateKey(String value) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(DECODE.decode(value.split("\\.")[0])));
    }

    private String encode(Map<String, Object> part) {
        try {
            return B64.encodeToString(json.writeValueAsBytes(part));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Claims must be JSON values", e);
        }
    }
}
