package org.auditedrecords.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class StructuredLogTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00.123456Z"), ZoneOffset.UTC);

    @Test
    void line_isOneJsonObjectWithCommonFieldsFirstAndNullsLeftOut() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("traceId", "0af7651916cd43dd8448eb211c80319c");
        fields.put("status", 201);
        fields.put("parentSpanId", null);

        String line = StructuredLog.line(clock, Level.INFO, "patient-api", fields);

        assertThat(line).doesNotContain("\n").startsWith("{\"timestamp\":\"2026-11-22T10:00:00.123Z\",\"level\":\"INFO\",\"component\":\"patient-api\"");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(json.get("status").asInt()).isEqualTo(201);
        assertThat(json.has("parentSpanId")).isFalse();
    }
}
