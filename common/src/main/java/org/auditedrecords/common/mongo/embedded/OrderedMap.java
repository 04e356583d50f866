package org.auditedrecords.common.mongo.embedded;

import java.util.Iterator;
import java.util.function.BiFunction;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The MVStore map behind an {@link OrderedIndex}, with the range walk and range count both index kinds share, and
 * the index's multikey flag in a sibling map (persisted, and like MongoDB's never cleared: once a document held an
 * array in an indexed field, one document may have several entries or, for an empty array, none).
 */
final class OrderedMap {
    private static final String MULTIKEY = "multikey";

    private final MVMap<IndexEntry, Object> map;
    private final MVMap<String, Boolean> flags;
    private volatile boolean multikey;

    private OrderedMap(MVMap<IndexEntry, Object> map, MVMap<String, Boolean> flags) {
        this.map = map;
        this.flags = flags;
        this.multikey = Boolean.TRUE.equals(flags.get(MULTIKEY));
    }

    /** Opens (or creates) the maps {@code name} and {@code name.flags}. */
    static OrderedMap open(MVStore store, String name) {
        return new OrderedMap(store.openMap(name, new MVMap.Builder<IndexEntry, Object>().keyType(new IndexEntryType())),
                store.openMap(flagsName(name)));
    }

    static String flagsName(String name) {
        return name + ".flags";
    }

    boolean multikey() {
        return multikey;
    }

    void markMultikey() {
        if (!multikey) {
            flags.put(MULTIKEY, Boolean.TRUE);
            multikey = true;
        }
    }

    MVMap<IndexEntry, Object> map() {
        return map;
    }

    /** Walks [low, high] (bounds are never stored keys), mapping each entry to the position it points at. */
    Iterator<Object> walk(IndexEntry low, IndexEntry high, boolean descending, BiFunction<IndexEntry, Object, Object> position) {
        Cursor<IndexEntry, Object> cursor = descending ? map.cursor(high, low, true) : map.cursor(low, high, false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Object next() {
                IndexEntry key = cursor.next();
                return position.apply(key, cursor.getValue());
            }
        };
    }

    long count(IndexEntry low, IndexEntry high) {
        return Math.max(0, insertionPoint(high) - insertionPoint(low));
    }

    private long insertionPoint(IndexEntry bound) {
        long index = map.getKeyIndex(bound);
        return index < 0 ? -(index + 1) : index;
    }
}
