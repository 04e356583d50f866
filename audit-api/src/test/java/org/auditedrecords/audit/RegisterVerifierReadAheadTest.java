package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk reads pages ahead of the one it checks, {@link RegisterVerifier#READ_AHEAD} at once, through the real
 * ledger on the embedded store: watched from a ledger that records each page read and holds the first one until the
 * pages after it have been asked for.
 */
class RegisterVerifierReadAheadTest {
    private static final String KEY = "audit-checkpoint-key";
    private static final int RECORDS = 3 * RegisterVerifier.PAGE + RegisterVerifier.PAGE / 2;

    @TempDir
    Path dir;

    @Test
    void verifyAll_logOfSeveralPages_readsThePagesAheadAtOnceAndNoneBeyondTheCountAndSeesAMissingPage() throws Exception {
        // given: one log of three and a half pages, sealed
        List<Long> asked = new CopyOnWriteArrayList<>();
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch askedAhead = new CountDownLatch(RegisterVerifier.READ_AHEAD - 1);
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             MongoClient client = MongoConnections.create(mongo.connectionString(), "test")) {
            MongoAuditLedger store = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
            store.createIndexes();
            AuditLedger watched = (AuditLedger) Proxy.newProxyInstance(AuditLedger.class.getClassLoader(),
                    new Class<?>[] {AuditLedger.class}, (self, method, args) -> {
                        boolean page = method.getName().equals("leaves");
                        if (page) {
                            long from = (Long) args[1];
                            asked.add(from);
                            mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
                            if (from == 0) {
                                askedAhead.await(10, TimeUnit.SECONDS);
                            } else {
                                askedAhead.countDown();
                            }
                        }
                        try {
                            return method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            if (page) {
                                reading.decrementAndGet();
                            }
                        }
                    });
            LocalVault vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
            vault.put(KEY, LocalCheckpointSigner.newKeyValue());
            try (AuditRegister register = new AuditRegister(watched, new LocalCheckpointSigner(vault, KEY,
                    RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5)), new DirectoryWitness(dir.resolve("witness")),
                    Clock.systemUTC(), new RegisterSettings(RegisterSettings.DEFAULT_ORIGIN, 1, RegisterSettings.DEFAULT_EPOCH,
                    RegisterSettings.DEFAULT_CHECKPOINT_INTERVAL, RegisterSettings.DEFAULT_SEALING_WINDOW,
                    RegisterSettings.DEFAULT_VERIFY_BUDGET, RegisterSettings.DEFAULT_FULL_VERIFICATION_INTERVAL))) {
                for (int i = 0; i < RECORDS; i++) {
                    String patient = UUID.randomUUID().toString();
                    register.append(new AuditEntry("patient-api", "read", new AuditEntry.Resource("patient", patient, null),
                            patient, "succeeded", new AuditEntry.Actor("integrator-1", "10.0.0.4"), null, null, null, null));
                }
                register.seal();

                // when
                FullVerification full = register.verifyAll();

                // then: every record walked once; the first page was held until the next two were asked for
                assertThat(full.intact()).isTrue();
                assertThat(full.records()).isEqualTo(RECORDS);
                assertThat(askedAhead.getCount()).as("pages asked for while the first was read").isZero();
                assertThat(mostAtOnce.get()).isEqualTo(RegisterVerifier.READ_AHEAD);
                // each page once (read at once, they arrive in any order), none past the counted leaves
                long page = RegisterVerifier.PAGE;
                assertThat(asked).containsExactlyInAnyOrder(0L, page, 2 * page, 3 * page);

                // and when a whole page of leaves is deleted through the driver, the pages read ahead (asked for
                // where an intact log's pages start) still show the gap, at the first missing leaf
                long deleted = client.getDatabase("audit").getCollection(MongoAuditLedger.RECORDS).deleteMany(
                        Filters.and(Filters.gte("idx", page), Filters.lt("idx", 2 * page))).getDeletedCount();
                assertThat(deleted).isEqualTo(page);
                FullVerification tampered = register.verifyAll();
                assertThat(tampered.intact()).isFalse();
                assertThat(tampered.broken()).singleElement().satisfies(log -> {
                    assertThat(log.firstBroken().leafIndex()).isEqualTo(2 * page);
                    assertThat(log.firstBroken().reason()).startsWith("expected leaf index " + page + " but found " + 2 * page);
                });
            }
        }
    }
}
