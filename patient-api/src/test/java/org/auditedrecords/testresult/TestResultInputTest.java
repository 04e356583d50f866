package org.auditedrecords.testresult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.patient.JsonBodies.errorsOf;
import static org.auditedrecords.patient.JsonBodies.json;
import static org.auditedrecords.testresult.TestResultSamples.BODY;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestResultInputTest {
    private static final String PATIENT = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String TEST = "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";

    private static ObjectNode body() {
        return json(BODY);
    }

    private static ObjectNode observation(ObjectNode body) {
        return (ObjectNode) body.get("observations").get(0);
    }

    private static ArrayNode observations(int count) {
        ArrayNode array = json("{'a':[]}").withArray("a");
        for (int i = 0; i < count; i++) {
            array.add(observation(body()).deepCopy().put("id", "obs-" + i));
        }
        return array;
    }

    @Test
    void forCreate_valid_givesTheDetails() {
        assertThat(TestResultInput.forCreate(body(), PATIENT)).isEqualTo(TestResultSamples.haemoglobin());
    }

    @Test
    void forCreate_patientIdInBodyMatchingThePath_isAccepted() {
        assertThat(TestResultInput.forCreate(body().put("patientId", PATIENT), PATIENT))
                .isEqualTo(TestResultSamples.haemoglobin());
    }

    @Test
    void forCreate_patientIdInBodyDifferentFromThePath_isRejected() {
        assertThat(errorsOf(() -> TestResultInput.forCreate(body().put("patientId", TEST), PATIENT)))
                .isEqualTo(Map.of("patientId", List.of("must equal the patientId in the path")));
    }

    @Test
    void forCreate_malformedPatientIdInThePath_isRejected() {
        assertThat(errorsOf(() -> TestResultInput.forCreate(body(), "not-a-patient")))
                .isEqualTo(Map.of("patientId", List.of("must be a lower-case UUID naming an existing patient")));
    }

    @Test
    void forCreate_serverFieldsAndUnknownFields_areRejected() {
        ObjectNode body = body().put("id", TEST).put("lastUpdated", "2025-01-01T00:00:00.000Z").put("colour", "red");

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT))).isEqualTo(Map.of(
                "id", List.of("is set by the server and must not be sent"),
                "lastUpdated", List.of("is set by the server and must not be sent"),
                "colour", List.of("is not a known field")));
    }

    @Test
    void forCreate_emptyObject_reportsEveryRequiredField() {
        assertThat(errorsOf(() -> TestResultInput.forCreate(json("{}"), PATIENT))).isEqualTo(Map.of(
                "performer", List.of("is required"),
                "orderReference", List.of("is required"),
                "observations", List.of("is required")));
    }

    @Test
    void forCreate_hundredObservations_areAccepted() {
        ObjectNode body = body();
        body.set("observations", observations(100));

        assertThat(TestResultInput.forCreate(body, PATIENT).observations()).hasSize(100);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 101})
    void forCreate_noneOrMoreThanHundredObservations_isRejected(int count) {
        ObjectNode body = body();
        body.set("observations", observations(count));

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT)))
                .isEqualTo(Map.of("observations", List.of("must be an array of 1 to 100 observations")));
    }

    @Test
    void forCreate_observationsNotAnArray_isRejected() {
        assertThat(errorsOf(() -> TestResultInput.forCreate(body().put("observations", "many"), PATIENT)))
                .isEqualTo(Map.of("observations", List.of("must be an array of 1 to 100 observations")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "code", "measurement", "interpretation", "issued", "status"})
    void forCreate_observationMissingARequiredField_isReportedUnderItsIndex(String field) {
        ObjectNode body = body();
        body.set("observations", observations(3));
        ((ObjectNode) body.get("observations").get(2)).remove(field);

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT)))
                .isEqualTo(Map.of("observations[2]." + field, List.of("is required")));
    }

    @Test
    void forCreate_observationWithWrongTypesUnknownFieldsOrNotAnObject_isReportedPerPath() {
        ObjectNode body = body();
        ArrayNode array = observations(2);
        ((ObjectNode) array.get(0)).put("code", 718).put("unit", "g/dL");
        array.add("not an object");
        body.set("observations", array);

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT))).isEqualTo(Map.of(
                "observations[0].unit", List.of("is not a known field"),
                "observations[0].code", List.of("must be a string"),
                "observations[2]", List.of("must be an object")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-01T09:30:00Z", "2025-06-01T09:30:00.123+02:00", "2025-06-01T09:30Z"})
    void forCreate_issuedAsIsoDateTimeWithOffset_isAccepted(String issued) {
        ObjectNode body = body();
        observation(body).put("issued", issued);

        assertThat(TestResultInput.forCreate(body, PATIENT).observations().get(0).issued()).isEqualTo(issued);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-01", "2025-06-01T09:30:00", "01/06/2025 09:30", "2025-13-01T09:30:00Z"})
    void forCreate_issuedNotAnIsoDateTimeWithOffset_isRejected(String issued) {
        ObjectNode body = body();
        observation(body).put("issued", issued);

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT))).isEqualTo(Map.of("observations[0].issued",
                List.of("must be an ISO-8601 date-time with offset, e.g. 2024-05-01T09:30:00Z")));
    }

    @Test
    void forCreate_overlongTexts_areRejectedWithTheirLimits() {
        ObjectNode body = body().put("performer", "p".repeat(129)).put("orderReference", "o".repeat(65));
        observation(body).put("measurement", "m".repeat(257)).put("status", "s".repeat(33));

        assertThat(errorsOf(() -> TestResultInput.forCreate(body, PATIENT))).isEqualTo(Map.of(
                "performer", List.of("must be at most 128 characters"),
                "orderReference", List.of("must be at most 64 characters"),
                "observations[0].measurement", List.of("must be at most 256 characters"),
                "observations[0].status", List.of("must be at most 32 characters")));
    }

    @Test
    void forUpdate_serverFieldsSentBackAsRead_areAccepted() {
        ObjectNode body = body().put("id", TEST).put("patientId", PATIENT).put("lastUpdated", "2025-01-01T00:00:00.000Z");

        assertThat(TestResultInput.forUpdate(body, PATIENT, TEST)).isEqualTo(TestResultSamples.haemoglobin());
    }

    @Test
    void forUpdate_idsDifferentFromThePathOrBadTimestamp_areRejected() {
        ObjectNode body = body().put("id", PATIENT).put("patientId", TEST).put("lastUpdated", "now");

        assertThat(errorsOf(() -> TestResultInput.forUpdate(body, PATIENT, TEST))).isEqualTo(Map.of(
                "id", List.of("must equal the id in the path"),
                "patientId", List.of("must equal the patientId in the path"),
                "lastUpdated", List.of("must be an ISO-8601 UTC timestamp as the API returned it")));
    }
}
