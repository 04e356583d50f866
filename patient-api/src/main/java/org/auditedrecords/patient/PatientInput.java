package org.auditedrecords.patient;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.errors.Violations;
import org.auditedrecords.common.json.JsonInput;

/**
 * Validates patient bodies against SYSTEM.md §3 and reports every breach at once, field by field, as a
 * {@link ValidationException} (400). Unknown fields are breaches; so are the server's fields on create.
 */
public final class PatientInput {
    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    public static final String FULL_NAME = "fullName";
    public static final String GENDER = "gender";
    public static final String DATE_OF_BIRTH = "dateOfBirth";
    public static final String POST_CODE = "postCode";
    public static final String INSURANCE_NUMBER = "insuranceNumber";
    public static final String PREFERRED_CONTACT_NUMBER = "preferredContactNumber";
    public static final String DATE_OF_BIRTH_FROM = "dateOfBirthFrom";
    public static final String DATE_OF_BIRTH_TO = "dateOfBirthTo";

    public static final int NAME_MAX = 64;
    public static final int FULL_NAME_MAX = 128;
    public static final int NUMBER_MAX = 32;
    public static final int POST_CODE_MAX = 10;
    public static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");

    private static final Set<String> FIELDS = Set.of(ServerFields.ID, FIRST_NAME, LAST_NAME, FULL_NAME, GENDER,
            DATE_OF_BIRTH, POST_CODE, INSURANCE_NUMBER, PREFERRED_CONTACT_NUMBER, ServerFields.LAST_UPDATED);
    private static final Set<String> SEARCH_FIELDS = Set.of(ServerFields.ID, FIRST_NAME, LAST_NAME, FULL_NAME, GENDER,
            DATE_OF_BIRTH, POST_CODE, INSURANCE_NUMBER, PREFERRED_CONTACT_NUMBER, DATE_OF_BIRTH_FROM,
            DATE_OF_BIRTH_TO);
    private static final Pattern POST_CODE_FORMAT = Pattern.compile("[A-Za-z0-9 -]{2,10}");
    private static final String POST_CODE_RULE = "must be 2 to 10 letters, digits, spaces or hyphens";
    private static final String DATE_RULE = "must be a real date as YYYY, YYYY-MM or YYYY-MM-DD";
    /** Long enough to tell a date from a wrong one in the message; longer text cannot be a date anyway. */
    private static final int DATE_TEXT_MAX = 32;

    private final Clock clock;

    /** @param clock tells today, for the rule that a date of birth is not in the future */
    public PatientInput(Clock clock) {
        this.clock = clock;
    }

    /** A new patient: every rule, and neither {@code id} nor {@code lastUpdated} may be sent. */
    public PatientDetails forCreate(ObjectNode body) {
        Violations violations = new Violations();
        JsonInput in = JsonInput.root(body, violations).allowOnly(FIELDS)
                .forbid(ServerFields.ID, ServerFields.LAST_UPDATED);
        PatientDetails details = details(in);
        violations.throwIfAny();
        return details;
    }

    /** A full replacement of the patient {@code pathId}: server fields may come back as read. */
    public PatientDetails forUpdate(ObjectNode body, String pathId) {
        Violations violations = new Violations();
        JsonInput in = JsonInput.root(body, violations).allowOnly(FIELDS);
        ServerFields.requireEcho(in, ServerFields.ID, pathId);
        ServerFields.requireTimestampEcho(in);
        PatientDetails details = details(in);
        violations.throwIfAny();
        return details;
    }

    /** Search criteria: any field but {@code lastUpdated}, plus the date-of-birth range; see {@link PatientCriteria}. */
    public PatientCriteria forSearch(ObjectNode body) {
        Violations violations = new Violations();
        JsonInput in = JsonInput.root(body, violations).allowOnly(SEARCH_FIELDS);
        Map<String, String> exact = new LinkedHashMap<>();
        put(exact, ServerFields.ID, in.optionalMatching(ServerFields.ID, 36, Ids.FORMAT, "must be a lower-case UUID"));
        put(exact, FIRST_NAME, in.optionalString(FIRST_NAME, NAME_MAX));
        put(exact, LAST_NAME, in.optionalString(LAST_NAME, NAME_MAX));
        put(exact, FULL_NAME, in.optionalString(FULL_NAME, FULL_NAME_MAX));
        put(exact, GENDER, in.optionalOneOf(GENDER, GENDERS));
        DateOfBirth born = date(in, DATE_OF_BIRTH, false);
        put(exact, DATE_OF_BIRTH, born == null ? null : born.text());
        put(exact, POST_CODE, in.optionalMatching(POST_CODE, POST_CODE_MAX, POST_CODE_FORMAT, POST_CODE_RULE));
        put(exact, INSURANCE_NUMBER, in.optionalString(INSURANCE_NUMBER, NUMBER_MAX));
        put(exact, PREFERRED_CONTACT_NUMBER, in.optionalString(PREFERRED_CONTACT_NUMBER, NUMBER_MAX));
        DateOfBirth from = date(in, DATE_OF_BIRTH_FROM, false);
        DateOfBirth to = date(in, DATE_OF_BIRTH_TO, false);
        if (from != null && to != null && to.lastDay().isBefore(from.firstDay())) {
            violations.add(DATE_OF_BIRTH_TO, "must not be before " + DATE_OF_BIRTH_FROM);
        }
        violations.throwIfAny();
        return new PatientCriteria(exact, from, to);
    }

    private PatientDetails details(JsonInput in) {
        String firstName = in.requiredString(FIRST_NAME, NAME_MAX);
        String lastName = in.optionalString(LAST_NAME, NAME_MAX);
        String fullName = in.optionalString(FULL_NAME, FULL_NAME_MAX);
        String gender = in.optionalOneOf(GENDER, GENDERS);
        if (gender == null && !in.violations().has(GENDER)) {
            in.violations().add(GENDER, "is required");
        }
        DateOfBirth dateOfBirth = date(in, DATE_OF_BIRTH, true);
        if (dateOfBirth != null && dateOfBirth.isAfter(LocalDate.now(clock))) {
            in.violations().add(DATE_OF_BIRTH, "must not be in the future");
        }
        String postCode = in.requiredMatching(POST_CODE, POST_CODE_MAX, POST_CODE_FORMAT, POST_CODE_RULE);
        String insuranceNumber = in.optionalString(INSURANCE_NUMBER, NUMBER_MAX);
        String contactNumber = in.optionalString(PREFERRED_CONTACT_NUMBER, NUMBER_MAX);
        if (!in.violations().isEmpty()) {
            return null;
        }
        return new PatientDetails(firstName, lastName, fullName, gender, dateOfBirth, postCode, insuranceNumber,
                contactNumber);
    }

    private static DateOfBirth date(JsonInput in, String name, boolean required) {
        String text = required ? in.requiredString(name, DATE_TEXT_MAX) : in.optionalString(name, DATE_TEXT_MAX);
        if (text == null) {
            return null;
        }
        DateOfBirth date = DateOfBirth.parse(text).orElse(null);
        if (date == null) {
            in.violations().add(name, DATE_RULE);
        }
        return date;
    }

    private static void put(Map<String, String> criteria, String name, String value) {
        if (value != null) {
            criteria.put(name, value);
        }
    }
}
