package org.auditedrecords.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
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
            "correlationId", "relatesTo", "query", "log", "leafIndex", "leafHash");

    private final String contentType;

    AuditExport(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The format asked for: {@code format=} wins, then the Accept header; JSON otherwise. Empty for an unknown format. */
    public static Optional<AuditExport> negotiate(Optional<String> formatParameter, Optional<String> accept) {
        if (formatParameter.isPresent()) {
            return switch (formatParameter.get().toLowerCase(Locale.ROOT)) {
                case "json" -> Optional.of(JSON);
                case "csv" -> Optional.of(CSV);
                case "ndjson" -> Optional.of(NDJSON);
                default -> Optional.empty();
            };
        }
        String accepted = accept.orElse("").toLowerCase(Locale.ROOT);
        if (accepted.contains("text/csv")) {
            return Optional.of(CSV);
        }
        if (accepted.contains("application/x-ndjson")) {
            return Optional.of(NDJSON);
        }
        return Optional.of(JSON);
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
        List<String> cells = List.of(text(r, "id"), text(r, "recordedAt"), text(r, "sourceSystemName"),
                text(r, "action"), text(resource, "type"), text(resource, "id"), text(resource, "operation"),
                text(r, "patientId"), text(r, "outcome"), text(actor, "clientId"), text(actor, "address"),
                text(r, "correlationId"), text(r, "relatesTo"), query, text(integrity, "log"),
                integrity.path("leafIndex").asText(""), text(integrity, "leafHash"));
        return cells.stream().map(AuditExport::csvCell).collect(Collectors.joining(","));
    }

    /**
     * Quotes a cell per RFC 4180, and defuses spreadsheet formulas: a text cell starting with = + - @ (or a
     * control character) gets a leading apostrophe, since compliance staff open these files in spreadsheets.
     */
    static String csvCell(String value) {
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
