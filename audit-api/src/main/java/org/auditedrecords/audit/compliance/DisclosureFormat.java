package org.auditedrecords.audit.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.auditedrecords.audit.AuditExport;
import org.auditedrecords.common.time.Timestamps;

/** The accounting of disclosures as JSON (default), CSV, or a printable HTML page. */
public enum DisclosureFormat {
    JSON("application/json; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    HTML("text/html; charset=utf-8");

    /** The CSV columns, one disclosure a row. */
    public static final List<String> CSV_COLUMNS = List.of("recordedAt", "organisation", "clientId", "contact",
            "action", "resourceType", "resourceId", "disclosed", "outcome", "auditRecordId", "correlationId");
    /** The printable page runs no script and loads nothing: its only style is inline. */
    public static final String HTML_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private final String contentType;

    DisclosureFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code format=} (json, csv, html) wins, then the Accept header; JSON otherwise. Empty for an unknown format. */
    public static Optional<DisclosureFormat> negotiate(Optional<String> formatParameter, Optional<String> accept) {
        return AuditExport.choose(DisclosureFormat.class, formatParameter, accept,
                List.of(Map.entry("text/csv", CSV), Map.entry("text/html", HTML)), JSON);
    }

    /** The JSON document of one page. */
    public record ReportView(String patientId, String from, String to, String generatedAt, List<Row> disclosures) {
    }

    /** One disclosure in JSON. */
    public record Row(String recordedAt, Recipient recipient, String action, String resourceType, String resourceId,
                      String disclosed, String outcome, String auditRecordId, String correlationId) {
    }

    /** The recipient in JSON: {@code label} is how reports name it, "Organisation (client id)". */
    public record Recipient(String clientId, String organisation, String contact, String label) {
    }

    /** Renders one page; a CSV page starts with the header row only when it is the first page. */
    public String render(DisclosureReport report, boolean firstPage, ObjectMapper mapper) {
        List<Row> rows = report.disclosures().stream().map(DisclosureFormat::row).toList();
        return switch (this) {
            case JSON -> json(mapper, new ReportView(report.patientId(), Timestamps.format(report.from()),
                    Timestamps.format(report.to()), Timestamps.format(report.generatedAt()), rows));
            case CSV -> csv(rows, firstPage);
            case HTML -> html(report, rows);
        };
    }

    private static Row row(Disclosure d) {
        OrganisationDirectory.Recipient r = d.recipient();
        return new Row(Timestamps.format(d.at()), new Recipient(r.clientId(), r.organisation(), r.contact(), r.label()),
                d.action(), d.resourceType(), d.resourceId(), d.disclosed(), d.outcome(), d.auditRecordId(),
                d.correlationId());
    }

    private static List<String> cells(Row row) {
        return java.util.Arrays.asList(row.recordedAt(), row.recipient().organisation(), row.recipient().clientId(),
                row.recipient().contact(), row.action(), row.resourceType(), row.resourceId(), row.disclosed(),
                row.outcome(), row.auditRecordId(), row.correlationId());
    }

    private static String csv(List<Row> rows, boolean firstPage) {
        StringBuilder out = new StringBuilder();
        if (firstPage) {
            out.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        }
        for (Row row : rows) {
            out.append(cells(row).stream().map(c -> AuditExport.csvCell(c == null ? "" : c))
                    .collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String html(DisclosureReport report, List<Row> rows) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Accounting of disclosures</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}")
                .append("th,td{border:1px solid #999;padding:4px 6px;text-align:left;font-size:0.9em}")
                .append("th{background:#eee}</style></head><body>\n<h1>Accounting of disclosures</h1>\n<p>Patient <b>")
                .append(escape(report.patientId())).append("</b>, from ").append(escape(Timestamps.format(report.from())))
                .append(" to ").append(escape(Timestamps.format(report.to()))).append(". Generated ")
                .append(escape(Timestamps.format(report.generatedAt()))).append(" from the audit register.</p>\n");
        if (report.next().isPresent()) {
            out.append("<p>This page is the first part of the report: more disclosures follow.</p>\n");
        }
        out.append("<table><thead><tr><th>Date and time (UTC)</th><th>Recipient</th><th>Contact</th><th>Action</th>")
                .append("<th>What was disclosed</th><th>Outcome</th><th>Audit record</th></tr></thead><tbody>\n");
        for (Row row : rows) {
            out.append("<tr><td>").append(escape(row.recordedAt())).append("</td><td>").append(escape(row.recipient().label()))
                    .append("</td><td>").append(escape(row.recipient().contact())).append("</td><td>").append(escape(row.action()))
                    .append("</td><td>").append(escape(row.resourceType() + ": " + row.disclosed())).append("</td><td>")
                    .append(escape(row.outcome())).append("</td><td>").append(escape(row.auditRecordId())).append("</td></tr>\n");
        }
        if (rows.isEmpty()) {
            out.append("<tr><td colspan=\"7\">No disclosures in this period.</td></tr>\n");
        }
        return out.append("</tbody></table>\n</body></html>\n").toString();
    }

    /** HTML-escapes text (null as empty): every value of a report is data, never markup. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report of strings always serializes", e);
        }
    }
}
