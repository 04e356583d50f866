package org.auditedrecords.common.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.bson.Document;

/**
 * Ensures a collection's indexes at start-up. Names are left to the server, and an index that already exists on the
 * same keys under another name (created by Terraform in Azure) counts as present.
 */
public final class MongoIndexes {
    /** IndexOptionsConflict and IndexKeySpecsConflict: the same keys exist under another name or options. */
    private static final List<Integer> ALREADY_THERE = List.of(85, 86);

    private MongoIndexes() {
    }

    public static void ensure(MongoCollection<Document> collection, List<IndexSpec> indexes, ThrottlingRetry retry) {
        for (IndexSpec index : indexes) {
            retry.run("create index " + index.keys() + " on " + collection.getNamespace().getCollectionName(), () -> {
                try {
                    collection.createIndex(Indexes.ascending(index.keys()), new IndexOptions().unique(index.unique()));
                } catch (MongoCommandException e) {
                    if (!ALREADY_THERE.contains(e.getErrorCode())) {
                        throw e;
                    }
                }
            });
        }
    }
}
