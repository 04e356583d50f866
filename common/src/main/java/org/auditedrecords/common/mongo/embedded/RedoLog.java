package org.auditedrecords.common.mongo.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The embedded store's redo log: every command that may change data, appended in the order it was applied, in
 * segment files of one directory. A record is {@code length, CRC-32C, sequence number, BSON {db, command, body}};
 * a record cut short or corrupted by a crash ends the segment when read back. Appends and rotation are called
 * under the store's write lock; {@link #force()} may run concurrently with both.
 */
final class RedoLog implements AutoCloseable {
    /** One logged command. */
    record Entry(long seq, String database, String command, Document body) {
    }

    private static final String SUFFIX = ".redo";
    private static final int HEADER = Integer.BYTES + Integer.BYTES + Long.BYTES;

    private final Path dir;
    private volatile Segment current;
    private final List<Segment> closed = new ArrayList<>();

    /** One file of the log; {@code lastSeq} is written under the store's write lock, read at checkpoints. */
    private static final class Segment {
        final Path file;
        final FileChannel channel;
        volatile long lastSeq;

        Segment(Path file, FileChannel channel, long lastSeq) {
            this.file = file;
            this.channel = channel;
            this.lastSeq = lastSeq;
        }
    }

    private RedoLog(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a new log in {@code dir} for records from {@code nextSeq} on. Segments an earlier process left must
     * have been replayed into the store, committed, and removed with {@link #deleteAll} first.
     */
    static RedoLog open(Path dir, long nextSeq) {
        RedoLog log = new RedoLog(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the redo log directory " + dir, e);
        }
        log.current = log.newSegment(nextSeq);
        return log;
    }

    /** Removes every segment in {@code dir}: once their commands are committed to the store they are not needed. */
    static void deleteAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            for (Path file : segments(dir)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the replayed redo log in " + dir, e);
        }
    }

    /** Every intact record of every segment, oldest first. */
    static List<Entry> read(Path dir) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try {
            for (Path file : segments(dir)) {
                readSegment(Files.readAllBytes(file), entries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the redo log in " + dir, e);
        }
        return entries;
    }

    private static void readSegment(byte[] bytes, List<Entry> into) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= HEADER) {
            int length = in.getInt();
            int crc = in.getInt();
            long seq = in.getLong();
            if (length < 5 || length > in.remaining()) {
                return;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            CRC32C check = new CRC32C();
            check.update(seq(seq));
            check.update(payload);
            if ((int) check.getValue() != crc) {
                return;
            }
            Document record = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(payload));
            into.add(new Entry(seq, (String) record.get("db"), (String) record.get("command"), (Document) record.get("body")));
        }
    }

    /** Appends one record; once this returns it is in the file (it survives the process, not yet a power loss). */
    void append(long seq, String database, String command, Document body) {
        Document record = new Document("db", database).append("command", command).append("body", body);
        ByteBuf encoded = Unpooled.buffer();
        BsonEncoder.encodeDocument(record, encoded);
        byte[] payload = new byte[encoded.readableBytes()];
        encoded.readBytes(payload);
        CRC32C check = new CRC32C();
        check.update(seq(seq));
        check.update(payload);
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length);
        out.putInt(payload.length).putInt((int) check.getValue()).putLong(seq).put(payload).flip();
        Segment segment = current;
        try {
            while (out.hasRemaining()) {
                segment.channel.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the redo log " + segment.file, e);
        }
        segment.lastSeq = seq;
    }

    /**
     * Flushes the current segment to the device. A segment rotated away meanwhile was flushed before it was
     * closed, so what was appended to it is durable either way.
     */
    void force() {
        Segment segment = current;
        try {
            segment.channel.force(false);
        } catch (ClosedChannelException rotatedAway) {
            // Flushed by rotate() before it closed the channel.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush the redo log " + segment.file, e);
        }
    }

    /** Starts a new segment for records from {@code nextSeq} on; the old one is flushed and closed first. */
    void rotate(long nextSeq) {
        Segment old = current;
        try {
            old.channel.force(false);
            old.channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the redo log " + old.file, e);
        }
        closed.add(old);
        current = newSegment(nextSeq);
    }

    /** Deletes the closed segments holding nothing after {@code seq} (their commands are in the store). */
    void deleteUpTo(long seq) {
        List<Segment> done = closed.stream().filter(s -> s.lastSeq <= seq).toList();
        for (Segment segment : done) {
            try {
                Files.deleteIfExists(segment.file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the redo log segment " + segment.file, e);
            }
        }
        closed.removeAll(done);
    }

    @Override
    public void close() {
        try {
            current.channel.force(false);
            current.channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the redo log " + current.file, e);
        }
    }

    private Segment newSegment(long firstSeq) {
        Path file = dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new Segment(file, channel, firstSeq - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the redo log segment " + file, e);
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    private static byte[] seq(long seq) {
        return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
    }
}
