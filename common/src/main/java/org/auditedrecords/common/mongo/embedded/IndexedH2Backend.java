package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with working indexes: every index an app declares (unique or not, single-field or
 * compound) is kept in key order in the same MVStore, and finds, updates and deletes are answered from the index that
 * narrows them most — equality on leading fields, a range on the next one, the sort when the index order is the
 * sort, {@code _id} with a shard key as a point read. So the cost of the apps' request-path queries does not grow
 * with the data, as on Cosmos DB. Results are those of a collection scan; {@code explain} of a find shows the plan.
 *
 * <p>Files written by the stock H2 backend open with their data; their indexes are rebuilt once at open.
 */
public class IndexedH2Backend extends H2Backend {
    public IndexedH2Backend(MVStore mvStore) {
        super(mvStore);
    }

    /** A backend persisted to {@code fileName} (created if missing). */
    public IndexedH2Backend(String fileName) {
        this(MVStore.open(fileName));
    }

    /** A backend held in memory only, for tests. */
    public static IndexedH2Backend inMemory() {
        return new IndexedH2Backend(MVStore.open(null));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
