package org.auditedrecords.audit.log;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The public keys a verifier trusts, and the check of a signed checkpoint against them: a note is accepted only when
 * a signature line carries the key name and the key id of a known version, that signature verifies over the note
 * text (SHA256withECDSA), the text is a well-formed checkpoint, and its time lies within that version's validity.
 */
public record KeyRing(String keyName, List<KeyVersion> versions) {

    public KeyRing {
        versions = List.copyOf(versions);
    }

    /** The outcome of checking one signed checkpoint: the checkpoint and the version that signed it, or why not. */
    public record Verified(Checkpoint checkpoint, KeyVersion key, String failure) {
        public boolean valid() {
            return failure == null;
        }

        static Verified failed(String reason) {
            return new Verified(null, null, reason);
        }
    }

    public Verified verify(String note) {
        SignedNote.Parsed parsed;
        try {
            parsed = SignedNote.parse(note);
        } catch (IllegalArgumentException e) {
            return Verified.failed("not a signed note: " + e.getMessage());
        }
        for (SignedNote.Line line : parsed.signatures()) {
            Optional<KeyVersion> key = line.keyName().equals(keyName) ? version(line.keyId()) : Optional.empty();
            if (key.isEmpty()) {
                continue; // C2SP: signatures by unknown keys are ignored
            }
            if (!signatureValid(key.get(), parsed.text(), line.signature())) {
                return Verified.failed("the signature is invalid (key version " + key.get().version() + ")");
            }
            Checkpoint checkpoint;
            try {
                checkpoint = Checkpoint.parse(parsed.text());
            } catch (IllegalArgumentException e) {
                return Verified.failed("the signed text is not a checkpoint: " + e.getMessage());
            }
            if (!key.get().validAt(checkpoint.time())) {
                return Verified.failed("signed by key version " + key.get().version()
                        + " outside its validity period (checkpoint time " + checkpoint.time() + ")");
            }
            return new Verified(checkpoint, key.get(), null);
        }
        return Verified.failed("not signed by any known version of key " + keyName);
    }

    private Optional<KeyVersion> version(byte[] keyId) {
        return versions.stream().filter(v -> Arrays.equals(v.keyId(), keyId)).findFirst();
    }

    private static boolean signatureValid(KeyVersion key, String text, byte[] der) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key.javaKey());
            ecdsa.update(text.getBytes(StandardCharsets.UTF_8));
            return ecdsa.verify(der);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
