package org.auditedrecords.common.mongo.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's disk file system, except that writes fail while {@link #failing} is set: a full or failing disk under MVStore,
 * with nothing written. Files are opened through it with the prefix {@code failing:}.
 */
public final class FailingFiles extends FilePathWrapper {
    static final String PREFIX = "failing:";
    static volatile boolean failing;
    static final AtomicInteger refused = new AtomicInteger();

    static {
        FilePath.register(new FailingFiles());
    }

    /** Registers the file system (when first called in a JVM), with writes succeeding. */
    static void install() {
        failing = false;
        refused.set(0);
    }

    @Override
    public String getScheme() {
        return "failing";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel channel = getBase().open(mode);
        return new FileBase() {
            @Override
            protected void implCloseChannel() throws IOException {
                channel.close();
            }

            @Override
            public long position() throws IOException {
                return channel.position();
            }

            @Override
            public FileChannel position(long position) throws IOException {
                channel.position(position);
                return this;
            }

            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return channel.read(dst);
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return channel.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                refuseIfFailing();
                return channel.write(src);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                refuseIfFailing();
                return channel.write(src, position);
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                refuseIfFailing();
                channel.truncate(size);
                return this;
            }

            @Override
            public void force(boolean metaData) throws IOException {
                channel.force(metaData);
            }

            @Override
            public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                return channel.tryLock(position, size, shared);
            }
        };
    }

    private static void refuseIfFailing() throws IOException {
        if (failing) {
            refused.incrementAndGet();
            throw new IOException("No space left on device (test)");
        }
    }
}
