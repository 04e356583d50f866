package org.auditedrecords.audit.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRecord;
import org.junit.jupiter.api.Test;

class DisclosuresTest {
    private static final String PATIENT = "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String OTHER = "1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final OrganisationDirectory DIRECTORY = OrganisationDirectory.parse(
            "{\"integrator-a\":{\"organisation\":\"Hospital A\",\"contact\":\"it@a.example\"},"
                    + "\"integrator-b\":{\"organisation\":\"Lab B\",\"contact\":null}}");

    private final List<AuditRecord> trail = new ArrayList<>();

    private AuditRecord add(String client, String action, String type, String resourceId, String patientId,
                            String outcome, String relatesTo, List<String> returned) {
        AuditRecord record = new AuditRecord(UUID.randomUUID().toString(), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(trail.size()),
                new AuditEntry(type.equals("audit-search") ? "audit-api" : "patient-api", action,
                        new AuditEntry.Resource(type, resourceId, null), patientId, outcome,
                        new AuditEntry.Actor(client, null), "0af7651916cd43dd8448eb211c80319c", relatesTo, null, returned),
                new AuditRecord.Position("20260101T000000Z-0123456789ab", trail.size()));
        trail.add(record);
        return record;
    }

    private static List<String> summary(List<Disclosure> rows) {
        return rows.stream().map(d -> d.recipient().label() + " " + d.action() + " " + d.resourceType() + " "
                + d.disclosed() + " " + d.outcome()).toList();
    }

    @Test
    void of_history_givesOneRowPerOperationInOrderWithOrganisationsAndFoldedWriteFailures() {
        AuditRecord create = add("integrator-a", "create", "patient", PATIENT, PATIENT, "attempted", null, null);
        add("integrator-a", "read", "patient", PATIENT, PATIENT, "success", null, null);
        add("integrator-b", "search", "patient-search", null, null, "success", null, List.of(OTHER, PATIENT));
        AuditRecord update = add("integrator-b", "update", "patient", PATIENT, PATIENT, "attempted", null, null);
        add("integrator-b", "update", "patient", PATIENT, PATIENT, "failed", update.id(), null);
        add("compliance-1", "search", "audit-search", null, PATIENT, "success", null, null);
        add("integrator-c", "read", "test", null, PATIENT, "notFound", null, null);
        add("integrator-a", "search", "patient-search", null, OTHER, "success", null, List.of(OTHER));
        add("integrator-a", "search", "patient-search", null, PATIENT, "success", null, List.of());

        List<Disclosure> rows = Disclosures.of(trail, PATIENT, DIRECTORY);

        assertThat(summary(rows)).containsExactly(
                "Hospital A (integrator-a) create patient the patient record success",
                "Hospital A (integrator-a) read patient the patient record success",
                "Lab B (integrator-b) search patient-search among the results of a patient search success",
                "Lab B (integrator-b) update patient the patient record failed",
                "integrator-c (not in the organisation directory) read test the list of test results notFound",
                "Hospital A (integrator-a) search patient-search named by a patient search, not among its results success");
        assertThat(rows.get(0).auditRecordId()).isEqualTo(create.id());
        assertThat(rows.get(3).auditRecordId()).isEqualTo(update.id());
        assertThat(rows.get(3).at()).isEqualTo(update.recordedAt());
    }

    @Test
    void of_failureWhoseAttemptIsOnAnEarlierPage_isAFailedRowOfItsOwn() {
        add("integrator-a", "update", "patient", PATIENT, PATIENT, "failed", UUID.randomUUID().toString(), null);

        assertThat(summary(Disclosures.of(trail, PATIENT, DIRECTORY)))
                .containsExactly("Hospital A (integrator-a) update patient the patient record failed");
    }
}
