package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database on an H2 MVStore, laid out as mongo-java-server's H2 backend lays it out (so existing files open with
 * their data), whose indexes — unique and secondary — are {@link OrderedIndex}es in the same store. Index maps are
 * written by the same collection method as the document, so they are persisted with it and survive a restart; an
 * index whose map is empty when opened (new, or from a file written by the stock backend, whose unordered index maps
 * are removed) is rebuilt from the documents.
 *
 * <p>It also answers {@code explain} for {@code find}, with MongoDB's field names for the plan and the number of
 * index keys and documents examined.
 */
final class IndexedH2Database extends AbstractSynchronizedMongoDatabase<Object> {
    private static final String DATABASES_PREFIX = "databases.";
    /** Collection names cannot hold a {@code $}, so no collection's stock map name ends like this. */
    private static final String BSON_SUFFIX = "$bson";
    private static final String META_PREFIX = "meta.";
    private static final String STOCK_INDEX_INFIX = "._index_";
    /** Ordered index maps as {@link IndexEntryType} writes them since instants have their own tag. */
    private static final String ORDERED_INDEX_INFIX = "._ordered_index2_";
    /** Ordered index maps in the earlier encoding: removed at open, and rebuilt from the documents. */
    private static final String EARLIER_ORDERED_INDEX_INFIX = "._ordered_index_";

    private static final Document COUNT_GROUP = new Document("$group", new Document("_id", 1)
            .append("n", new Document("$sum", 1)));

