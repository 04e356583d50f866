package org.auditedrecords.audit.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import org.auditedrecords.audit.ConsistencyProof;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.RecordProof;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.audit.log.SignedNote;
import org.auditedrecords.common.time.Timestamps;

/** The JSON shapes of proofs, checkpoints and public keys in API responses; hashes and keys are standard base64. */
final class RegisterViews {
    private RegisterViews() {
    }

    /** A signed checkpoint: the note as text and what its text says (not a verdict on its signature). */
    record CheckpointView(String log, String text, String origin, Long treeSize, String rootHash, String time) {
        static CheckpointView of(String log, String note) {
            try {
                Checkpoint c = Checkpoint.parse(SignedNote.parse(note).text());
                return new CheckpointView(log, note, c.origin(), c.size(), c.rootBase64(), Timestamps.format(c.time()));
            } catch (IllegalArgumentException unreadable) {
                return new CheckpointView(log, note, null, null, null, null);
            }
        }

        static CheckpointView of(StoredCheckpoint stored) {
            return of(stored.log(), stored.note());
        }
    }

    record ProofView(ObjectNode record, String log, long leafIndex, long treeSize, List<String> inclusionProof,
                     CheckpointView checkpoint, boolean verified) {
        static ProofView of(RecordProof p) {
            return new ProofView(RecordJson.toJson(p.record()), p.log(), p.leafIndex(), p.treeSize(),
                    base64(p.inclusionProof()), CheckpointView.of(p.log(), p.checkpointNote()), p.verified());
        }
    }

    record ConsistencyView(String log, long fromSize, long toSize, List<String> consistencyProof,
                           CheckpointView fromCheckpoint, CheckpointView toCheckpoint, boolean verified) {
        static ConsistencyView of(ConsistencyProof p) {
            return new ConsistencyView(p.log(), p.fromSize(), p.toSize(), base64(p.proof()),
                    p.fromCheckpoint() == null ? null : CheckpointView.of(p.log(), p.fromCheckpoint()),
                    p.toCheckpoint() == null ? null : CheckpointView.of(p.log(), p.toCheckpoint()), p.verified());
        }
    }

    /**
     * One published key version: ES256 over P-256, its SubjectPublicKeyInfo (DER, base64, and as PEM), the C2SP
     * signed-note key id, and the period in which it may sign ({@code notAfter} absent while current).
     */
    record KeyView(String keyName, String version, String keyId, String algorithm, String publicKey,
                   String publicKeyPem, String notBefore, String notAfter) {
        static KeyView of(String keyName, KeyVersion v) {
            String der = Base64.getEncoder().encodeToString(v.publicKey());
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(v.publicKey())
                    + "\n-----END PUBLIC KEY-----\n";
            return new KeyView(keyName, v.version(), v.keyIdHex(), "ES256", der, pem, Timestamps.format(v.notBefore()),
                    v.notAfter() == null ? null : Timestamps.format(v.notAfter()));
        }
    }

    static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }
}
