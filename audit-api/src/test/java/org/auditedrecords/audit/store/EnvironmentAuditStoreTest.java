package org.auditedrecords.audit.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.mongo.testing.RunsOn;

/** The store contract against the server named by MONGODB_URI; skipped when it is unset. */
@RunsOn(MongoTarget.Kind.ENVIRONMENT)
class EnvironmentAuditStoreTest extends AuditStoreContract {
}
