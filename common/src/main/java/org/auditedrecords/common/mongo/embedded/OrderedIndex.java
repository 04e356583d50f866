package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.IndexKey;
import java.util.Iterator;
import java.util.List;

/**
 * An index whose entries are kept in key order in an MVStore map, so that a query planner can walk a range of it:
 * equality on leading fields, a range on the next one, and the entries of one key in position order.
 */
interface OrderedIndex {
    String getName();

    List<IndexKey> getKeys();

    /** Whether one key holds at most one document; otherwise the entry key ends with the document's position. */
    boolean isUnique();

    /** A sparse index leaves out documents without the fields, so it cannot stand for the whole collection. */
    boolean isSparse();

    /** The map the entries are kept in. */
    OrderedMap entries();

    /** Whether some document held an array in an indexed field (see {@link OrderedMap}). */
    default boolean isMultikey() {
        return entries().multikey();
    }

    /** The positions of the entries from {@code low} to {@code high} (both are {@link Bound}-terminated keys). */
    Iterator<Object> positions(IndexEntry low, IndexEntry high, boolean descending);

    /** How many entries lie between {@code low} and {@code high}, in O(log n). */
    default long count(IndexEntry low, IndexEntry high) {
        return entries().count(low, high);
    }
}
