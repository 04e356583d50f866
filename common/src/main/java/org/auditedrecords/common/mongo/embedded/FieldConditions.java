package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the top-level conjunction of a query (its fields and any {@code $and}) says about single fields: an
 * equality with a scalar, or the bounds of a range. Everything else ({@code $or}, {@code $in}, regular expressions,
 * nulls, arrays, sub-documents) is left out: the planner narrows candidates only by what is kept here, and every
 * candidate is still checked against the whole query, so leaving a condition out can cost time but never change a
 * result.
 */
final class FieldConditions {
    /** An equality ({@code equal} set) or a range (either bound may be absent). Values are normalised. */
    record Condition(Object equal, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {
        boolean isEquality() {
            return equal != null;
        }

        boolean isRange() {
            return equal == null && (lower != null || upper != null);
        }

        /**
         * This range with one bound only. On a multikey index the two bounds may be met by different elements of
         * one array ({@code [0, 3]} matches {@code $gt: 1, $lt: 2}), so the range cannot be walked as one.
         */
        Condition oneSided() {
            return isRange() && lower != null && upper != null ? new Condition(null, lower, lowerInclusive, null, false) : this;
        }

        /** The bound a range walk starts from: just at or above the lower bound, else the bottom of the type. */
        Bound low() {
            if (isEquality()) {
                return Bound.at(equal, false);
            }
            return lower != null ? Bound.at(lower, !lowerInclusive) : Bound.aroundTypeOf(upper, false);
        }

        Bound high() {
            if (isEquality()) {
                return Bound.at(equal, true);
            }
            return upper != null ? Bound.at(upper, upperInclusive) : Bound.aroundTypeOf(lower, true);
        }

        private Condition with(String operator, Object value) {
            return switch (operator) {
                case "$eq" -> equal != null ? this : new Condition(value, null, false, null, false);
                case "$gt", "$gte" -> equal != null || lower != null ? this
                        : new Condition(null, value, operator.equals("$gte"), upper, upperInclusive);
                case "$lt", "$lte" -> equal != null || upper != null ? this
                        : new Condition(null, lower, lowerInclusive, value, operator.equals("$lte"));
                default -> this;
            };
        }
    }

    private static final Set<String> COMPARISONS = Set.of("$eq", "$gt", "$gte", "$lt", "$lte");

    private static final Condition NONE = new Condition(null, null, false, null, false);

    private final Map<String, Condition> byField = new HashMap<>();

    private FieldConditions() {
    }

    static FieldConditions of(Document query) {
        FieldConditions conditions = new FieldConditions();
        conditions.add(query);
        return conditions;
    }

    Optional<Condition> on(String field) {
        Condition condition = byField.get(field);
        return condition == null || condition == NONE ? Optional.empty() : Optional.of(condition);
    }

    /**
     * The fields {@code query} constrains, when it is a conjunction of conditions on named fields only (no top-level
     * operator but {@code $and}); empty otherwise. A query whose fields are all one field {@code f} matches a
     * document or not by the value of {@code f} alone.
     */
    static Optional<Set<String>> fieldsOf(Document query) {
        Set<String> fields = new HashSet<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$and") && entry.getValue() instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (!(part instanceof Document d) || fieldsOf(d).map(fields::addAll).isEmpty()) {
                        return Optional.empty();
                    }
                }
            } else if (entry.getKey().startsWith("$")) {
                return Optional.empty();
            } else {
                fields.add(entry.getKey());
            }
        }
        return Optional.of(fields);
    }

    /**
     * The branches of each {@code $or} in the top-level conjunction of {@code query} (its own, and those of its
     * {@code $and}s). A document the query matches matches some branch of every one of them.
     */
    static List<List<Document>> disjunctions(Document query) {
        List<List<Document>> found = new ArrayList<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$or") && entry.getValue() instanceof Collection<?> branches
                    && branches.stream().allMatch(Document.class::isInstance)) {
                found.add(branches.stream().map(Document.class::cast).toList());
            } else if (entry.getKey().equals("$and") && entry.getValue() instanceof Collection<?> parts) {
                parts.stream().filter(Document.class::isInstance).map(Document.class::cast)
                        .forEach(part -> found.addAll(disjunctions(part)));
            }
        }
        return found;
    }

    /**
     * Whether every condition of {@code query} compares a field with a scalar an index orders exactly ({@code $eq},
     * {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}, or a bare value): whether it matches a document then
     * depends only on the compared values, so documents with equal values (1 and 1.0 included) match alike.
     */
    static boolean comparesValuesOnly(Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            Object value = entry.getValue();
            boolean compares;
            if (entry.getKey().equals("$and") && value instanceof Collection<?> parts) {
                compares = parts.stream().allMatch(p -> p instanceof Document d && comparesValuesOnly(d));
            } else if (value instanceof Document operators) {
                compares = !entry.getKey().startsWith("$") && !operators.isEmpty() && operators.entrySet().stream()
                        .allMatch(o -> COMPARISONS.contains(o.getKey()) && isIndexable(o.getValue()));
            } else {
                compares = !entry.getKey().startsWith("$") && isIndexable(value);
            }
            if (!compares) {
                return false;
            }
        }
        return true;
    }

    /**
     * The values {@code query} pins its fields to, normalised, when it says nothing else: every condition is an
     * equality with a scalar an index orders exactly ({@code {f: v}} or {@code {f: {$eq: v}}}), each field once.
     * Such a query matches exactly the documents whose index key on those fields is those values (on an index
     * that holds no arrays), so the entries can be counted without reading a document.
     */
    static Optional<Map<String, Object>> equalitiesOnly(Document query) {
        Map<String, Object> equal = new HashMap<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Document operators && operators.size() == 1 && operators.containsKey("$eq")) {
                value = operators.get("$eq");
            }
            if (entry.getKey().startsWith("$") || !isIndexable(value) || equal.put(entry.getKey(), normalise(value)) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(equal);
    }

    private void add(Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (key.equals("$and") && value instanceof Collection<?> parts) {
                parts.stream().filter(Document.class::isInstance).map(Document.class::cast).forEach(this::add);
            } else if (!key.startsWith("$")) {
                addField(key, value);
            }
        }
    }

    private void addField(String field, Object value) {
        if (isIndexable(value)) {
            byField.merge(field, NONE.with("$eq", normalise(value)), FieldConditions::first);
        } else if (value instanceof Document operators && !operators.isEmpty()
                && operators.keySet().stream().allMatch(k -> k.startsWith("$"))) {
            Condition condition = byField.getOrDefault(field, NONE);
            for (Map.Entry<String, Object> operator : operators.entrySet()) {
                if (isIndexable(operator.getValue())) {
                    condition = condition.with(operator.getKey(), normalise(operator.getValue()));
                }
            }
            byField.put(field, condition);
        }
    }

    private static Condition first(Condition existing, Condition added) {
        return existing == NONE ? added : existing;
    }

    /** Scalars whose order and equality in an index are exactly the matcher's. */
    private static boolean isIndexable(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Instant
                || value instanceof Boolean || value instanceof ObjectId;
    }

    /** As mongo-java-server normalises indexed values: every number that a double holds exactly becomes one. */
    private static Object normalise(Object value) {
        if (value instanceof Long l && l != (long) l.doubleValue()) {
            return l;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == 0.0 ? 0.0 : d;
        }
        return value;
    }
}
