package org.auditedrecords.testresult;

import java.time.Instant;
import java.util.List;

/** Test results to test with. */
public final class TestResultSamples {
    public static final String BODY = "{'performer':'Lab One','orderReference':'ORD-1','observations':[{'id':'obs-1',"
            + "'code':'718-7','measurement':'13.2 g/dL','interpretation':'normal','issued':'2025-06-01T09:30:00Z',"
            + "'status':'final'}]}";

    private TestResultSamples() {
    }

    public static TestResultDetails haemoglobin() {
        return new TestResultDetails("Lab One", "ORD-1", List.of(
                new Observation("obs-1", "718-7", "13.2 g/dL", "normal", "2025-06-01T09:30:00Z", "final")));
    }

    public static TestResultDetails glucose() {
        return new TestResultDetails("Lab Two", "ORD-2", List.of(
                new Observation("obs-1", "2345-7", "5.4 mmol/L", "normal", "2025-06-02T08:00:00+01:00", "final"),
                new Observation("obs-2", "2345-7", "9.1 mmol/L", "high", "2025-06-02T10:00:00+01:00", "preliminary")));
    }

    public static TestResult stored(String id, String patientId, TestResultDetails details, long version) {
        return new TestResult(id, patientId, details, Instant.parse("2025-01-01T00:00:00Z"), version);
    }
}
