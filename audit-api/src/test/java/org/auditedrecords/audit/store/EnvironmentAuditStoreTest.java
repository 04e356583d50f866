package org.auditedrecords.audit.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The audit store contract against the server named by MONGODB_URI; skipped when it is unset. */
@EnabledIfEnvironmentVariable(named = MongoTarget.ENV_URI, matches = ".+",
        disabledReason = "set MONGODB_URI to run the store contract against a real MongoDB")
class EnvironmentAuditStoreTest extends AuditStoreContract {
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
