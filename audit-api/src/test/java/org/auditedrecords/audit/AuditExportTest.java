package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AuditExportTest {
    private static final ObjectNode VIEW = RecordJson.toJson(new AuditRecord("5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a",
            Instant.parse("2026-03-04T05:06:07.089Z"),
            new AuditEntry("patient-api", "search", new AuditEntry.Resource("patient-search", null, null), null, "success",
                    new AuditEntry.Actor("=HYPERLINK(\"x\")", null), null, null, Map.of("lastName", "O'Neil, Jr"),
                    List.of("9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", "1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a")),
            new AuditRecord.Position("20260304T050000Z-0123456789ab", 7)));

    @Test
    void negotiate_formatParameterWinsThenAccept_andUnknownFormatIsEmpty() {
        assertThat(AuditExport.negotiate(Optional.of("csv"), Optional.of("application/json"))).contains(AuditExport.CSV);
        assertThat(AuditExport.negotiate(Optional.empty(), Optional.of("application/x-ndjson"))).contains(AuditExport.NDJSON);
        assertThat(AuditExport.negotiate(Optional.empty(), Optional.of("text/csv, */*"))).contains(AuditExport.CSV);
        assertThat(AuditExport.negotiate(Optional.empty(), Optional.empty())).contains(AuditExport.JSON);
        assertThat(AuditExport.negotiate(Optional.of("xml"), Optional.empty())).isEmpty();
    }

    @Test
    void format_csv_quotesCellsDefusesFormulasAndWritesHeaderOnFirstPageOnly() {
        String first = AuditExport.CSV.format(List.of(VIEW), true, Json.newMapper());
        String next = AuditExport.CSV.format(List.of(VIEW), false, Json.newMapper());

        assertThat(first).startsWith("id,recordedAt,sourceSystemName,action,resourceType,");
        assertThat(first.split("\r\n")).hasSize(2);
        assertThat(next.split("\r\n")).hasSize(1);
        assertThat(next).startsWith("5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a,2026-03-04T05:06:07.089Z,patient-api,search,patient-search,,,,success,")
                .contains("\"'=HYPERLINK(\"\"x\"\")\"")
                .contains("\"{\"\"lastName\"\":\"\"O'Neil, Jr\"\"}\"")
                .endsWith(",9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a 1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a,20260304T050000Z-0123456789ab,7,"
                        + VIEW.get("integrity").get("leafHash").asText() + "\r\n");
    }

    @Test
    void format_ndjson_writesOneParsableObjectPerLine() throws Exception {
        String out = AuditExport.NDJSON.format(List.of(VIEW, VIEW), true, Json.newMapper());

        String[] lines = out.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(Json.newMapper().readTree(lines[1]).get("integrity").get("leafIndex").asLong()).isEqualTo(7);
        assertThat(lines[0]).doesNotContain("signature");
    }
}
