package org.auditedrecords.patientapi.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The store contract against the server named by MONGODB_URI; skipped when it is unset. */
@EnabledIfEnvironmentVariable(named = MongoTarget.ENV_URI, matches = ".+",
        disabledReason = "set MONGODB_URI to run the store contract against a real MongoDB")
class EnvironmentStoreTest extends StoreContract {
    private static MongoTarget target;

    @BeforeAll
    static void start() {
        target = MongoTarget.fromEnvironment();
    }

    @Override
    MongoTarget target() {
        return target;
    }
}
