package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;

/**
 * A unique index (the {@code _id} index among them) kept in key order: the uniqueness rules are mongo-java-server's
 * own, the map is ordered so ranges and sorts can be served from it. Entry key: the indexed values; value: the
 * document's position.
 */
final class OrderedUniqueIndex extends AbstractUniqueIndex<Object> implements OrderedIndex {
    private final OrderedMap entries;

    OrderedUniqueIndex(OrderedMap entries, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        super.add(document, position, collection);
        if (OrderedSecondaryIndex.holdsArray(this, document)) {
            entries.markMultikey();
        }
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return entries.map().remove(new IndexEntry(keyValue.stream().toList()));
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return entries.map().putIfAbsent(new IndexEntry(keyValue.stream().toList()), Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return () -> entries.map().entrySet().stream()
                .map(e -> (Entry<KeyValue, Object>) new SimpleImmutableEntry<>(toKeyValue(e.getKey()), e.getValue()))
                .iterator();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return entries.map().get(new IndexEntry(keyValue.stream().toList()));
    }

    @Override
    public long getCount() {
        return entries.map().sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public boolean isSparse() {
        return super.isSparse();
    }

    @Override
    public OrderedMap entries() {
        return entries;
    }

    @Override
    public Iterator<Object> positions(IndexEntry low, IndexEntry high, boolean descending) {
        return entries.walk(low, high, descending, (key, position) -> position);
    }

    private static KeyValue toKeyValue(IndexEntry entry) {
        Object[] values = new Object[entry.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = entry.part(i);
        }
        return new KeyValue(values);
    }
}
