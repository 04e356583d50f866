package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;

/**
 * How a stored document is kept in its MVStore map: as BSON (a length, then the document as the wire protocol
 * encodes it), where the stock backend uses Java serialization. The documents reached the server as BSON, so
 * every value they hold encodes back to itself. Serializing is what each checkpoint does for every document
 * written since the last one, inside the durable store's write lock, and what a read of a page not in the cache
 * undoes: BSON is several times faster and smaller at both.
 */
final class DocumentType extends StoredType<Document> {
    /** A running average of encoded sizes, as H2 keeps for serialized objects: MVStore sizes its pages with it. */
    private volatile int averageSize = 512;

    DocumentType() {
        super(Document[]::new);
    }

    @Override
    public int getMemory(Document document) {
        return averageSize;
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf encoded = Unpooled.buffer(averageSize + 64);
        try {
            BsonEncoder.encodeDocument(document, encoded);
            int size = encoded.readableBytes();
            averageSize = (int) ((size + 15L * averageSize) / 16);
            buffer.putVarInt(size);
            buffer.put(encoded.array(), encoded.arrayOffset() + encoded.readerIndex(), size);
        } finally {
            encoded.release();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        byte[] encoded = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(encoded);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(encoded));
    }
}
