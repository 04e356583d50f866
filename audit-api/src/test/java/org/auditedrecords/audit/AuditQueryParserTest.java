package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.auditedrecords.common.errors.ValidationException;
import org.junit.jupiter.api.Test;

class AuditQueryParserTest {

    @Test
    void parse_allFilters_areRead() {
        AuditQuery q = AuditQueryParser.parse(Map.of("patientId", "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", "clientId", "sub",
                "action", "read", "outcome", "notFound", "resourceType", "test", "resourceId", "t1",
                "correlationId", "0af7651916cd43dd8448eb211c80319c", "from", "2026-01-01T00:00:00Z",
                "to", "2026-01-02T01:00:00+01:00", "sort", "desc"));

        assertThat(q).isEqualTo(new AuditQuery("9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", "sub", "read", "notFound", "test", "t1",
                "0af7651916cd43dd8448eb211c80319c", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
                true, null));
        assertThat(q.criteria()).containsEntry("sort", "desc").containsEntry("to", "2026-01-02T00:00:00.000Z");
    }

    @Test
    void parse_noParameters_isAscendingAndUnfiltered() {
        AuditQuery q = AuditQueryParser.parse(Map.of("code", "function-key"));

        assertThat(q.descending()).isFalse();
        assertThat(q.criteria()).containsExactly(Map.entry("sort", "asc"));
    }

    @Test
    void parse_mistypedOrInvalidParameters_areRejectedNotIgnored() {
        assertThatThrownBy(() -> AuditQueryParser.parse(Map.of("patientid", "x", "action", "delete", "from", "yesterday",
                "sort", "sideways")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .containsOnlyKeys("patientid", "action", "from", "sort")
                        .containsEntry("patientid", java.util.List.of("is not a known query parameter")));
    }

    @Test
    void parse_fromAfterTo_isRejected() {
        assertThatThrownBy(() -> AuditQueryParser.parse(Map.of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).containsOnlyKeys("from"));
    }
}
