package org.auditedrecords.audit.bench;

import com.mongodb.client.MongoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.ChainSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.CachingSecretSource;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;

/**
 * Appends per second into the audit register on the embedded store (in memory and H2 on disk), with 1 and 16
 * concurrent writers. Prints a table; run with {@code mvn -B -pl audit-api -am verify -Pbench -DskipTests}.
 */
public final class AppendBenchmark {
    private static final int TOTAL = Integer.getInteger("bench.appends", 4000);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("audit-bench");
        LocalVault vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
        vault.put("key", Keys.newKey());
        var secrets = new CachingSecretSource(vault, java.time.Duration.ofMinutes(5), Clock.systemUTC());
        System.out.printf("%-10s %8s %8s %12s %10s %10s%n", "store", "writers", "appends", "appends/s", "p50 ms", "p99 ms");
        for (String store : List.of("memory", "h2-disk")) {
            for (int writers : new int[] {1, 16}) {
                try (EmbeddedMongo server = store.equals("memory") ? EmbeddedMongo.inMemory()
                        : EmbeddedMongo.persistent(dir.resolve("store-" + writers + ".mv"), "127.0.0.1", 0);
                     MongoClient client = MongoConnections.create(server.connectionString(), "bench")) {
                    MongoAuditLedger ledger = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
                    ledger.createIndexes();
                    AuditRegister register = new AuditRegister(ledger, new ChainSigner(secrets, "key"), Clock.systemUTC(), 8);
                    register.initialize();
                    run(register, writers, 500);
                    long start = System.nanoTime();
                    long[] latencies = run(register, writers, TOTAL);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Arrays.sort(latencies);
                    System.out.printf("%-10s %8d %8d %12.0f %10.2f %10.2f%n", store, writers, TOTAL, TOTAL / seconds,
                            latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
                    if (!register.verify().intact()) {
                        throw new IllegalStateException("register not intact after the benchmark");
                    }
                }
            }
        }
    }

    private static long[] run(AuditRegister register, int writers, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                long[] times = new long[total / writers];
                for (int i = 0; i < times.length; i++) {
                    String patient = UUID.randomUUID().toString();
                    long t0 = System.nanoTime();
                    register.append(new AuditEntry("patient-api", "create", new AuditEntry.Resource("patient", patient, null),
                            patient, "attempted", new AuditEntry.Actor("integrator-1", "10.0.0.4"),
                            "0af7651916cd43dd8448eb211c80319c", null, null, null));
                    times[i] = System.nanoTime() - t0;
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            for (long t : f.get()) {
                all.add(t);
            }
        }
        pool.shutdown();
        return all.stream().mapToLong(Long::longValue).toArray();
    }
}
