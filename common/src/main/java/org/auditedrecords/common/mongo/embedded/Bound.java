package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/**
 * The last part of a key that delimits an index range; never stored. It sorts just below or just above one value,
 * or one BSON type bracket (MongoDB compares {@code $gt: "m"} only with strings, so "above m" ends where the strings
 * end), or everything. Because it never equals a stored part, a range between two bounds is exactly the stored keys
 * that lie between them.
 */
final class Bound {
    static final Bound LOWEST = new Bound(null, Integer.MIN_VALUE, false, true);
    static final Bound HIGHEST = new Bound(null, Integer.MAX_VALUE, true, true);

    private final Object value;
    private final int typeOrder;
    private final boolean above;
    private final boolean wholeType;

    private Bound(Object value, int typeOrder, boolean above, boolean wholeType) {
        this.value = value;
        this.typeOrder = typeOrder;
        this.above = above;
        this.wholeType = wholeType;
    }

    /** Just below {@code value} when {@code above} is false, else just above it. */
    static Bound at(Object value, boolean above) {
        return new Bound(value, typeOrder(value), above, false);
    }

    /** Below every value of {@code value}'s type bracket when {@code above} is false, else above every one. */
    static Bound aroundTypeOf(Object value, boolean above) {
        return new Bound(null, typeOrder(value), above, true);
    }

    /** Negative when this bound sorts before {@code other}, positive after; zero only for an equal bound. */
    int compareTo(Object other) {
        if (other instanceof Bound bound) {
            int c = Integer.compare(typeOrder, bound.typeOrder);
            if (c == 0 && !wholeType && !bound.wholeType) {
                c = IndexEntry.compareValues(value, bound.value);
            }
            if (c == 0) {
                c = Integer.compare(rank(), bound.rank());
            }
            return c;
        }
        int c = Integer.compare(typeOrder, typeOrder(other));
        if (c == 0 && !wholeType) {
            c = IndexEntry.compareValues(value, other);
        }
        if (c != 0) {
            return c;
        }
        return above ? 1 : -1;
    }

    private int rank() {
        return wholeType ? (above ? 2 : -2) : (above ? 1 : -1);
    }

    /** The BSON comparison order of types, as mongo-java-server's ValueComparator sorts them. */
    static int typeOrder(Object value) {
        if (value instanceof MinKey) {
            return 0;
        }
        if (Missing.isNullOrMissing(value)) {
            return 1;
        }
        if (value instanceof Number) {
            return 2;
        }
        if (value instanceof String) {
            return 3;
        }
        if (value instanceof Document) {
            return 4;
        }
        if (value instanceof Collection) {
            return 5;
        }
        if (value instanceof BinData) {
            return 6;
        }
        if (value instanceof LegacyUUID) {
            return 7;
        }
        if (value instanceof UUID) {
            return 8;
        }
        if (value instanceof ObjectId) {
            return 9;
        }
        if (value instanceof Boolean) {
            return 10;
        }
        if (value instanceof Instant) {
            return 11;
        }
        if (value instanceof BsonTimestamp) {
            return 12;
        }
        if (value instanceof BsonRegularExpression) {
            return 13;
        }
        if (value instanceof MaxKey) {
            return 14;
        }
        return 15;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bound bound && compareTo(bound) == 0;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(typeOrder);
    }

    @Override
    public String toString() {
        return (above ? "above " : "below ") + (wholeType ? "type " + typeOrder : String.valueOf(value));
    }
}
