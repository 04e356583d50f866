package org.auditedrecords.common.mongo.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.bson.Document;

/**
 * What durability costs the embedded store: inserts of audit-record-sized documents through the driver at 1, 8
 * and 16 writers, on upstream mongo-java-server's H2 backend (auto-commit every second: NOT durable, today's
 * baseline) and on the durable store, written (survives a killed process) and flushed (survives a power loss).
 * Prints one table; run with {@code mvn -B -pl common verify -Pbench -DskipTests}. Loopback only, bounded.
 */
public final class StoreDurabilityBenchmark {
    private static final int TOTAL = Integer.getInteger("bench.inserts", 8000);
    private static final int WARM_UP = 1000;

    private StoreDurabilityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("store-bench");
        System.out.printf("%-22s %8s %9s %10s %9s %9s%n", "store", "writers", "inserts", "inserts/s", "p50 ms", "p99 ms");
        for (int writers : new int[] {1, 8, 16}) {
            for (String store : List.of("h2-upstream (1 s)", "durable WRITTEN", "durable FLUSHED")) {
                Path file = dir.resolve(UUID.randomUUID() + ".mv");
                try (Server server = open(store, file);
                     MongoClient client = MongoConnections.create(server.connectionString(), "bench")) {
                    MongoCollection<Document> records = client.getDatabase("bench").getCollection("records");
                    run(records, writers, WARM_UP);
                    long start = System.nanoTime();
                    long[] latencies = run(records, writers, TOTAL);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Arrays.sort(latencies);
                    System.out.printf("%-22s %8d %9d %10.0f %9.2f %9.2f%n", store, writers, latencies.length,
                            latencies.length / seconds, latencies[latencies.length / 2] / 1e6,
                            latencies[(int) (latencies.length * 0.99)] / 1e6);
                }
            }
        }
    }

    private interface Server extends AutoCloseable {
        String connectionString();

        @Override
        void close();
    }

    private static Server open(String store, Path file) {
        if (store.startsWith("h2-upstream")) {
            MongoServer upstream = new MongoServer(new H2Backend(file.toString()));
            String uri = "mongodb://127.0.0.1:" + upstream.bind().getPort() + "/?retryWrites=false";
            return new Server() {
                public String connectionString() {
                    return uri;
                }

                public void close() {
                    upstream.shutdownNow();
                }
            };
        }
        EmbeddedMongo durable = EmbeddedMongo.persistent(file, "127.0.0.1", 0,
                store.endsWith("FLUSHED") ? EmbeddedMongo.Durability.FLUSHED : EmbeddedMongo.Durability.WRITTEN);
        return new Server() {
            public String connectionString() {
                return durable.connectionString();
            }

            public void close() {
                durable.close();
            }
        };
    }

    private static long[] run(MongoCollection<Document> records, int writers, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    long[] times = new long[total / writers];
                    for (int i = 0; i < times.length; i++) {
                        Document record = new Document("_id", UUID.randomUUID().toString())
                                .append("recordedAt", new java.util.Date()).append("sourceSystemName", "patient-api")
                                .append("action", "create").append("outcome", "attempted")
                                .append("resource", new Document("type", "patient").append("id", UUID.randomUUID().toString()))
                                .append("actor", new Document("clientId", "integrator-1").append("address", "10.0.0.4"))
                                .append("correlationId", "0af7651916cd43dd8448eb211c80319c");
                        long t0 = System.nanoTime();
                        records.insertOne(record);
                        times[i] = System.nanoTime() - t0;
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                for (long t : future.get()) {
                    all.add(t);
                }
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            pool.shutdown();
        }
    }
}
