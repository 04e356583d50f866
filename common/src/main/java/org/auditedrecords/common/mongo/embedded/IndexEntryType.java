package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How an {@link IndexEntry} is stored in an MVStore map: a part count, then each part as a tag and its value.
 * Instants (every indexed time) and the server's {@link Missing} have their own tags; everything else is in H2's
 * own object encoding, which writes strings and numbers natively but any other class with Java serialization, and
 * that was a fifth of an insert-heavy run's CPU (each checkpoint writes every index page a write touched). The
 * order is {@link IndexEntry#compare}, so a map with this key type is an index range scans can walk.
 */
final class IndexEntryType extends StoredType<IndexEntry> {
    private static final byte OBJECT = 0;
    private static final byte INSTANT = 1;
    private static final byte MISSING = 2;

    private final ObjectDataType parts = new ObjectDataType();

    IndexEntryType() {
        super(IndexEntry[]::new);
    }

    @Override
    public int compare(IndexEntry a, IndexEntry b) {
        return IndexEntry.compare(a, b);
    }

    @Override
    public int getMemory(IndexEntry entry) {
        int memory = 24;
        for (int i = 0; i < entry.size(); i++) {
            Object part = entry.part(i);
            memory += part instanceof Instant || part instanceof Missing ? 24 : parts.getMemory(part);
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, IndexEntry entry) {
        buffer.putVarInt(entry.size());
        for (int i = 0; i < entry.size(); i++) {
            Object part = entry.part(i);
            if (part instanceof Instant instant) {
                buffer.put(INSTANT).putVarLong(instant.getEpochSecond()).putVarInt(instant.getNano());
            } else if (part instanceof Missing) {
                buffer.put(MISSING);
            } else {
                buffer.put(OBJECT);
                parts.write(buffer, part);
            }
        }
    }

    @Override
    public IndexEntry read(ByteBuffer buffer) {
        Object[] read = new Object[DataUtils.readVarInt(buffer)];
        for (int i = 0; i < read.length; i++) {
            byte tag = buffer.get();
            read[i] = switch (tag) {
                case INSTANT -> Instant.ofEpochSecond(DataUtils.readVarLong(buffer), DataUtils.readVarInt(buffer));
                case MISSING -> Missing.getInstance();
                case OBJECT -> parts.read(buffer);
                default -> throw new IllegalStateException("Unknown index entry part tag " + tag);
            };
        }
        return new IndexEntry(read);
    }
}
