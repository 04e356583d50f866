package org.auditedrecords.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.mongo.testing.RunsOn;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification while Cosmos DB throttles the walk (error 16500 after part of a page was delivered), through the real
 * driver and the real retry: a walk that replayed a half-read page would see leaf indexes repeat and report
 * tampering that did not happen. Each test shows that it does not, and that a walk stopped by throttling resumes
 * where it stopped instead of starting over.
 */
@RunsOn(MongoTarget.Kind.EMBEDDED)
class ThrottledWalkTest {
    private static final String KEY = "audit-checkpoint-key";
    /** Three attempts in all, without sleeping: a read throttled three times in a row gives up. */
    private static final int ATTEMPTS = 3;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:15:00Z"));
    private final ThrottledReads throttling = new ThrottledReads();
    private MongoClient client;
    private MongoDatabase database;
    private LocalVault vault;

    @BeforeEach
    void connect(MongoTarget target) {
        client = MongoConnections.create(target.connectionString(), "audit-throttle-test");
        database = client.getDatabase(target.database() + "_throttled");
        vault = new LocalVault(dir.resolve("vault"), clock);
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
    }

    @AfterEach
    void drop() {
        database.drop();
        client.close();
    }

    private AuditRegister register(int logs) {
        MongoAuditLedger ledger = new MongoAuditLedger(throttling.wrap(database),
                new ThrottlingRetry(ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(1), wait -> { }));
        ledger.createIndexes();
        return new AuditRegister(ledger, new LocalCheckpointSigner(vault, KEY, RegisterSettings.DEFAULT_ORIGIN,
                Duration.ofMinutes(5)), new DirectoryWitness(dir.resolve("witness")), clock,
                new RegisterSettings(RegisterSettings.DEFAULT_ORIGIN, logs, Duration.ofHours(1), Duration.ofSeconds(1),
                        Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(6)));
    }

    private static void appendSealed(AuditRegister register, int count) {
        for (int i = 0; i < count; i++) {
            String patient = java.util.UUID.randomUUID().toString();
            register.append(new AuditEntry("patient-api", "read", new AuditEntry.Resource("patient", patient, null),
                    patient, "success", new AuditEntry.Actor("client-1", "10.0.0.1"),
                    "0af7651916cd43dd8448eb211c80319c", null, null, null));
        }
        assertThat(register.seal()).isZero();
    }

    /** The register's logs in the order verification walks them (by id), with their record counts. */
    private List<Long> logSizes() {
        List<Long> sizes = new ArrayList<>();
        List<String> ids = database.getCollection(MongoAuditLedger.RECORDS).distinct("log", String.class)
                .into(new ArrayList<>());
        ids.sort(null);
        for (String id : ids) {
            sizes.add(database.getCollection(MongoAuditLedger.RECORDS).countDocuments(Filters.eq("log", id)));
        }
        return sizes;
    }

    @Test
    void verify_throttledOnceInTheMiddleOfAPage_isIntactAndWalksEachRecordOnce() {
        // given one log of 1500 records: pages of 1000 and 500
        AuditRegister register = register(1);
        appendSealed(register, 1500);

        // when the 1200th record read, 200 into the second page, is throttled once
        throttling.throttle(1200, 1);
        VerificationReport report = register.verify();

        // then
        assertThat(throttling.throttled()).isEqualTo(1);
        assertThat(report.intact()).isTrue();
        assertThat(report.complete()).isTrue();
        assertThat(report.records()).isEqualTo(1500);
        assertThat(report.logs()).singleElement().satisfies(log -> {
            assertThat(log.firstBroken()).isNull();
            assertThat(log.checkpointSize()).isEqualTo(1500);
        });
    }

    @Test
    void verify_recordAppendedWhileTheWalkReadsItsLastPage_isNoBreak() {
        // given one log of 1500 sealed records
        AuditRegister register = register(1);
        appendSealed(register, 1500);

        // when a writer appends to that log as the walk reads the last record of its last page
        throttling.during(1500, () -> appendSealed(register, 1));
        VerificationReport report = register.verify();

        // then the record that came after the walk's count is no sign of tampering
        assertThat(throttling.delivered()).isGreaterThanOrEqualTo(1500);
        assertThat(report.intact()).isTrue();
        assertThat(report.logs()).singleElement().satisfies(log -> assertThat(log.firstBroken()).isNull());
        assertThat(register.verify().intact()).isTrue();
    }

