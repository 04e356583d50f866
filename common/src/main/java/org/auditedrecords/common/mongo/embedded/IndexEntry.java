package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.ValueComparator;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One key of an ordered index map: the indexed values in index order (normalised as mongo-java-server normalises
 * them, so 1, 1L and 1.0 are one key), followed for a non-unique index by the document's position. Keys compare part
 * by part as the server sorts values, and a key that is a prefix of another sorts first; a search bound ends with a
 * {@link Bound} so that it sorts below or above every stored key that shares its leading parts.
 */
final class IndexEntry {
    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

    private final Object[] parts;

    IndexEntry(Object... parts) {
        this.parts = parts;
    }

    IndexEntry(List<Object> parts) {
        this(parts.toArray());
    }

    int size() {
        return parts.length;
    }

    Object part(int index) {
        return parts[index];
    }

    Object last() {
        return parts[parts.length - 1];
    }

    IndexEntry append(Object part) {
        Object[] longer = Arrays.copyOf(parts, parts.length + 1);
        longer[parts.length] = part;
        return new IndexEntry(longer);
    }

    static int compare(IndexEntry a, IndexEntry b) {
        int common = Math.min(a.parts.length, b.parts.length);
        for (int i = 0; i < common; i++) {
            int c = compareParts(a.parts[i], b.parts[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.parts.length, b.parts.length);
    }

    static int compareParts(Object a, Object b) {
        if (a instanceof Bound bound) {
            return bound.compareTo(b);
        }
        if (b instanceof Bound bound) {
            return -bound.compareTo(a);
        }
        return compareValues(a, b);
    }

    /**
     * The server's order of two stored values. Strings with strings and instants with instants (most parts: ids,
     * names, times) are compared directly, as {@link ValueComparator} compares them once it has found both in the
     * same type bracket; everything else goes through it.
     */
    static int compareValues(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        return VALUES.compare(a, b);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexEntry entry && compare(this, entry) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return Arrays.toString(parts);
    }
}
