package org.auditedrecords.common.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.auditedrecords.common.mongo.embedded.IndexedH2Backend;

/**
 * An embedded MongoDB wire-protocol server for tests and local runs: in memory, or persisted to one H2 file so
 * that acknowledged writes survive a restart. Both use {@link IndexedH2Backend}, so queries use the declared
 * indexes. Needs {@code de.bwaldvogel:mongo-java-server} and its H2 backend on the class path; the deployed apps do
 * not ship them.
 */
public final class EmbeddedMongo implements AutoCloseable {
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** An in-memory server on a free port of 127.0.0.1. */
    public static EmbeddedMongo inMemory() {
        MongoServer server = new MongoServer(IndexedH2Backend.inMemory());
        return new EmbeddedMongo(server, server.bind());
    }

    /** A server persisted to {@code file} (created if missing), listening on {@code host:port} (0 = free port). */
    public static EmbeddedMongo persistent(Path file, String host, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory for " + file, e);
        }
        MongoServer server = new MongoServer(new IndexedH2Backend(file.toString()));
        server.bind(host, port);
        return new EmbeddedMongo(server, server.getLocalAddress());
    }

    public InetSocketAddress address() {
        return address;
    }

    /** A connection string for this server (no credentials: the embedded server has none). */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/?retryWrites=false";
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
