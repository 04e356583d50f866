package org.auditedrecords.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Formats a page of records for export: JSON array (default), CSV or NDJSON. */
public enum AuditExport {
    JSON("application/json; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    NDJSON("application/x-ndjson; charset=utf-8");

    private static final List<String> CSV_COLUMNS = List.of("id", "recordedAt", "sourceSystemName", "action",
            "resourceType", "resourceId", "resourceOperation", "patientId", "outcome", "clientId", "clientAddress",
            "correlationId", "relatesTo", "query", "returnedPatientIds", "chain", "seq", "prevHash", "hash");

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
    public String format(List<AuditRecordView> page, boolean firstPage, ObjectMapper mapper) {
        try {
            switch (this) {
                case JSON:
                    return mapper.writeValueAsString(page);
                case NDJSON: {
                    StringBuilder out = new StringBuilder();
                    for (AuditRecordView view : page) {
                        out.append(mapper.writeValueAsString(view)).append('\n');
                    }
                    return out.toString();
                }
                default: {
                    StringBuilder out = new StringBuilder();
                    if (firstPage) {
                        out.append(String.join(",", CSV_COLUMNS)).append("\r\n");
                    }
                    for (AuditRecordView view : page) {
                        out.append(csvRow(view, mapper)).append("\r\n");
                    }
                    return out.toString();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit record views always serialize", e);
        }
    }

    private static String csvRow(AuditRecordView v, ObjectMapper mapper) throws JsonProcessingException {
        String query = v.query() == null ? null : mapper.writeValueAsString(v.query());
        List<Object> cells = List.of(nz(v.id()), nz(v.recordedAt()), nz(v.sourceSystemName()), nz(v.action()),
                nz(v.resource().type()), nz(v.resource().id()), nz(v.resource().operation()), nz(v.patientId()),
                nz(v.outcome()), nz(v.actor() == null ? null : v.actor().clientId()),
                nz(v.actor() == null ? null : v.actor().address()), nz(v.correlationId()), nz(v.relatesTo()), nz(query),
                v.returnedPatientIds() == null ? "" : String.join(" ", v.returnedPatientIds()),
                v.integrity().chain(), v.integrity().seq(), v.integrity().prevHash(), v.integrity().hash());
        return cells.stream().map(c -> csvCell(String.valueOf(c))).collect(Collectors.joining(","));
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

    private static String nz(String value) {
        return value == null ? "" : value;
    }
}
