package org.auditedrecords.audit.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.mongo.testing.RunsOn;

/** The store contract against the embedded MongoDB wire-protocol server. */
@RunsOn(MongoTarget.Kind.EMBEDDED)
class EmbeddedAuditStoreTest extends AuditStoreContract {
}
