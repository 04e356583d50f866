package org.auditedrecords.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each check of the token validation, broken on purpose in a token that passes every other check. */
class TokenValidatorTest {
    static final String TENANT = "11111111-2222-4333-8444-555555555555";
    static final TokenPolicy POLICY = TokenPolicy.entra(TENANT, "api://records", "Patients.ReadWrite");
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static KeyPair ec;
    static KeyPair rsa;
    static KeyPair otherEc;

    final TokenValidator validator = new TokenValidator(POLICY, kid -> Optional.ofNullable(switch (kid) {
        case "ec-1" -> ec.getPublic();
        case "rsa-1" -> rsa.getPublic();
        default -> null;
    }), Clock.fixed(NOW, ZoneOffset.UTC), Json.newMapper());

    @BeforeAll
    static void keys() throws Exception {
        ec = TestJws.ecKey();
        otherEc = TestJws.ecKey();
        rsa = TestJws.rsaKey(2048);
    }

    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", POLICY.issuer());
        claims.put("tid", TENANT);
        claims.put("aud", "api://records");
        claims.put("roles", List.of("Other.Role", "Patients.ReadWrite"));
        claims.put("exp", NOW.getEpochSecond() + 600);
        claims.put("nbf", NOW.getEpochSecond() - 60);
        claims.put("oid", "6f1e2d3c-0000-4000-8000-000000000001");
        claims.put("azp", "app-1");
        return claims;
    }

    static Map<String, Object> claimsWith(String name, Object value) {
        Map<String, Object> claims = claims();
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return claims;
    }

    static String es256(Map<String, Object> claims) throws Exception {
        return TestJws.sign(Map.of("alg", "ES256", "kid", "ec-1", "typ", "JWT"), claims, ec, "SHA256withECDSAinP1363Format");
    }

    @Test
    void identity_validEs256Token_isTheObjectId() throws Exception {
        assertThat(validator.identity(es256(claims()))).isEqualTo("6f1e2d3c-0000-4000-8000-000000000001");
    }

    @Test
    void identity_validRs256Token_isTheObjectId() throws Exception {
        String token = TestJws.sign(Map.of("alg", "RS256", "kid", "rsa-1"), claims(), rsa, "SHA256withRSA");

        assertThat(validator.identity(token)).isEqualTo("6f1e2d3c-0000-4000-8000-000000000001");
    }

    @Test
    void identity_appOnlyTokenWithoutOid_isTheAppId() throws Exception {
        Map<String, Object> v1 = claimsWith("oid", null);
        v1.remove("azp");
        v1.put("appid", "app-v1");

        assertThat(validator.identity(es256(claimsWith("oid", null)))).isEqualTo("app-1");
        assertThat(validator.identity(es256(v1))).isEqualTo("app-v1");
    }

    @Test
    void identity_audienceInAnArray_isAccepted() throws Exception {
        assertThat(validator.identity(es256(claimsWith("aud", List.of("other", "api://records")))))
                .isEqualTo("6f1e2d3c-0000-4000-8000-000000000001");
    }

    @Test
    void identity_eachClaimCheckBroken_isRefused() throws Exception {
        List<Map.Entry<String, Map<String, Object>>> broken = new java.util.ArrayList<>();
        broken.add(Map.entry("issuer", claimsWith("iss", "https://login.microsoftonline.com/" + TENANT + "/v2.0/")));
        broken.add(Map.entry("tenant", claimsWith("tid", "99999999-2222-4333-8444-555555555555")));
        broken.add(Map.entry("audience", claimsWith("aud", "api://other")));
        broken.add(Map.entry("audience", claimsWith("aud", List.of("api://other"))));
        broken.add(Map.entry("app role", claimsWith("roles", List.of("Other.Role"))));
        broken.add(Map.entry("app role", claimsWith("roles", "Patients.ReadWrite")));
        broken.add(Map.entry("expiry", claimsWith("exp", NOW.getEpochSecond())));
        broken.add(Map.entry("expiry", claimsWith("exp", null)));
        broken.add(Map.entry("not-before", claimsWith("nbf", NOW.getEpochSecond() + 1)));
        broken.add(Map.entry("identity claim", claimsWith("oid", "evil\r\nx-client-id: other")));
        Map<String, Object> anonymous = claimsWith("oid", null);
        anonymous.remove("azp");
        broken.add(Map.entry("no identity claim", anonymous));

        for (var entry : broken) {
            String token = es256(entry.getValue());
            assertThatThrownBy(() -> validator.identity(token)).as(entry.getKey())
                    .isInstanceOf(InvalidTokenException.class).hasMessageContaining(entry.getKey());
        }
    }

    @Test
    void identity_tamperedClaims_failsTheSignature() throws Exception {
        String[] parts = es256(claims()).split("\\.");
        String tampered = parts[0] + "." + TestJws.part(claimsWith("oid", "someone-else")) + "." + parts[2];

        assertThatThrownBy(() -> validator.identity(tampered)).hasMessage("signature does not verify");
    }

    @Test
    void identity_signedByAnotherKeyUnderAKnownKid_isRefused() throws Exception {
        String token = TestJws.sign(Map.of("alg", "ES256", "kid", "ec-1"), claims(), otherEc, "SHA256withECDSAinP1363Format");

        assertThatThrownBy(() -> validator.identity(token)).hasMessage("signature does not verify");
    }

    @Test
    void identity_algorithmNotMatchingTheKey_isRefused() throws Exception {
        String noneAlg = TestJws.part(Map.of("alg", "none", "kid", "ec-1")) + "." + TestJws.part(claims()) + ".AAAA";
        String rs256OnEcKey = TestJws.sign(Map.of("alg", "RS256", "kid", "ec-1"), claims(), rsa, "SHA256withRSA");
        String es256OnRsaKey = TestJws.sign(Map.of("alg", "ES256", "kid", "rsa-1"), claims(), ec, "SHA256withECDSAinP1363Format");
        String hs256 = TestJws.sign(Map.of("alg", "HS256", "kid", "ec-1"), claims(), ec, "SHA256withECDSAinP1363Format");

        for (String token : List.of(noneAlg, rs256OnEcKey, es256OnRsaKey, hs256)) {
            assertThatThrownBy(() -> validator.identity(token)).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("not accepted for this key");
        }
    }

    @Test
    void identity_shortRsaKey_isRefused() throws Exception {
        KeyPair weak = TestJws.rsaKey(1024);
        TokenValidator weakKeys = new TokenValidator(POLICY, kid -> Optional.of(weak.getPublic()),
                Clock.fixed(NOW, ZoneOffset.UTC), Json.newMapper());
        String token = TestJws.sign(Map.of("alg", "RS256", "kid", "k"), claims(), weak, "SHA256withRSA");

        assertThatThrownBy(() -> weakKeys.identity(token)).hasMessageContaining("not accepted for this key");
    }

    @Test
    void identity_malformedOrUnknownOrCritical_isRefused() throws Exception {
        String unknownKid = TestJws.sign(Map.of("alg", "ES256", "kid", "ec-9"), claims(), ec, "SHA256withECDSAinP1363Format");
        String critical = TestJws.sign(Map.of("alg", "ES256", "kid", "ec-1", "crit", List.of("exp")), claims(), ec,
                "SHA256withECDSAinP1363Format");
        String duplicateClaims = es256(claims()).split("\\.")[0] + "." + TestJws.raw("{\"oid\":\"a\",\"oid\":\"b\"}") + ".AAAA";
        String notJson = TestJws.raw("{") + "." + TestJws.raw("{}") + ".AAAA";

        assertThatThrownBy(() -> validator.identity(unknownKid)).hasMessage("unknown signing key");
        assertThatThrownBy(() -> validator.identity(critical)).hasMessageContaining("critical");
        assertThatThrownBy(() -> validator.identity(duplicateClaims)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> validator.identity(notJson)).hasMessage("header is not valid JSON");
        assertThatThrownBy(() -> validator.identity("a.b")).hasMessage("not a compact JWS");
        assertThatThrownBy(() -> validator.identity("x".repeat(TokenValidator.MAX_TOKEN_CHARS) + ".a.b"))
                .hasMessage("not a compact JWS");
    }
}
