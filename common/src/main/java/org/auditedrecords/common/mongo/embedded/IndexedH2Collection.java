package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.auditedrecords.common.mongo.embedded.IndexPlan.SortField;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection whose queries (finds, and the filters of updates, deletes and distinct) use its ordered indexes:
 * the {@link IndexPlan} that walks the fewest entries narrows the candidates, each candidate is checked against the
 * whole query, and a plan that yields the sort order stops after the limit. Results equal a collection scan's,
 * order included: without a served sort, candidates are put back in the scan's order (the data map's key order)
 * before the sort, which is stable like the scan's. Queries no index narrows are collection scans.
 */
final class IndexedH2Collection extends H2Collection {
    private final MVMap<Object, Document> dataMap;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        return run(query, orderBy, numberToSkip, limit, batchSize, fieldSelector, new ExecutionStats());
    }

    /** The {@code explain} of a find command's filter, sort, skip and limit: the plan and what running it examined. */
    synchronized Document explain(Document find) {
        Document filter = (Document) find.getOrDefault("filter", new Document());
        Document sort = (Document) find.get("sort");
        int skip = ((Number) find.getOrDefault("skip", 0)).intValue();
        int limit = ((Number) find.getOrDefault("limit", 0)).intValue();
        ExecutionStats stats = new ExecutionStats();
        int returned = run(filter, sort, skip, limit, 0, null, stats).collectDocuments().size();
        Document winningPlan = stats.plan.map(IndexPlan::describe).orElse(new Document("stage", "COLLSCAN"));
        return new Document("queryPlanner", new Document("namespace", getFullName()).append("winningPlan", winningPlan))
                .append("executionStats", new Document("executionSuccess", true).append("nReturned", returned)
                        .append("totalKeysExamined", stats.keysExamined).append("totalDocsExamined", stats.docsExamined))
                .append("ok", 1.0);
    }

    private QueryResult run(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector,
                            ExecutionStats stats) {
        stats.plan = getIdField() == null || isNaturalDescending(orderBy) ? Optional.empty()
                : IndexPlan.choose(orderedIndexes(), FieldConditions.of(query), SortField.of(orderBy), getIdField());
        if (stats.plan.isEmpty()) {
            stats.docsExamined = count();
            return matchDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }
        IndexPlan plan = stats.plan.get();
        Iterator<Object> positions = plan.index().positions(plan.low(), plan.high(), plan.descending());
        if (plan.servesSort()) {
            Stream<Document> matches = stream(positions).map(p -> fetch(p, stats)).filter(d -> documentMatchesQuery(d, query));
            QueryResult result = matchDocumentsFromStream(new Document(), matches, skip, limit, batchSize, null, fieldSelector);
            stats.keysExamined = stats.docsExamined;
            return result;
        }
        TreeSet<Object> scanOrder = new TreeSet<>(dataMap.getKeyType());
        positions.forEachRemaining(scanOrder::add);
        stats.keysExamined = scanOrder.size();
        Stream<Document> candidates = scanOrder.stream().map(p -> fetch(p, stats));
        return matchDocumentsFromStream(candidates, query, orderBy, skip, limit, batchSize, fieldSelector);
    }

    private Document fetch(Object position, ExecutionStats stats) {
        Document document = getDocument(position);
        if (document == null) {
            throw new IllegalStateException("An index of " + getFullName() + " points at a missing document");
        }
        stats.docsExamined++;
        return document;
    }

    private List<OrderedIndex> orderedIndexes() {
        return getIndexes().stream().filter(OrderedIndex.class::isInstance).map(OrderedIndex.class::cast).toList();
    }

    private static Stream<Object> stream(Iterator<Object> positions) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false);
    }

    /** What one query examined, for explain. */
    private static final class ExecutionStats {
        Optional<IndexPlan> plan = Optional.empty();
        long keysExamined;
        long docsExamined;
    }
}
