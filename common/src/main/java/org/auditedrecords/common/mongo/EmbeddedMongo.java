package org.auditedrecords.common.mongo;

import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.auditedrecords.common.mongo.embedded.DurableStores;
import org.auditedrecords.common.mongo.embedded.IndexedH2Backend;

/**
 * An embedded MongoDB wire-protocol server for tests and local runs: in memory, or persisted to one H2 file.
 * Both use {@link IndexedH2Backend}, so queries use the declared indexes. Persisted, a write the driver sees
 * acknowledged is already on disk (see {@link Durability}): it survives the process being killed at any moment. Needs {@code de.bwaldvogel:mongo-java-server} (and its H2 backend for
 * persistence) on the class path; the deployed apps do not ship them.
 */
public final class EmbeddedMongo implements AutoCloseable {
    /**
     * Network threads of the persisted server. A connection's commands run on its thread and a flushed write
     * waits there for its flush, so this bounds how many writers can share one flush; 16 covers the apps' pools.
     */
    static final int NETWORK_THREADS = 16;

    /** What "acknowledged" means for a persisted store. */
    public enum Durability {
        /**
         * In the redo log file before the acknowledgement: survives the process being killed at any moment (the
         * operating system has the bytes), not a power loss or kernel crash, which can take the writes of the
         * last seconds. The default: durability costs almost nothing.
         */
        WRITTEN,
        /** Flushed to the device (fsync, shared by concurrent writers) before the acknowledgement: survives a power loss. */
        FLUSHED
    }

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

    /** A server persisted to {@code file} with {@link Durability#WRITTEN} writes. */
    public static EmbeddedMongo persistent(Path file, String host, int port) {
        return persistent(file, host, port, Durability.WRITTEN);
    }

    /**
     * A server persisted to {@code file} (created if missing), listening on {@code host:port} (0 = free port);
     * every acknowledged write is on disk as {@code durability} says.
     */
    public static EmbeddedMongo persistent(Path file, String host, int port, Durability durability) {
        MongoServer server = new MongoServer(DurableStores.open(file, durability == Durability.FLUSHED));
        server.bind(new InetSocketAddress(host, port), 1, NETWORK_THREADS);
        return new EmbeddedMongo(server, server.getLocalAddress());
    }

    public InetSocketAddress address() {
        return address;
    }

    /** A connection string for this server (no credentials: the embedded server has none). */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/?retryWrites=false";
    }

    /**
     * Closes client connections, then the store once no write is in flight; a failure to write the store's last
     * changes or to release its file is thrown, not swallowed.
     */
    @Override
    public void close() {
        server.shutdownNow();
    }
}
