package org.auditedrecords.testresult;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.errors.Violations;
import org.auditedrecords.common.json.JsonInput;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.ServerFields;

/**
 * Validates test result bodies against SYSTEM.md §3 and reports every breach at once as a
 * {@link ValidationException} (400), observations under their index ({@code observations[2].issued}).
 */
public final class TestResultInput {
    public static final String PATIENT_ID = "patientId";
    public static final String PERFORMER = "performer";
    public static final String ORDER_REFERENCE = "orderReference";
    public static final String OBSERVATIONS = "observations";
    public static final int MAX_OBSERVATIONS = 100;
    public static final int PERFORMER_MAX = 128;
    public static final int ORDER_REFERENCE_MAX = 64;
    /** Limits of the observation fields id, code, measurement, interpretation, issued and status. */
    public static final int CODE_MAX = 64;
    public static final int TEXT_MAX = 256;
    public static final int STATUS_MAX = 32;

    private static final Set<String> FIELDS = Set.of(ServerFields.ID, PATIENT_ID, PERFORMER, ORDER_REFERENCE,
            OBSERVATIONS, ServerFields.LAST_UPDATED);
    /** The fields of one observation, every one required. */
    public static final Set<String> OBSERVATION_FIELDS =
            Set.of("id", "code", "measurement", "interpretation", "issued", "status");
    private static final String OBSERVATIONS_RULE = "must be an array of 1 to " + MAX_OBSERVATIONS + " observations";

    private TestResultInput() {
    }

    /**
     * A new test of the patient {@code pathPatientId}. A malformed patient id is a breach here (400), unlike on the
     * other operations, because the client is creating something under it.
     */
    public static TestResultDetails forCreate(ObjectNode body, String pathPatientId) {
        Violations violations = new Violations();
        if (!Ids.isWellFormed(pathPatientId)) {
            violations.add(PATIENT_ID, "must be a lower-case UUID naming an existing patient");
        }
        JsonInput in = JsonInput.root(body, violations).allowOnly(FIELDS)
                .forbid(ServerFields.ID, ServerFields.LAST_UPDATED);
        ServerFields.requireEcho(in, PATIENT_ID, pathPatientId);
        TestResultDetails details = details(in);
        violations.throwIfAny();
        return details;
    }

    /** A full replacement of test {@code pathTestId}: server fields may come back as read. */
    public static TestResultDetails forUpdate(ObjectNode body, String pathPatientId, String pathTestId) {
        Violations violations = new Violations();
        JsonInput in = JsonInput.root(body, violations).allowOnly(FIELDS);
        ServerFields.requireEcho(in, ServerFields.ID, pathTestId);
        ServerFields.requireEcho(in, PATIENT_ID, pathPatientId);
        ServerFields.requireTimestampEcho(in);
        TestResultDetails details = details(in);
        violations.throwIfAny();
        return details;
    }

    private static TestResultDetails details(JsonInput in) {
        String performer = in.requiredString(PERFORMER, PERFORMER_MAX);
        String orderReference = in.requiredString(ORDER_REFERENCE, ORDER_REFERENCE_MAX);
        List<Observation> observations = observations(in);
        if (!in.violations().isEmpty()) {
            return null;
        }
        return new TestResultDetails(performer, orderReference, observations);
    }

    private static List<Observation> observations(JsonInput in) {
        JsonNode array = in.node().get(OBSERVATIONS);
        if (array == null || array.isNull()) {
            in.violations().add(OBSERVATIONS, "is required");
            return List.of();
        }
        if (!array.isArray() || array.isEmpty() || array.size() > MAX_OBSERVATIONS) {
            in.violations().add(OBSERVATIONS, OBSERVATIONS_RULE);
            return List.of();
        }
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = OBSERVATIONS + "[" + i + "]";
            if (!array.get(i).isObject()) {
                in.violations().add(path, "must be an object");
                continue;
            }
            observations.add(observation(new JsonInput((ObjectNode) array.get(i), path, in.violations())));
        }
        return observations;
    }

    private static Observation observation(JsonInput o) {
        o.allowOnly(OBSERVATION_FIELDS);
        String id = o.requiredString("id", CODE_MAX);
        String code = o.requiredString("code", CODE_MAX);
        String measurement = o.requiredString("measurement", TEXT_MAX);
        String interpretation = o.requiredString("interpretation", TEXT_MAX);
        String issued = o.requiredString("issued", CODE_MAX);
        if (issued != null) {
            try {
                OffsetDateTime.parse(issued);
            } catch (DateTimeParseException e) {
                o.violations().add(o.field("issued"), "must be an ISO-8601 date-time with offset, e.g. 2024-05-01T09:30:00Z");
            }
        }
        String status = o.requiredString("status", STATUS_MAX);
        return new Observation(id, code, measurement, interpretation, issued, status);
    }
}