    private final MVStore mvStore;

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
        this.mvStore = mvStore;
        initializeNamespacesAndIndexes();
    }

    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
        if (command.equalsIgnoreCase("aggregate")) {
            return countFromIndex(query).orElseGet(() -> super.handleCommand(channel, command, query, resolver, oplog));
        }
        if (!command.equalsIgnoreCase("explain")) {
            return super.handleCommand(channel, command, query, resolver, oplog);
        }
        if (!(query.get("explain") instanceof Document explained)) {
            throw new MongoServerError(2, "BadValue", "explain needs a command to explain");
        }
        Optional<Document> count = countPipeline(explained);
        String verb = explained.containsKey("find") ? "find" : explained.containsKey("distinct") ? "distinct"
                : count.isPresent() ? "aggregate" : null;
        if (verb == null) {
            throw new MongoServerError(2, "BadValue", "this server explains find, distinct and countDocuments only");
        }
        MongoCollection<Object> collection = resolveCollection(String.valueOf(explained.get(verb)), false);
        if (!(collection instanceof IndexedH2Collection indexed)) {
            return new Document("queryPlanner", new Document("winningPlan", new Document("stage", "EOF")))
                    .append("executionStats", new Document("executionSuccess", true).append("nReturned", 0)
                            .append("totalKeysExamined", 0).append("totalDocsExamined", 0))
                    .append("ok", 1.0);
        }
        return switch (verb) {
            case "find" -> indexed.explain(explained);
            case "distinct" -> indexed.explainDistinct(explained);
            default -> indexed.explainCount(count.get());
        };
    }

    /** The filter of the driver's {@code countDocuments} pipeline ({@code $match}, then a {@code $group} of {@code _id: 1} summing 1 into {@code n}). */
    private static Optional<Document> countPipeline(Document aggregate) {
        if (!(aggregate.get("aggregate") instanceof String) || !(aggregate.get("pipeline") instanceof List<?> stages)
                || stages.size() != 2 || !(stages.get(0) instanceof Document match) || match.size() != 1
                || !(match.get("$match") instanceof Document filter) || !COUNT_GROUP.equals(stages.get(1))) {
            return Optional.empty();
        }
        return Optional.of(filter);
    }

    /**
     * The driver's {@code countDocuments} answered from an index when {@link IndexedH2Collection#countFromIndex} can;
     * empty for every other pipeline, which the server's aggregation runs.
     */
    private Optional<Document> countFromIndex(Document query) {
        Optional<Document> filter = countPipeline(query);
        if (filter.isEmpty() || !(resolveCollection((String) query.get("aggregate"), false) instanceof IndexedH2Collection collection)) {
            return Optional.empty();
        }
        return collection.countFromIndex(filter.get()).map(counted -> {
            long n = counted.count();
            List<Document> batch = n == 0 ? List.of() : List.of(new Document("_id", 1).append("n", n == (int) n ? (Object) (int) n : n));
            return new Document("cursor", new Document("id", 0L).append("ns", collection.getFullName()).append("firstBatch", batch))
                    .append("ok", 1.0);
        });
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new OrderedUniqueIndex(openIndexMap(collectionName, indexName), indexName, keys, sparse);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new OrderedSecondaryIndex(openIndexMap(collectionName, indexName), indexName, keys, sparse,
                CollectionOptions.withDefaults().getIdField());
    }

    private OrderedMap openIndexMap(String collectionName, String indexName) {
        for (String earlier : List.of(STOCK_INDEX_INFIX, EARLIER_ORDERED_INDEX_INFIX)) {
            String name = getFullCollectionNamespace(collectionName) + earlier + indexName;
            if (mvStore.hasMap(name)) {
                mvStore.removeMap(name);
            }
            if (mvStore.hasMap(OrderedMap.flagsName(name))) {
                mvStore.removeMap(OrderedMap.flagsName(name));
            }
        }
        return OrderedMap.open(mvStore, indexMapName(collectionName, indexName));
    }

    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + ORDERED_INDEX_INFIX + indexName;
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = indexMapName(collection.getCollectionName(), indexName);
        mvStore.removeMap(name);
        mvStore.removeMap(OrderedMap.flagsName(name));
    }

    /**
     * Opens the collection's documents, kept as BSON ({@link DocumentType}). A collection written by the stock
     * backend, or by this one before it kept BSON, has its documents in a Java-serialized map: they are copied into
     * the BSON map once, and the old map removed, in the store's next commit.
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = openDocuments(fullName);
        if (mvStore.hasMap(DATABASES_PREFIX + fullName)) {
            MVMap<Object, Document> serialized = mvStore.openMap(DATABASES_PREFIX + fullName);
            serialized.forEach(dataMap::putIfAbsent);
            mvStore.removeMap(serialized);
        }
        MVMap<String, Object> metaMap = mvStore.openMap(META_PREFIX + fullName);
        return new IndexedH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /** The map of a collection's documents ({@code fullName} is database.collection); its name starts as the stock one's, so the backend finds the database at open. */
    private MVMap<Object, Document> openDocuments(String fullName) {
        return mvStore.openMap(DATABASES_PREFIX + fullName + BSON_SUFFIX,
                new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        mvStore.getMapNames().stream()
                .filter(name -> name.startsWith(databaseName + ".") || name.startsWith(DATABASES_PREFIX + databaseName + ".")
                        || name.startsWith(META_PREFIX + databaseName + "."))
                .toList()
                .forEach(mvStore::removeMap);
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String fullName = getFullCollectionNamespace(collectionName);
        mvStore.removeMap(DATABASES_PREFIX + fullName + BSON_SUFFIX);
        mvStore.removeMap(META_PREFIX + fullName);
    }

    /** Renames the data; the renamed collection's index maps keep their old names until a restart rebuilds them. */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String oldName = collection.getFullName();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String newName = getFullCollectionNamespace(newCollectionName);
        mvStore.renameMap(openDocuments(oldName), DATABASES_PREFIX + newName + BSON_SUFFIX);
        mvStore.renameMap(mvStore.openMap(META_PREFIX + oldName), META_PREFIX + newName);
    }

    @Override
    protected long getStorageSize() {
        FileStore<?> fileStore = mvStore.getFileStore();
        return fileStore == null ? 0 : fileStore.size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }
}
