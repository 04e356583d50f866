package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
    private static final String FIRST = "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String SECOND = "1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";

    private static AuditRecord search(List<String> returned) {
        return new AuditRecord("5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", Instant.parse("2026-03-04T05:06:07.089Z"),
                new AuditEntry("patient-api", "search", new AuditEntry.Resource("patient-search", null, null), null,
                        "success", new AuditEntry.Actor("integrator-1", null), null, null, Map.of("postCode", "AB1 2CD"),
                        returned),
                new AuditRecord.Position("20260304T050000Z-0123456789ab", 7));
    }

    @Test
    void canonical_searchWithReturnedPatients_coversThemInTheOrderReturned() {
        String canonical = new String(RecordJson.canonical(search(List.of(FIRST, SECOND))), StandardCharsets.UTF_8);

        assertThat(canonical).contains("\"returnedPatientIds\":[\"" + FIRST + "\",\"" + SECOND + "\"]")
                .doesNotContain("integrity");
        assertThat(RecordJson.leafHash(search(List.of(SECOND, FIRST))))
                .isNotEqualTo(RecordJson.leafHash(search(List.of(FIRST, SECOND))));
        assertThat(RecordJson.leafHash(search(List.of(FIRST))))
                .isNotEqualTo(RecordJson.leafHash(search(List.of(FIRST, SECOND))));
    }

    @Test
    void read_servedForm_givesBackTheSameRecordWithItsReturnedPatients() {
        AuditRecord record = search(List.of(FIRST, SECOND));

        StoredLeaf leaf = RecordJson.read(RecordJson.toJson(record));

        assertThat(leaf.problem()).isNull();
        assertThat(leaf.parsed()).contains(record);
        assertThat(leaf.storedHash()).isEqualTo(RecordJson.leafHash(record));
    }

    @Test
    void read_returnedPatientsNotAnArrayOfStrings_isMalformed() {
        ObjectNode notArray = RecordJson.toJson(search(List.of(FIRST)));
        notArray.put("returnedPatientIds", FIRST);
        ObjectNode notStrings = RecordJson.toJson(search(List.of(FIRST)));
        notStrings.putArray("returnedPatientIds").add(7);

        assertThat(RecordJson.read(notArray).problem()).isEqualTo("field returnedPatientIds is not an array");
        assertThat(RecordJson.read(notStrings).problem()).isEqualTo("field returnedPatientIds holds a value that is not a string");
        assertThat(RecordJson.read(notArray).parsed()).isEmpty();
    }
}
