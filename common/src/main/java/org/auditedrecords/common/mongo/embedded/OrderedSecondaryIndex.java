package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * A non-unique index, which mongo-java-server itself only pretends to create. One map entry per document and key
 * value (several for an array: a multikey index), whose key is the values followed by the document's position, so
 * the documents of one key come in position ({@code _id}) order. It is maintained inside the collection's write
 * methods, so one write's data and index changes land in the store together.
 */
final class OrderedSecondaryIndex extends Index<Object> implements OrderedIndex {
    private static final Object PRESENT = Boolean.TRUE;

    private final OrderedMap entries;
    private final String idField;

    OrderedSecondaryIndex(OrderedMap entries, String name, List<IndexKey> keys, boolean sparse, String idField) {
        super(name, keys, sparse);
        this.entries = entries;
        this.idField = idField;
    }

    /** Not a positional index: the collection learns positions from its unique {@code _id} index. */
    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        getKeyValues(document);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        if (skips(document)) {
            return;
        }
        if (holdsArray(this, document)) {
            entries.markMultikey();
        }
        for (KeyValue values : getKeyValues(document)) {
            entries.map().put(entry(values, position), PRESENT);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = Missing.ofNullable(Utils.getSubdocumentValue(document, idField));
        if (!skips(document)) {
            for (KeyValue values : getKeyValues(document)) {
                entries.map().remove(entry(values, position));
            }
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        getKeyValues(newDocument);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }
    }

    /** The server's own planner never picks this index; {@link IndexedH2Collection}'s does. */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("planned by IndexedH2Collection");
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
    public void drop() {
        entries.map().clear();
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
        return entries.walk(low, high, descending, (key, present) -> key.last());
    }

    private boolean skips(Document document) {
        return isSparse() && keys().stream().allMatch(key -> Utils.getSubdocumentValue(document, key) instanceof Missing);
    }

    /** Whether {@code document} holds an array on the path of one of {@code index}'s fields. */
    static boolean holdsArray(Index<?> index, Document document) {
        return index.getKeys().stream()
                .anyMatch(key -> Utils.getSubdocumentValueCollectionAware(document, key.getKey()) instanceof Collection);
    }

    private static IndexEntry entry(KeyValue values, Object position) {
        return new IndexEntry(values.stream().toList()).append(position);
    }
}
