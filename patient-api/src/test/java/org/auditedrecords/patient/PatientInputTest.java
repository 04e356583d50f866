package org.auditedrecords.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.patient.JsonBodies.errorsOf;
import static org.auditedrecords.patient.JsonBodies.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PatientInputTest {
    private static final String ID = "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a";
    private static final String MINIMAL = "{'firstName':'Ada','gender':'female','dateOfBirth':'1815-12-10','postCode':'W1 2AB'}";

    private final PatientInput input = new PatientInput(PatientSamples.CLOCK);

    private static ObjectNode minimalWith(String field, String value) {
        ObjectNode body = json(MINIMAL);
        body.put(field, value);
        return body;
    }

    @Test
    void forCreate_requiredFieldsOnly_givesDetailsWithoutOptionalFields() {
        PatientDetails details = input.forCreate(json(MINIMAL));

        assertThat(details).isEqualTo(new PatientDetails("Ada", null, null, "female",
                PatientSamples.born("1815-12-10"), "W1 2AB", null, null));
    }

    @Test
    void forCreate_everyField_keepsEachTrimmed() {
        PatientDetails details = input.forCreate(json("{'firstName':' Ada ','lastName':'Lovelace','fullName':"
                + "'Augusta Ada King','gender':'female','dateOfBirth':'1815-12-10','postCode':'W1 2AB',"
                + "'insuranceNumber':'INS-1815','preferredContactNumber':'+44 20 7946 0000'}"));

        assertThat(details).isEqualTo(PatientSamples.ada());
    }

    @Test
    void forCreate_emptyObject_reportsEveryRequiredField() {
        assertThat(errorsOf(() -> input.forCreate(json("{}")))).isEqualTo(Map.of(
                "firstName", List.of("is required"),
                "gender", List.of("is required"),
                "dateOfBirth", List.of("is required"),
                "postCode", List.of("is required")));
    }

    @Test
    void forCreate_serverFields_areRejectedByName() {
        ObjectNode body = minimalWith("id", ID);
        body.put("lastUpdated", "2025-01-01T00:00:00.000Z");

        assertThat(errorsOf(() -> input.forCreate(body))).isEqualTo(Map.of(
                "id", List.of("is set by the server and must not be sent"),
                "lastUpdated", List.of("is set by the server and must not be sent")));
    }

    @Test
    void forCreate_unknownField_isRejected() {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("nhsNumber", "123"))))
                .isEqualTo(Map.of("nhsNumber", List.of("is not a known field")));
    }

    @ParameterizedTest
    @CsvSource({"firstName, 64", "lastName, 64", "fullName, 128", "insuranceNumber, 32", "preferredContactNumber, 32"})
    void forCreate_textAtItsLimit_isAcceptedAndOneMoreIsRejected(String field, int max) {
        assertThat(input.forCreate(minimalWith(field, "x".repeat(max)))).isNotNull();

        assertThat(errorsOf(() -> input.forCreate(minimalWith(field, "x".repeat(max + 1)))))
                .isEqualTo(Map.of(field, List.of("must be at most " + max + " characters")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"male", "female", "other", "unknown"})
    void forCreate_eachGender_isAccepted(String gender) {
        assertThat(input.forCreate(minimalWith("gender", gender)).gender()).isEqualTo(gender);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Male", "f", "nonbinary"})
    void forCreate_genderOutsideTheList_isRejected(String gender) {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("gender", gender))))
                .isEqualTo(Map.of("gender", List.of("must be one of female, male, other, unknown")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1815", "1815-12", "1815-12-10", "2025", "2025-06", "2025-06-15"})
    void forCreate_dateOfBirthInEachFormatUpToToday_isAccepted(String date) {
        assertThat(input.forCreate(minimalWith("dateOfBirth", date)).dateOfBirth().text()).isEqualTo(date);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1815-13", "1815-02-30", "10-12-1815", "1815-12-10T00:00:00Z", "yesterday", "18151"})
    void forCreate_dateOfBirthNotARealDateInAFormat_isRejected(String date) {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("dateOfBirth", date))))
                .isEqualTo(Map.of("dateOfBirth", List.of("must be a real date as YYYY, YYYY-MM or YYYY-MM-DD")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-16", "2025-07", "2026"})
    void forCreate_dateOfBirthInTheFuture_isRejected(String date) {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("dateOfBirth", date))))
                .isEqualTo(Map.of("dateOfBirth", List.of("must not be in the future")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"W1", "W1 2AB", "SK9-1AA", "1234567890", "ab cd-ef"})
    void forCreate_postCodeOfLettersDigitsSpacesOrHyphens_isAccepted(String postCode) {
        assertThat(input.forCreate(minimalWith("postCode", postCode)).postCode()).isEqualTo(postCode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"W", "W1_2AB", "W1#2AB", "SW1A.1AA", "ÅB 12"})
    void forCreate_postCodeTooShortOrWithOtherCharacters_isRejected(String postCode) {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("postCode", postCode))))
                .isEqualTo(Map.of("postCode", List.of("must be 2 to 10 letters, digits, spaces or hyphens")));
    }

    @Test
    void forCreate_postCodeLongerThanTen_isRejected() {
        assertThat(errorsOf(() -> input.forCreate(minimalWith("postCode", "ABCDE FGHIJ"))))
                .isEqualTo(Map.of("postCode", List.of("must be at most 10 characters")));
    }

    @Test
    void forCreate_wrongTypesAndControlCharacters_areReportedPerField() {
        ObjectNode body = json("{'firstName':42,'gender':['female'],'dateOfBirth':'1815','postCode':'W1'}");
        body.put("lastName", "Love\u0000lace");

        assertThat(errorsOf(() -> input.forCreate(body))).isEqualTo(Map.of(
                "firstName", List.of("must be a string"),
                "gender", List.of("must be a string"),
                "lastName", List.of("must not contain control characters")));
    }

    @Test
    void forUpdate_serverFieldsSentBackAsRead_areAccepted() {
        ObjectNode body = minimalWith("id", ID);
        body.put("lastUpdated", "2025-01-01T00:00:00.000Z");

        assertThat(input.forUpdate(body, ID).firstName()).isEqualTo("Ada");
    }

    @Test
    void forUpdate_idDifferentFromThePath_isRejected() {
        assertThat(errorsOf(() -> input.forUpdate(minimalWith("id", "00000000-0000-4000-8000-000000000000"), ID)))
                .isEqualTo(Map.of("id", List.of("must equal the id in the path")));
    }

    @Test
    void forUpdate_lastUpdatedNotATimestamp_isRejected() {
        assertThat(errorsOf(() -> input.forUpdate(minimalWith("lastUpdated", "yesterday"), ID)))
                .isEqualTo(Map.of("lastUpdated", List.of("must be an ISO-8601 UTC timestamp as the API returned it")));
    }

    @Test
    void forUpdate_fullReplacementMissingRequiredFields_isRejectedAsOnCreate() {
        assertThat(errorsOf(() -> input.forUpdate(json("{'firstName':'Ada','unknown':1}"), ID)))
                .containsOnlyKeys("gender", "dateOfBirth", "postCode", "unknown");
    }

    @Test
    void forSearch_emptyObject_hasNoCriteria() {
        PatientCriteria criteria = input.forSearch(json("{}"));

        assertThat(criteria.asQuery()).isEmpty();
        assertThat(criteria.earliestDay()).isEmpty();
        assertThat(criteria.latestDay()).isEmpty();
    }

    @Test
    void forSearch_everyField_becomesAnExactCriterion() {
        PatientCriteria criteria = input.forSearch(json("{'id':'" + ID + "','firstName':'Ada','lastName':'Lovelace',"
                + "'fullName':'Augusta Ada King','gender':'female','dateOfBirth':'1815-12','postCode':'W1 2AB',"
                + "'insuranceNumber':'INS-1815','preferredContactNumber':'+44 20'}"));

        assertThat(criteria.exact()).isEqualTo(Map.of("id", ID, "firstName", "Ada", "lastName", "Lovelace",
                "fullName", "Augusta Ada King", "gender", "female", "dateOfBirth", "1815-12", "postCode", "W1 2AB",
                "insuranceNumber", "INS-1815", "preferredContactNumber", "+44 20"));
    }

    @Test
    void forSearch_dateOfBirthRange_spansFromTheFirstDayOfFromToTheLastDayOfTo() {
        PatientCriteria criteria = input.forSearch(json("{'dateOfBirthFrom':'1980-02','dateOfBirthTo':'1981'}"));

        assertThat(criteria.earliestDay()).contains(java.time.LocalDate.of(1980, 2, 1));
        assertThat(criteria.latestDay()).contains(java.time.LocalDate.of(1981, 12, 31));
        assertThat(criteria.asQuery()).isEqualTo(Map.of("dateOfBirthFrom", "1980-02", "dateOfBirthTo", "1981"));
    }

    @Test
    void forSearch_sameMonthAsFromAndTo_isOneMonth() {
        PatientCriteria criteria = input.forSearch(json("{'dateOfBirthFrom':'1980-02','dateOfBirthTo':'1980-02'}"));

        assertThat(criteria.earliestDay()).contains(java.time.LocalDate.of(1980, 2, 1));
        assertThat(criteria.latestDay()).contains(java.time.LocalDate.of(1980, 2, 29));
    }

    @Test
    void forSearch_toBeforeFrom_isRejected() {
        assertThat(errorsOf(() -> input.forSearch(json("{'dateOfBirthFrom':'1980-03','dateOfBirthTo':'1980-02-29'}"))))
                .isEqualTo(Map.of("dateOfBirthTo", List.of("must not be before dateOfBirthFrom")));
    }

    @Test
    void forSearch_lastUpdatedUnknownAndMalformedValues_areRejected() {
        assertThat(errorsOf(() -> input.forSearch(json("{'lastUpdated':'2025-01-01T00:00:00Z','colour':'red',"
                + "'id':'ABC','gender':'Female','dateOfBirthFrom':'1980-13','dateOfBirth':'80','postCode':'W_1'}"))))
                .isEqualTo(Map.of(
                        "lastUpdated", List.of("is not a known field"),
                        "colour", List.of("is not a known field"),
                        "id", List.of("must be a lower-case UUID"),
                        "gender", List.of("must be one of female, male, other, unknown"),
                        "dateOfBirthFrom", List.of("must be a real date as YYYY, YYYY-MM or YYYY-MM-DD"),
                        "dateOfBirth", List.of("must be a real date as YYYY, YYYY-MM or YYYY-MM-DD"),
                        "postCode", List.of("must be 2 to 10 letters, digits, spaces or hyphens")));
    }
}
