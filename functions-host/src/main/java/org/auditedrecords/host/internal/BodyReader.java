package org.auditedrecords.host.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without holding a thread while the client is slow, and stops as soon as it grows past the
 * limit, so a chunked body of unannounced size cannot fill memory.
 */
final class BodyReader implements Runnable {
    /** The body grew past the limit; the rest was not read. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("request body too large", null, false, false);
        }
    }

    private final Content.Source source;
    private final long maxBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Content.Source source, long maxBytes) {
        this.source = source;
        this.maxBytes = maxBytes;
    }

    /** The whole body (empty when there is none), or {@link TooLargeException} beyond {@code maxBytes}. */
    static CompletableFuture<byte[]> read(Content.Source source, long maxBytes) {
        BodyReader reader = new BodyReader(source, maxBytes);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            boolean fits = body.size() + (long) buffer.remaining() <= maxBytes;
            if (fits) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                body.writeBytes(bytes);
            }
            chunk.release();
            if (!fits) {
                result.completeExceptionally(new TooLargeException());
                return;
            }
            if (chunk.isLast()) {
                result.complete(body.toByteArray());
                return;
            }
        }
    }
}
