package org.auditedrecords.patientapi.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against the embedded MongoDB wire-protocol server. */
class EmbeddedStoreTest extends StoreContract {
    private static MongoTarget target;

    @BeforeAll
    static void start() {
        target = MongoTarget.embedded();
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Override
    MongoTarget target() {
        return target;
    }
}
