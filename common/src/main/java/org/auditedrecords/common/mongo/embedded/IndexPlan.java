package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.auditedrecords.common.mongo.embedded.FieldConditions.Condition;

/**
 * How one query is answered from one index: the range of entries to walk, in which direction, and whether walking
 * it yields the documents already in the requested sort order (then a limited query stops after {@code limit}
 * matches). A plan's candidates are a superset of the query's matches; the collection checks each one.
 *
 * @param estimate the number of index entries in the range, counted in O(log n)
 */
record IndexPlan(OrderedIndex index, IndexEntry low, IndexEntry high, boolean descending, boolean servesSort,
                 long estimate) {

    /** One field of a sort specification. */
    record SortField(String field, boolean ascending) {
        /** The fields of {@code orderBy}, or empty when it has one the index walk cannot stand for. */
        static Optional<List<SortField>> of(Document orderBy) {
            List<SortField> fields = new ArrayList<>();
            if (orderBy != null) {
                for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
                    if (!(entry.getValue() instanceof Number direction) || entry.getKey().startsWith("$")) {
                        return Optional.empty();
                    }
                    fields.add(new SortField(entry.getKey(), direction.doubleValue() > 0));
                }
            }
            return Optional.of(fields);
        }
    }

    /**
     * The plan that walks the fewest entries (a plan that serves the sort wins a tie), if any index is narrowed by
     * the query or serves its sort.
     *
     * @param sort the requested order, or empty when it cannot be served from any index
     */
    static Optional<IndexPlan> choose(List<OrderedIndex> indexes, FieldConditions conditions,
                                      Optional<List<SortField>> sort, String idField) {
        return indexes.stream()
                .map(index -> plan(index, conditions, sort, idField))
                .flatMap(Optional::stream)
                .min(Comparator.comparingLong(IndexPlan::estimate).thenComparing(plan -> !plan.servesSort()));
    }

    /**
     * For a query with an {@code $or} each of whose branches an index narrows: one plan per branch, whose
     * candidates together hold every match (the query matches only documents one branch matches). Of several such
     * {@code $or}s, the one whose plans walk the fewest entries.
     */
    static Optional<List<IndexPlan>> union(List<OrderedIndex> indexes, Document query, String idField) {
        List<IndexPlan> best = null;
        for (List<Document> branches : FieldConditions.disjunctions(query)) {
            List<IndexPlan> plans = new ArrayList<>();
            for (Document branch : branches) {
                Optional<IndexPlan> plan = choose(indexes, FieldConditions.of(branch), Optional.empty(), idField);
                if (plan.isEmpty()) {
                    plans = null;
                    break;
                }
                plans.add(plan.get());
            }
            if (plans != null && !plans.isEmpty() && (best == null || totalEstimate(plans) < totalEstimate(best))) {
                best = plans;
            }
        }
        return Optional.ofNullable(best);
    }

    static long totalEstimate(List<IndexPlan> plans) {
        return plans.stream().mapToLong(IndexPlan::estimate).sum();
    }

    private static Optional<IndexPlan> plan(OrderedIndex index, FieldConditions conditions,
                                            Optional<List<SortField>> sort, String idField) {
        List<IndexKey> keys = index.getKeys();
        if (index.isSparse() || keys.stream().anyMatch(key -> !key.isAscending())) {
            return Optional.empty();
        }
        List<Object> equal = new ArrayList<>();
        List<String> constant = new ArrayList<>();
        int fields = 0;
        while (fields < keys.size()) {
            Optional<Condition> condition = conditions.on(keys.get(fields).getKey()).filter(Condition::isEquality);
            if (condition.isEmpty()) {
                break;
            }
            equal.add(condition.get().equal());
            constant.add(keys.get(fields).getKey());
            fields++;
        }
        // After the equal fields, entries are ordered by the remaining fields and then (non-unique) the position.
        List<String> order = new ArrayList<>(keys.subList(fields, keys.size()).stream().map(IndexKey::getKey).toList());
        if (!index.isUnique()) {
            order.add(idField);
        }
        Optional<Condition> range = order.isEmpty() ? Optional.empty()
                : conditions.on(order.get(0)).filter(c -> c.isRange() || order.get(0).equals(idField))
                        .map(c -> index.isMultikey() ? c.oneSided() : c);
        boolean narrowed = fields > 0 || range.isPresent();
        if (index.isMultikey() && fields + (range.isPresent() ? 1 : 0) < keys.size()) {
            // A document whose indexed array is empty has no entry: only a condition on every field excludes it too.
            return Optional.empty();
        }
        boolean servesSort = !index.isMultikey() && sort.map(s -> serves(s, constant, order)).orElse(false);
        if (!narrowed && !servesSort) {
            return Optional.empty();
        }
        IndexEntry low;
        IndexEntry high;
        if (range.isPresent()) {
            low = new IndexEntry(equal).append(range.get().low());
            high = new IndexEntry(equal).append(range.get().high());
        } else if (fields > 0) {
            List<Object> leading = equal.subList(0, fields - 1);
            low = new IndexEntry(leading).append(Bound.at(equal.get(fields - 1), false));
            high = new IndexEntry(leading).append(Bound.at(equal.get(fields - 1), true));
        } else {
            low = new IndexEntry(Bound.LOWEST);
            high = new IndexEntry(Bound.HIGHEST);
        }
        boolean descending = servesSort && sort.get().stream().filter(s -> !constant.contains(s.field()))
                .findFirst().map(s -> !s.ascending()).orElse(false);
        return Optional.of(new IndexPlan(index, low, high, descending, servesSort, index.count(low, high)));
    }

    /**
     * Whether walking entries in {@code order} (or its reverse) is the requested sort: after dropping the fields the
     * query pins to one value, the sort must begin with all of {@code order}, in one direction. {@code order} ends
     * with a unique key or the position, so no two documents tie and what follows in the sort cannot matter.
     */
    private static boolean serves(List<SortField> sort, List<String> constant, List<String> order) {
        List<SortField> rest = sort.stream().filter(s -> !constant.contains(s.field())).toList();
        if (order.isEmpty()) {
            return true;
        }
        if (rest.size() < order.size()) {
            return false;
        }
        for (int i = 0; i < order.size(); i++) {
            if (!rest.get(i).field().equals(order.get(i)) || rest.get(i).ascending() != rest.get(0).ascending()) {
                return false;
            }
        }
        return true;
    }

    /** The plan as MongoDB's explain names it. */
    Document describe() {
        Document fetch = new Document("stage", "FETCH").append("inputStage", scan());
        return servesSort ? fetch : new Document("stage", "SORT").append("inputStage", fetch);
    }

    /** A union of plans as MongoDB's explain names it: the branches' scans under an OR, then a sort. */
    static Document describeUnion(List<IndexPlan> union) {
        Document or = new Document("stage", "OR").append("inputStages", union.stream().map(IndexPlan::scan).toList());
        return new Document("stage", "SORT").append("inputStage", new Document("stage", "FETCH").append("inputStage", or));
    }

    private Document scan() {
        Document keyPattern = new Document();
        index.getKeys().forEach(key -> keyPattern.append(key.getKey(), key.isAscending() ? 1 : -1));
        return new Document("stage", "IXSCAN").append("indexName", index.getName())
                .append("keyPattern", keyPattern).append("isMultiKey", index.isMultikey())
                .append("direction", descending ? "backward" : "forward");
    }
}
