package org.auditedrecords.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.secrets.Secret;
import org.auditedrecords.common.secrets.SecretSource;
import org.auditedrecords.common.secrets.SecretSourceUnavailableException;

/**
 * Signs record hashes and chain heads with HMAC-SHA256 under the vault-held signing key. New signatures use the
 * latest key version; verification uses the version named in the signature, so old signatures stay verifiable
 * after the key rotates.
 */
public final class ChainSigner {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretSource secrets;
    private final String keyName;

    public ChainSigner(SecretSource secrets, String keyName) {
        this.secrets = secrets;
        this.keyName = keyName;
    }

    public record Signature(String keyVersion, String value) {
    }

    public Signature sign(String data) {
        Secret key = read(() -> secrets.latest(keyName));
        return new Signature(key.version(), mac(key.value(), data));
    }

    /** True when {@code signature} was made over {@code data} with the named key version. */
    public boolean verify(String data, String keyVersion, String signature) {
        if (keyVersion == null || signature == null) {
            return false;
        }
        Secret key;
        try {
            key = read(() -> secrets.version(keyName, keyVersion));
        } catch (org.auditedrecords.common.secrets.SecretNotFoundException unknownVersion) {
            return false;
        }
        return MessageDigest.isEqual(mac(key.value(), data).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    public static String recordData(String hash) {
        return "audit-record\n" + hash;
    }

    public static String headData(int chain, long seq, String hash) {
        return "audit-chain-head\n" + chain + "\n" + seq + "\n" + hash;
    }

    private Secret read(java.util.function.Supplier<Secret> read) {
        try {
            return read.get();
        } catch (SecretSourceUnavailableException e) {
            throw new DependencyUnavailableException("The audit signing key could not be read", e);
        }
    }

    private static String mac(String key, String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
