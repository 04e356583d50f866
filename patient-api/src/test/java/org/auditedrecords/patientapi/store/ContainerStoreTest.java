package org.auditedrecords.patientapi.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The store contract against a real MongoDB in Docker; skipped (with that reason) when Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerStoreTest extends StoreContract {
    private static MongoTarget target;

    @BeforeAll
    static void start() {
        target = MongoTarget.container();
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
