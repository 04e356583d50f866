package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * before the sort, which is stable like the scan's. An {@code $or} whose branches indexes narrow is the union of
 * the branches' candidates, when that walks fewer entries. Queries no index narrows are collection scans. Counts
 * and distinct values are read off an index where the filter allows it ({@link #countFromIndex},
 * {@link #handleDistinct}).
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
        return explained(winningPlan(stats), returned, stats);
    }

    /** The {@code explain} of a {@code countDocuments}: a count scan of an index when it can be one. */
    synchronized Document explainCount(Document filter) {
        Optional<IndexCount> counted = countFromIndex(filter);
        ExecutionStats stats = new ExecutionStats();
        if (counted.isPresent()) {
            return explained(new Document("stage", "COUNT_SCAN").append("indexName", counted.get().index()), 1, stats);
        }
        run(filter, null, 0, 0, 0, null, stats).collectDocuments();
        return explained(new Document("stage", "COUNT").append("inputStage", winningPlan(stats)), 1, stats);
    }

    /** The {@code explain} of a distinct command: a distinct scan of an index when it can be one. */
    synchronized Document explainDistinct(Document distinct) {
        ExecutionStats stats = new ExecutionStats();
        Optional<OrderedIndex> index = distinctIndex(distinct);
        if (index.isEmpty()) {
            super.handleDistinct(distinct);
            stats.docsExamined = count();
            return explained(new Document("stage", "COLLSCAN"), 0, stats);
        }
        int returned = distinctScan(index.get(), distinct, stats).size();
        return explained(new Document("stage", "DISTINCT_SCAN").append("indexName", index.get().getName()), returned, stats);
    }

    private static Document winningPlan(ExecutionStats stats) {
        if (!stats.union.isEmpty()) {
            return IndexPlan.describeUnion(stats.union);
        }
        return stats.plan.map(IndexPlan::describe).orElse(new Document("stage", "COLLSCAN"));
    }

    private Document explained(Document winningPlan, int returned, ExecutionStats stats) {
        return new Document("queryPlanner", new Document("namespace", getFullName()).append("winningPlan", winningPlan))
                .append("executionStats", new Document("executionSuccess", true).append("nReturned", returned)
                        .append("totalKeysExamined", stats.keysExamined).append("totalDocsExamined", stats.docsExamined))
                .append("ok", 1.0);
    }

    /** A count read off an index. */
    record IndexCount(String index, long count) {
    }

    /**
     * The number of documents {@code filter} matches, read off an index in O(log n) when the filter only pins the
     * leading fields of an index that holds no arrays to scalars (a shard or log count, say); empty when it says
     * anything else, and the count must be computed by matching documents.
     */
    synchronized Optional<IndexCount> countFromIndex(Document filter) {
        Optional<Map<String, Object>> equal = FieldConditions.equalitiesOnly(filter);
        if (equal.isEmpty()) {
            return Optional.empty();
        }
        if (equal.get().isEmpty()) {
            return Optional.of(new IndexCount(getIdField(), count()));
        }
        for (OrderedIndex index : orderedIndexes()) {
            List<IndexKey> keys = index.getKeys();
            int fields = equal.get().size();
            if (index.isSparse() || index.isMultikey() || keys.size() < fields
                    || !keys.subList(0, fields).stream().allMatch(k -> k.isAscending() && equal.get().containsKey(k.getKey()))) {
                continue;
            }
            List<Object> leading = keys.subList(0, fields - 1).stream().map(k -> equal.get().get(k.getKey())).toList();
            Object last = equal.get().get(keys.get(fields - 1).getKey());
            return Optional.of(new IndexCount(index.getName(), index.count(new IndexEntry(leading).append(Bound.at(last, false)),
                    new IndexEntry(leading).append(Bound.at(last, true)))));
        }
        return Optional.empty();
    }

    /**
     * Distinct values of a field that leads an index holding no arrays, found by skipping from one key to the next
     * (a distinct scan: one lookup and one document per value, not a read of every document), when the filter only
     * compares that field with scalars, so that any document of a key decides whether its value is in the result.
     * The values, their order and their types are the collection scan's. Anything else is the server's distinct.
     */
    @Override
    public synchronized Document handleDistinct(Document query) {
        Optional<OrderedIndex> index = distinctIndex(query);
        if (index.isEmpty()) {
            return super.handleDistinct(query);
        }
        Document response = new Document("values", distinctScan(index.get(), query, new ExecutionStats()));
        Utils.markOkay(response);
        return response;
    }

    private Optional<OrderedIndex> distinctIndex(Document distinct) {
        String key = (String) distinct.get("key");
        Document filter = (Document) distinct.getOrDefault("query", new Document());
        return FieldConditions.fieldsOf(filter)
                .filter(fields -> fields.isEmpty() || fields.equals(Set.of(key)) && FieldConditions.comparesValuesOnly(filter))
                .flatMap(fields -> orderedIndexes().stream()
                        .filter(i -> !i.isSparse() && !i.isMultikey() && i.getKeys().get(0).getKey().equals(key)
                                && i.getKeys().get(0).isAscending())
                        .findFirst());
    }

    private List<Object> distinctScan(OrderedIndex index, Document distinct, ExecutionStats stats) {
        String key = (String) distinct.get("key");
        Document filter = (Document) distinct.getOrDefault("query", new Document());
        Set<Object> values = new TreeSet<>(ValueComparator.ascWithoutListHandling());
        MVMap<IndexEntry, Object> entries = index.entries().map();
        IndexEntry next = entries.isEmpty() ? null : entries.firstKey();
        while (next != null) {
            stats.keysExamined++;
            Object keyValue = next.part(0);
            Iterator<Object> positions = index.positions(new IndexEntry(Bound.at(keyValue, false)),
                    new IndexEntry(Bound.at(keyValue, true)), false);
            // The filter only compares values, so one document of a key decides for all of them. A string or an
            // instant is its own key; other values share a key with equal values of other types (1 and 1.0), so
            // the document that decides is the first in the scan's order, whose value is the one the scan keeps.
            if (!(keyValue instanceof String || keyValue instanceof Instant)) {
                TreeSet<Object> scanOrder = new TreeSet<>(dataMap.getKeyType());
                positions.forEachRemaining(scanOrder::add);
                positions = scanOrder.iterator();
            }
            while (positions.hasNext()) {
                Document document = fetch(positions.next(), stats);
                Object value = Utils.getSubdocumentValueCollectionAware(document, key);
                if (!(value instanceof Missing)) {
                    if (documentMatchesQuery(document, filter)) {
                        values.add(value);
                    }
                    break;
                }
            }
            next = entries.higherKey(new IndexEntry(Bound.at(keyValue, true)));
        }
        return new ArrayList<>(values);
    }

    private QueryResult run(Document query, Document orderBy, int skip, int limit, int batchSize, Document fieldSelector,
                            ExecutionStats stats) {
        boolean planned = getIdField() != null && !isNaturalDescending(orderBy);
        stats.plan = planned ? IndexPlan.choose(orderedIndexes(), FieldConditions.of(query), SortField.of(orderBy), getIdField())
                : Optional.empty();
        Optional<List<IndexPlan>> union = planned ? IndexPlan.union(orderedIndexes(), query, getIdField()) : Optional.empty();
        if (union.isPresent() && IndexPlan.totalEstimate(union.get()) < stats.plan.map(IndexPlan::estimate).orElse(Long.MAX_VALUE)) {
            stats.plan = Optional.empty();
            stats.union = union.get();
            TreeSet<Object> scanOrder = new TreeSet<>(dataMap.getKeyType());
            for (IndexPlan branch : union.get()) {
                branch.index().positions(branch.low(), branch.high(), false).forEachRemaining(position -> {
                    stats.keysExamined++;
                    scanOrder.add(position);
                });
            }
            return matchDocumentsFromStream(scanOrder.stream().map(p -> fetch(p, stats)), query, orderBy, skip, limit,
                    batchSize, fieldSelector);
        }
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
        List<IndexPlan> union = List.of();
        long keysExamined;
        long docsExamined;
    }
}
