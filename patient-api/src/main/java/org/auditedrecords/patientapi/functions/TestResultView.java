package org.auditedrecords.patientapi.functions;

import java.util.List;
import org.auditedrecords.common.time.Timestamps;
import org.auditedrecords.testresult.Observation;
import org.auditedrecords.testresult.TestResult;

/** The JSON shape of a test result in responses (SYSTEM.md §3). */
record TestResultView(String id, String patientId, String performer, String orderReference,
                      List<Observation> observations, String lastUpdated) {

    static TestResultView of(TestResult test) {
        return new TestResultView(test.id(), test.patientId(), test.details().performer(),
                test.details().orderReference(), test.details().observations(), Timestamps.format(test.lastUpdated()));
    }
}
