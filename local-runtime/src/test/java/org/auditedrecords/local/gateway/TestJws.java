package org.auditedrecords.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

/** Compact JWS built by hand, so tests can make the tokens no real issuer would: wrong algorithms, tampered parts. */
final class TestJws {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestJws() {
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static KeyPair rsaKey(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** Header and claims signed with {@code algorithm} (a JCA name), whatever the header says. */
    static String sign(Map<String, Object> header, Map<String, Object> claims, KeyPair key, String algorithm) throws Exception {
        String input = part(header) + "." + part(claims);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signer.sign());
    }

    static String part(Object value) throws Exception {
        return B64.encodeToString(JSON.writeValueAsBytes(value));
    }

    static String raw(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
