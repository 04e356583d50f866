package org.auditedrecords.common.mongo.embedded;

import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How an {@link IndexEntry} is stored in an MVStore map: a part count, then each part in H2's own object encoding.
 * The order is {@link IndexEntry#compare}, so a map with this key type is an index range scans can walk.
 */
final class IndexEntryType extends BasicDataType<IndexEntry> {
    private final ObjectDataType parts = new ObjectDataType();

    @Override
    public int compare(IndexEntry a, IndexEntry b) {
        return IndexEntry.compare(a, b);
    }

    @Override
    public int getMemory(IndexEntry entry) {
        int memory = 24;
        for (int i = 0; i < entry.size(); i++) {
            memory += parts.getMemory(entry.part(i));
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, IndexEntry entry) {
        buffer.putVarInt(entry.size());
        for (int i = 0; i < entry.size(); i++) {
            parts.write(buffer, entry.part(i));
        }
    }

    @Override
    public IndexEntry read(ByteBuffer buffer) {
        Object[] read = new Object[DataUtils.readVarInt(buffer)];
        for (int i = 0; i < read.length; i++) {
            read[i] = parts.read(buffer);
        }
        return new IndexEntry(read);
    }

    @Override
    public IndexEntry[] createStorage(int size) {
        return new IndexEntry[size];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexEntryType;
    }

    @Override
    public int hashCode() {
        return IndexEntryType.class.hashCode();
    }
}
