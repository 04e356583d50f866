package org.auditedrecords.audit.log;

import java.util.List;

/**
 * Signs checkpoints with the register's asymmetric key (ES256: ECDSA P-256 over SHA-256). In Azure the private key
 * is a non-exportable Key Vault key used through its sign operation; locally an EC key in the local vault.
 * Implementations translate key-store failures to {@code DependencyUnavailableException}.
 */
public interface CheckpointSigner {

    /** The signed-note key name, e.g. {@code audited-records/audit}. */
    String keyName();

    /** Signs {@code message} with the current key version; the signature is ASN.1 DER, as Java and C2SP expect. */
    Signature sign(byte[] message);

    /** Every key version, current and retired, with its validity period: what verifiers need and is published. */
    List<KeyVersion> publicKeys();

    record Signature(KeyVersion key, byte[] der) {
    }

    /** The key version that signed is outside its validity period: the key must be rotated before sealing goes on. */
    final class RetiredKeyException extends RuntimeException {
        public RetiredKeyException(KeyVersion key, java.time.Instant at) {
            super("Checkpoint key version " + key.version() + " is not valid at " + at + "; rotate the key");
        }
    }
}
