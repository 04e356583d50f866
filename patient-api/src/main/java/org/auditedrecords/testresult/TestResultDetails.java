package org.auditedrecords.testresult;

import java.util.List;
import java.util.Objects;

/**
 * What a client says about a test result: every field but the server's ({@code id}, {@code patientId},
 * {@code lastUpdated}). Validated by {@link TestResultInput}.
 *
 * @param observations 1 to {@link TestResultInput#MAX_OBSERVATIONS}, in the client's order
 */
public record TestResultDetails(String performer, String orderReference, List<Observation> observations) {

    public TestResultDetails {
        Objects.requireNonNull(performer, "performer");
        Objects.requireNonNull(orderReference, "orderReference");
        observations = List.copyOf(observations);
    }
}