    @Test
    void verifyAll_throttledOnceInTheMiddleOfAPage_finishesIntactCountingEachRecordOnce() {
        // given
        AuditRegister register = register(1);
        appendSealed(register, 1500);

        // when
        throttling.throttle(1200, 1);
        FullVerification full = register.verifyAll();

        // then
        assertThat(throttling.throttled()).isEqualTo(1);
        assertThat(full.status()).isEqualTo(FullVerification.FINISHED);
        assertThat(full.intact()).isTrue();
        assertThat(full.broken()).isEmpty();
        assertThat(full.records()).isEqualTo(1500);
    }

    @Test
    void verifyAll_throttledBeyondItsRetries_pausesWithoutABreakThenResumesAfterTheLastFinishedLog() {
        // given three logs
        AuditRegister register = register(3);
        appendSealed(register, 600);
        List<Long> sizes = logSizes();
        assertThat(sizes).hasSize(3);
        long first = sizes.get(0);
        long second = sizes.get(1);
        long third = sizes.get(2);

        // when the third log's walk is throttled on every attempt
        throttling.throttle(first + second + third / 2, ATTEMPTS);
        FullVerification paused = register.verifyAll();

        // then the run pauses after two logs, reporting nothing broken
        assertThat(paused.status()).isEqualTo(FullVerification.PAUSED);
        assertThat(paused.intact()).isNull();
        assertThat(paused.broken()).isEmpty();
        assertThat(paused.logsDone()).isEqualTo(2);
        assertThat(paused.records()).isEqualTo(first + second);
        assertThat(paused.pausedBecause()).contains("throttled");
        assertThat(register.fullVerification()).contains(paused);

        // when the next run starts, the store answering again
        long readBefore = throttling.delivered();
        FullVerification resumed = register.verifyAll();

        // then it walks only the third log and finishes intact, every record counted once
        assertThat(throttling.delivered() - readBefore).isEqualTo(third);
        assertThat(resumed.status()).isEqualTo(FullVerification.FINISHED);
        assertThat(resumed.intact()).isTrue();
        assertThat(resumed.startedAt()).isEqualTo(paused.startedAt());
        assertThat(resumed.logsDone()).isEqualTo(3);
        assertThat(resumed.records()).isEqualTo(600);
    }

    @Test
    void verify_throttledBeyondItsRetries_failsAsUnavailableThenResumesAtTheInterruptedLog() {
        // given three logs
        AuditRegister register = register(3);
        appendSealed(register, 600);
        List<Long> sizes = logSizes();
        long first = sizes.get(0);
        long second = sizes.get(1);
        long third = sizes.get(2);

        // when the second log's walk is throttled on every attempt
        throttling.throttle(first + second / 2, ATTEMPTS);
        Throwable thrown = catchThrowable(register::verify);

        // then the call fails as unavailable (a 503 at the API), not as tampering
        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("throttled");

        // when verified again
        long readBefore = throttling.delivered();
        VerificationReport again = register.verify();

        // then the first log is not walked again: its verified prefix stands
        assertThat(again.intact()).isTrue();
        assertThat(again.complete()).isTrue();
        assertThat(again.records()).isEqualTo(second + third);
        assertThat(throttling.delivered() - readBefore).isEqualTo(second + third);
        assertThat(again.logs()).allSatisfy(log -> assertThat(log.firstBroken()).isNull());
    }

    @Test
    void throttledReads_deliveredCount_isExactlyTheRecordsRead() {
        // given a check on the fake itself: the counts above mean what they say
        AuditRegister register = register(1);
        appendSealed(register, 10);

        // when
        long before = throttling.delivered();
        List<Document> read = throttling.wrap(database).getCollection(MongoAuditLedger.RECORDS).find()
                .into(new ArrayList<>());

        // then
        assertThat(read).hasSize(10);
        assertThat(throttling.delivered() - before).isEqualTo(10);
    }
}
