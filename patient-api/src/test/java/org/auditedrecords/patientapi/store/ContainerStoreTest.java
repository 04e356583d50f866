package org.auditedrecords.patientapi.store;

import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.mongo.testing.RunsOn;

/** The store contract against a real MongoDB in Docker; skipped, with that reason, when Docker is absent. */
@RunsOn(MongoTarget.Kind.DOCKER)
class ContainerStoreTest extends StoreContract {
}
