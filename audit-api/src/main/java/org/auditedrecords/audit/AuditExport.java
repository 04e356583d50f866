package org.auditedrecords.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Formats a page of records (their {@link RecordJson} form) for export: JSON array (default), CSV or NDJSON. An
 * NDJSON export of every record is what the offline verifier reads.
 */
public enum AuditExport {
    JSON("application/json; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    NDJSON("application/x-ndjson; charset=utf-8");

    private static final List<String> CSV_COLUMNS = List.of("id", "recordedAt", "sourceSystemName", "action",
            "resourceType", "resourceId", "resourceOperation", "patientId", "outcome", "clientId", "clientAddress",
            "correlationId", "relatesTo", "query", "returnedPatientIds", "log", "leafIndex", "leafHash");

    private final String contentType;

    AuditExport(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format asked for: {@code format=} wins, then the Accept header; JSON otherwise. Empty for an unknown format. */
    public static Optional<AuditExport> negotiate(Optional<String> formatParameter, Optional<String> accept) {
        return choose(AuditExport.class, formatParameter, accept,
                List.of(Map.entry("text/csv", CSV), Map.entry("application/x-ndjson", NDJSON)), JSON);
    }

    /**
     * Content negotiation for the register's exports: {@code format=} names a constant of {@code formats} (any case)
     * and wins; otherwise the first media type of {@code byMediaType}, in its order, that the Accept header mentions; otherwise
     * {@code fallback}. Empty when {@code format=} names no constant.
     */
    public static <E extends Enum<E>> Optional<E> choose(Class<E> formats, Optional<String> formatParameter,
                                                         Optional<String> accept, List<Map.Entry<String, E>> byMediaType,
                                                         E fallback) {
        if (formatParameter.isPresent()) {
            String name = formatParameter.get().toUpperCase(Locale.ROOT);
            return java.util.Arrays.stream(formats.getEnumConstants()).filter(f -> f.name().equals(name)).findFirst();
        }
        String accepted = accept.orElse("").toLowerCase(Locale.ROOT);
        return Optional.of(byMediaType.stream().filter(e -> accepted.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(fallback));
    }

    /** Formats one page; a CSV page starts with the header row only when it is the first page. */
    public String format(List<ObjectNode> page, boolean firstPage, ObjectMapper mapper) {
        try {
            switch (this) {
                case JSON:
                    return mapper.writeValueAsString(page);
                case NDJSON: {
                    StringBuilder out = new StringBuilder();
                    for (ObjectNode record : page) {
                        out.append(mapper.writeValueAsString(record)).append('\n');
                    }
                    return out.toString();
                }
                default: {
                    StringBuilder out = new StringBuilder();
                    if (firstPage) {
                        out.append(String.join(",", CSV_COLUMNS)).append("\r\n");
                    }
                    for (ObjectNode record : page) {
                        out.append(csvRow(record, mapper)).append("\r\n");
                    }
                    return out.toString();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit record views always serialize", e);
        }
    }

    private static String csvRow(ObjectNode r, ObjectMapper mapper) throws JsonProcessingException {
        String query = r.has("query") ? mapper.writeValueAsString(r.get("query")) : "";
        JsonNode resource = r.path("resource");
        JsonNode actor = r.path("actor");
        JsonNode integrity = r.path(RecordJson.INTEGRITY);
        List<String> returned = new ArrayList<>();
        r.path("returnedPatientIds").forEach(patient -> returned.add(patient.asText()));
        List<String> cells = List.of(text(r, "id"), text(r, "recordedAt"), text(r, "sourceSystemName"),
                text(r, "action"), text(resource, "type"), text(resource, "id"), text(resource, "operation"),
                text(r, "patientId"), text(r, "outcome"), text(actor, "clientId"), text(actor, "address"),
                text(r, "correlationId"), text(r, "relatesTo"), query, String.join(" ", returned),
                text(integrity, "log"), integrity.path("leafIndex").asText(""), text(integrity, "leafHash"));
        return cells.stream().map(AuditExport::csvCell).collect(Collectors.joining(","));
    }

    /**
     * Quotes a cell per RFC 4180, and defuses spreadsheet formulas: a text cell starting with = + - @ (or a
     * control character) gets a leading apostrophe, since compliance staff open these files in spreadsheets.
     */
    public static String csvCell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r") || safe.contains("'")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}
