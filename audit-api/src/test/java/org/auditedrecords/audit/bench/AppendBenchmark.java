package org.auditedrecords.audit.bench;

import com.mongodb.client.MongoClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.bench.ClosedLoop;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;

/**
 * The register's figures on the embedded store: appends per second (1 and 16 writers, in memory and H2 on disk),
 * the time to cut a checkpoint (which with the checkpoint interval bounds the unsealed tail), and verification:
 * records verified per second and latency at growing register sizes. Prints tables; run with
 * {@code mvn -B -pl audit-api -am verify -Pbench -DskipTests}. {@code -Dbench.verify.sizes=1000,100000,1000000}
 * sets the sizes (the default stops at 100,000 to keep the run short); {@code -Dbench.verifyOnly=true} skips the appends table;
 * {@code -Dbench.verify.store=h2-disk} verifies through the durable on-disk store (the local stack's) instead of the
 * in-memory one.
 */
public final class AppendBenchmark {
    private static final int TOTAL = Integer.getInteger("bench.appends", 4000);
    private static final String KEY = "audit-checkpoint-key";

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("audit-bench");
        LocalVault vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
        if (!Boolean.getBoolean("bench.verifyOnly")) {
            appends(dir, vault);
        }
        verification(dir, vault);
    }

    private static void appends(Path dir, LocalVault vault) throws Exception {
        System.out.printf("%-10s %8s %8s %12s %10s %10s %14s %14s%n", "store", "writers", "appends", "appends/s", "p50 ms",
                "p99 ms", "CPU us/append", "seal ms");
        for (String store : List.of("memory", "h2-disk")) {
            for (int writers : new int[] {1, 8, 16}) {
                try (EmbeddedMongo server = store.equals("memory") ? EmbeddedMongo.inMemory()
                        : EmbeddedMongo.persistent(dir.resolve("store-" + writers + ".mv"), "127.0.0.1", 0);
                     MongoClient client = MongoConnections.create(server.connectionString(), "bench")) {
                    AuditRegister register = register(client, vault, dir.resolve("witness-" + store + writers));
                    run(register, writers, 500);
                    register.seal();
                    long cpuStart = processCpuNanos();
                    ClosedLoop.Figures f = run(register, writers, TOTAL);
                    double cpuMicros = (processCpuNanos() - cpuStart) / 1e3 / f.calls();
                    long sealStart = System.nanoTime();
                    register.seal();
                    double sealMs = (System.nanoTime() - sealStart) / 1e6;
                    System.out.printf("%-10s %8d %8d %12.0f %10.2f %10.2f %14.1f %14.1f%n", store, writers, f.calls(),
                            f.perSecond(), f.p50Millis(), f.p99Millis(), cpuMicros, sealMs);
                    if (!register.verify().intact()) {
                        throw new IllegalStateException("register not intact after the benchmark");
                    }
                }
            }
        }
    }

    private static void verification(Path dir, LocalVault vault) throws Exception {
        System.out.printf("%n%-10s %12s %16s %16s %18s %16s%n", "records", "full ms", "verified/s", "CPU us/record",
                "incremental ms", "after +100 ms");
        String store = System.getProperty("bench.verify.store", "memory");
        System.out.println("verification through the embedded store: " + store);
        try (EmbeddedMongo server = store.equals("memory") ? EmbeddedMongo.inMemory()
                : EmbeddedMongo.persistent(dir.resolve("store-verify.mv"), "127.0.0.1", 0);
             MongoClient client = MongoConnections.create(server.connectionString(), "bench")) {
            AuditRegister register = register(client, vault, dir.resolve("witness-verify"));
            int stored = 0;
            for (String size : System.getProperty("bench.verify.sizes", "1000,100000").split(",")) {
                int target = Integer.parseInt(size.strip());
                run(register, 8, target - stored);
                stored = target;
                register.seal();
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                FullVerification full = register.verifyAll();
                double fullMs = (System.nanoTime() - start) / 1e6;
                double cpuMicrosPerRecord = (processCpuNanos() - cpuStart) / 1e3 / target;
                if (!Boolean.TRUE.equals(full.intact()) || full.records() != target) {
                    throw new IllegalStateException("full verification did not pass: " + full);
                }
                long first = System.nanoTime();
                VerificationReport initial = register.verify();
                double firstMs = (System.nanoTime() - first) / 1e6;
                run(register, 4, 100);
                stored += 100;
                register.seal();
                long again = System.nanoTime();
                VerificationReport incremental = register.verify();
                double againMs = (System.nanoTime() - again) / 1e6;
                if (!initial.intact() || !incremental.intact()) {
                    throw new IllegalStateException("incremental verification did not pass");
                }
                System.out.printf("%-10d %12.0f %16.0f %16.1f %18.0f %16.1f%n", target, fullMs, target / (fullMs / 1000),
                        cpuMicrosPerRecord, firstMs, againMs);
            }
        }
    }

    /** CPU time of this process (store and verifier both run in it): steadier than wall time on a shared machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static AuditRegister register(MongoClient client, LocalVault vault, Path witness) {
        MongoAuditLedger ledger = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
        ledger.createIndexes();
        return new AuditRegister(ledger, new LocalCheckpointSigner(vault, KEY, RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5)),
                new DirectoryWitness(witness), Clock.systemUTC(), RegisterSettings.defaults());
    }

    private static ClosedLoop.Figures run(AuditRegister register, int writers, int total) throws Exception {
        return ClosedLoop.run(writers, total, () -> {
            String patient = UUID.randomUUID().toString();
            register.append(new AuditEntry("patient-api", "create", new AuditEntry.Resource("patient", patient, null),
                    patient, "attempted", new AuditEntry.Actor("integrator-1", "10.0.0.4"),
                    "0af7651916cd43dd8448eb211c80319c", null, null, null));
        });
    }
}
