package org.auditedrecords.audit.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The audit store contract against the embedded MongoDB wire-protocol server. */
class EmbeddedAuditStoreTest extends AuditStoreContract {
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
