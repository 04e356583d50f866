package org.auditedrecords.audit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import org.auditedrecords.audit.RecordJson;

/** An attacker's tool: recomputes an edited record's leaf hash, as anyone can without the key. */
final class StoredLeafs {
    private StoredLeafs() {
    }

    static void rehash(ObjectNode record) {
        byte[] hash = RecordJson.leafHash(RecordJson.read(record).record());
        ((ObjectNode) record.get(RecordJson.INTEGRITY)).put("leafHash", Base64.getEncoder().encodeToString(hash));
    }
}
