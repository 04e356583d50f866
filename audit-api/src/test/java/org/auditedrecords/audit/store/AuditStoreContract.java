package org.auditedrecords.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.RecordProof;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.common.secrets.MutableClock;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.CheckpointSigner;
import org.auditedrecords.audit.log.KeyVersion;
import org.auditedrecords.audit.log.ReferenceMerkle;
import org.auditedrecords.audit.log.SignedNote;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.secrets.LocalVault;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit register over a real MongoDB wire protocol: appends, queries, proofs, tamper evidence and concurrency.
 * Tampering goes through the driver, as an attacker with database write access but without the key would. Runs
 * once per {@link MongoTarget} (embedded always; Docker and {@code MONGODB_URI} when available).
 */
abstract class AuditStoreContract {
    static final String KEY = "audit-checkpoint-key";
    static final int LOGS = 4;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:15:00Z"));
    LocalVault vault;
    DirectoryWitness witness;
    MongoClient client;
    MongoDatabase database;
    MongoCollection<Document> records;
    MongoCollection<Document> checkpoints;
    MongoCollection<Document> logs;
    AuditRegister register;

    @BeforeEach
    void startRegister(MongoTarget target) {
        vault = new LocalVault(dir.resolve("vault"), clock);
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
        witness = new DirectoryWitness(dir.resolve("witness"));
        client = MongoConnections.create(target.connectionString(), "audit-test");
        database = client.getDatabase(target.database() + "_" + DATABASES.incrementAndGet());
        records = database.getCollection(MongoAuditLedger.RECORDS);
        checkpoints = database.getCollection(MongoAuditLedger.CHECKPOINTS);
        logs = database.getCollection(MongoAuditLedger.LOGS);
        register = newRegister();
    }

    AuditRegister newRegister() {
        MongoAuditLedger ledger = new MongoAuditLedger(database, ThrottlingRetry.defaults());
        ledger.createIndexes();
        return new AuditRegister(ledger, new LocalCheckpointSigner(vault, KEY, RegisterSettings.DEFAULT_ORIGIN,
                Duration.ofMinutes(5)), witness, clock, new RegisterSettings(RegisterSettings.DEFAULT_ORIGIN, LOGS,
                Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(6)));
    }

    @AfterEach
    void dropDatabase() {
        database.drop();
        client.close();
    }

    static AuditEntry entry(String patientId, String action, String outcome) {
        return new AuditEntry("patient-api", action, new AuditEntry.Resource("patient", patientId, null), patientId,
                outcome, new AuditEntry.Actor("client-1", "10.0.0.1"), "0af7651916cd43dd8448eb211c80319c", null, null, null);
    }

    static String uuid() {
        return java.util.UUID.randomUUID().toString();
    }

    List<AuditRecord> appendSome(int count) {
        List<AuditRecord> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appended.add(register.append(entry(uuid(), "read", "success")));
        }
        return appended;
    }

    /** Appends and seals, as the background checkpointer would. */
    void appendSealed(int count) {
        appendSome(count);
        assertThat(register.seal()).isZero();
    }

    /** The smaller of the first two stored checkpoints of a log that was sealed at least twice. */
    Document firstCheckpointOfALogSealedTwice() {
        return checkpoints.distinct("log", String.class).into(new ArrayList<>()).stream()
                .map(log -> checkpoints.find(Filters.eq("log", log)).sort(new Document("size", 1)).into(new ArrayList<>()))
                .filter(sealedTwice -> sealedTwice.size() >= 2)
                .findFirst().orElseThrow().get(0);
    }

    /** A log with at least {@code min} records, and its records in leaf order. */
    List<Document> logWithAtLeast(int min) {
        for (String log : records.distinct("log", String.class)) {
            List<Document> docs = records.find(Filters.eq("log", log)).sort(new Document("idx", 1)).into(new ArrayList<>());
            if (docs.size() >= min) {
                return docs;
            }
        }
        throw new AssertionError("no log has " + min + " records");
    }

    static VerificationReport.LogReport reportOf(VerificationReport report, String log) {
        return report.logs().stream().filter(l -> l.log().equals(log)).findFirst().orElseThrow();
    }

    static VerificationReport.Break breakOf(VerificationReport report, String log) {
        return reportOf(report, log).firstBroken();
    }

    /** The tampered log is broken and every other log stays intact. */
    static void assertOnlyBroken(VerificationReport report, String log) {
        assertThat(report.intact()).isFalse();
        assertThat(report.logs()).filteredOn(l -> !l.log().equals(log)).allSatisfy(l -> assertThat(l.intact()).isTrue());
        assertThat(reportOf(report, log).intact()).isFalse();
    }

    @Test
    void append_entries_areStoredWithMillisecondTimestampsAndFindable() {
        AuditRecord record = register.append(entry(uuid(), "create", "attempted"));

        AuditRecord found = register.find(record.id()).orElseThrow();

        assertThat(found).isEqualTo(record);
        assertThat(found.recordedAt().getNano() % 1_000_000).isZero();
        assertThat(found.position().index()).isZero();
        assertThat(found.position().log()).matches("20261201T100000Z-[0-9a-f]{12}");
    }

    @Test
    void verify_untouchedSealedRegister_isIntactAndCountsEveryRecord() {
        appendSealed(25);

        VerificationReport report = register.verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.complete()).isTrue();
        assertThat(report.records()).isEqualTo(25);
        assertThat(report.logs()).allSatisfy(l -> {
            assertThat(l.firstBroken()).isNull();
            assertThat(l.unsealed()).isZero();
            assertThat(l.witnessedSize()).isEqualTo(l.checkpointSize());
        });
    }

    @Test
    void verify_secondCall_walksOnlyWhatWasAppendedSince() {
        appendSealed(20);
        assertThat(register.verify().records()).isEqualTo(20);

        appendSealed(3);

        VerificationReport again = register.verify();
        assertThat(again.intact()).isTrue();
        assertThat(again.records()).isEqualTo(3);
    }

    @Test
    void verify_changedField_isDetectedAtThatRecord() {
        appendSealed(12);
        Document victim = logWithAtLeast(2).get(1);

        records.updateOne(Filters.eq("_id", victim.get("_id")), Updates.set("outcome", "failed"));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, victim.getString("log"));
        assertThat(breakOf(report, victim.getString("log")).recordId()).isEqualTo(victim.get("_id"));
        assertThat(breakOf(report, victim.getString("log")).reason()).contains("content does not match its leaf hash");
    }

    @Test
    void verify_changedFieldWithRecomputedLeafHash_isDetectedByTheSignedRoot() {
        appendSealed(12);
        Document victim = logWithAtLeast(2).get(1);
        AuditRecord original = AuditDocuments.toLeaf(victim).record();
        AuditEntry e = original.entry();
        AuditRecord changed = new AuditRecord(original.id(), original.recordedAt(), new AuditEntry(e.sourceSystemName(),
                e.action(), e.resource(), e.patientId(), "failed", e.actor(), e.correlationId(), e.relatesTo(), e.query(),
                e.returnedPatientIds()),
                original.position());

        records.replaceOne(Filters.eq("_id", victim.get("_id")), AuditDocuments.toDocument(changed));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, victim.getString("log"));
        assertThat(breakOf(report, victim.getString("log")).reason()).contains("do not produce the root of the signed checkpoint");
    }

    @Test
    void verify_timestampShiftedByOneMillisecond_isDetected() {
        appendSealed(6);
        Document victim = logWithAtLeast(1).get(0);

        records.updateOne(Filters.eq("_id", victim.get("_id")),
                Updates.set("recordedAt", new java.util.Date(victim.getDate("recordedAt").getTime() + 1)));

        assertThat(breakOf(register.verify(), victim.getString("log")).recordId()).isEqualTo(victim.get("_id"));
    }

    @Test
    void verify_deletedMiddleRecord_isDetectedAtTheGap() {
        appendSealed(16);
        List<Document> log = logWithAtLeast(3);

        records.deleteOne(Filters.eq("_id", log.get(1).get("_id")));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, log.get(0).getString("log"));
        VerificationReport.Break broken = breakOf(report, log.get(0).getString("log"));
        assertThat(broken.recordId()).isEqualTo(log.get(2).get("_id"));
        assertThat(broken.reason()).contains("expected leaf index 1 but found 2");
    }

    @Test
    void verify_deletedNewestRecords_isDetectedByTheSignedCheckpoint() {
        appendSealed(16);
        List<Document> log = logWithAtLeast(2);

        records.deleteOne(Filters.eq("_id", log.get(log.size() - 1).get("_id")));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, log.get(0).getString("log"));
        assertThat(breakOf(report, log.get(0).getString("log")).reason()).contains("rolled back or truncated");
    }

    @Test
    void verify_forgedRecordAppendedWithCorrectHash_isReportedOnceOlderThanTheSealingWindow() {
        appendSealed(8);
        List<Document> log = logWithAtLeast(1);
        Document last = log.get(log.size() - 1);
        AuditRecord forged = new AuditRecord(uuid(), clock.instant(), entry(uuid(), "read", "success"),
                new AuditRecord.Position(last.getString("log"), last.getLong("idx") + 1));

        records.insertOne(AuditDocuments.toDocument(forged));

        VerificationReport fresh = register.verify();
        assertThat(reportOf(fresh, last.getString("log")).unsealed()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        VerificationReport later = register.verify();
        assertOnlyBroken(later, last.getString("log"));
        assertThat(breakOf(later, last.getString("log")).reason()).contains("older than the sealing window");
    }

    @Test
    void append_afterAForeignLeafTookTheNextIndex_movesToANewLogAndNeverSealsTheForgery() {
        register.append(entry(uuid(), "read", "success"));
        String log = logWithAtLeast(1).get(0).getString("log");
        AuditRecord forged = new AuditRecord(uuid(), clock.instant(), entry(uuid(), "read", "success"),
                new AuditRecord.Position(log, 1));
        records.insertOne(AuditDocuments.toDocument(forged));

        for (int i = 0; i < 4 * LOGS; i++) {
            register.append(entry(uuid(), "read", "success"));
        }
        register.seal();

        assertThat(checkpoints.find(Filters.eq("log", log)).into(new ArrayList<>()))
                .allSatisfy(c -> assertThat(c.getLong("size")).isEqualTo(1));
        clock.advance(Duration.ofMinutes(2));
        assertThat(breakOf(register.verify(), log).reason()).contains("older than the sealing window");
    }

    @Test
    void verify_twoRecordsSwapped_isDetected() {
        appendSealed(16);
        List<Document> log = logWithAtLeast(3);
        Object first = log.get(0).get("_id");
        Object second = log.get(1).get("_id");

        records.updateOne(Filters.eq("_id", first), Updates.set("idx", -1L));
        records.updateOne(Filters.eq("_id", second), Updates.set("idx", 0L));
        records.updateOne(Filters.eq("_id", first), Updates.set("idx", 1L));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, log.get(0).getString("log"));
        assertThat(breakOf(report, log.get(0).getString("log")).reason()).contains("do not produce the root");
    }

    @Test
    void verify_rolledBackToAnOlderSignedCheckpoint_isDetectedByTheWitness() {
        appendSealed(4);
        String log = logWithAtLeast(1).get(0).getString("log");
        long oldSize = records.countDocuments(Filters.eq("log", log));
        appendSealed(4 * LOGS);
        assertThat(records.countDocuments(Filters.eq("log", log))).isGreaterThan(oldSize);

        records.deleteMany(Filters.and(Filters.eq("log", log), Filters.gte("idx", oldSize)));
        checkpoints.deleteMany(Filters.and(Filters.eq("log", log), Filters.gt("size", oldSize)));
        logs.updateOne(Filters.eq("_id", log), Updates.set("size", oldSize));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, log);
        assertThat(breakOf(report, log).reason()).contains("the witness holds a signed checkpoint of size")
                .contains("but the log has only " + oldSize + " records");
    }

    @Test
    void verify_genesisStateReplayed_isDetectedByTheWitness() {
        appendSealed(8);
        String log = logWithAtLeast(1).get(0).getString("log");

        records.deleteMany(Filters.eq("log", log));
        checkpoints.deleteMany(Filters.eq("log", log));
        logs.deleteOne(Filters.eq("_id", log));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, log);
        assertThat(breakOf(report, log).reason()).contains("rolled back or truncated").contains("has only 0 records");
    }

    @Test
    void verify_checkpointMovedWithoutTheKey_isDetected() {
        appendSealed(8);
        Document checkpoint = checkpoints.find().first();
        String note = checkpoint.getString("note");
        String[] lines = note.split("\n", 3);

        checkpoints.updateOne(Filters.eq("_id", checkpoint.get("_id")),
                Updates.set("note", lines[0] + "\n" + (Long.parseLong(lines[1]) - 1) + "\n" + lines[2]));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, checkpoint.getString("log"));
        assertThat(breakOf(report, checkpoint.getString("log")).reason()).contains("the signature is invalid");
    }

    @Test
    void verify_secondCheckpointCopiedFromAnotherLog_isDetected() {
        appendSealed(4 * LOGS);
        List<Document> all = checkpoints.find().into(new ArrayList<>());
        Document source = all.get(0);
        // A log without its own checkpoint at that size, so the copy is a second checkpoint, not a replacement.
        String target = all.stream().map(d -> d.getString("log")).filter(l -> !l.equals(source.getString("log")))
                .filter(l -> all.stream().noneMatch(d -> d.getString("log").equals(l)
                        && d.getLong("size").equals(source.getLong("size"))))
                .findFirst().orElseThrow();

        checkpoints.insertOne(new Document("_id", target + "/forged").append("log", target)
                .append("size", source.getLong("size")).append("note", source.getString("note")));

        VerificationReport report = register.verify();
        assertOnlyBroken(report, target);
        assertThat(breakOf(report, target).reason()).contains("a checkpoint was moved");
    }

    @Test
    void verify_unknownFieldAdded_isReportedAsMalformed() {
        appendSealed(6);
        Document victim = logWithAtLeast(1).get(0);

        records.updateOne(Filters.eq("_id", victim.get("_id")), Updates.set("note", "added later"));

        VerificationReport.Break broken = breakOf(register.verify(), victim.getString("log"));
        assertThat(broken.reason()).contains("malformed").contains("note");
    }

    @Test
    void verifyAll_changeInsideAnAlreadyVerifiedPrefix_isFoundByTheFullRun() {
        appendSealed(12);
        assertThat(register.verify().intact()).isTrue();
        Document victim = logWithAtLeast(1).get(0);
        records.updateOne(Filters.eq("_id", victim.get("_id")), Updates.set("outcome", "failed"));

        FullVerification full = register.verifyAll();

        assertThat(full.status()).isEqualTo(FullVerification.FINISHED);
        assertThat(full.intact()).isFalse();
        // Appends take any free log, so twelve of them need not have reached all LOGS logs.
        long logsWritten = records.distinct("log", String.class).into(new ArrayList<>()).size();
        assertThat(full.logsDone()).isEqualTo(full.logsTotal()).isEqualTo(logsWritten);
        assertThat(full.broken()).singleElement().satisfies(l -> assertThat(l.log()).isEqualTo(victim.getString("log")));
        assertThat(register.verify().intact()).isFalse();
    }

    @Test
    void verify_checkpointInsideAVerifiedPrefixForged_isLeftToTheFullRunWhichFindsIt() {
        // given: logs sealed twice and verified, so each continues from a prefix at its second checkpoint
        appendSealed(12);
        appendSealed(12);
        assertThat(register.verify().intact()).isTrue();
        Document older = firstCheckpointOfALogSealedTwice();
        String[] lines = older.getString("note").split("\n", 3);
        checkpoints.updateOne(Filters.eq("_id", older.get("_id")),
                Updates.set("note", lines[0] + "\n" + (Long.parseLong(lines[1]) - 1) + "\n" + lines[2]));

        // when
        VerificationReport incremental = register.verify();
        FullVerification full = register.verifyAll();

        // then: the incremental check reads only the checkpoints from its prefix on, so its cost is what was added
        // since; what lies inside the prefix is the full run's, and its verdict is part of every later report
        assertThat(incremental.intact()).isTrue();
        assertThat(full.intact()).isFalse();
        assertThat(full.broken()).singleElement().satisfies(l -> assertThat(l.log()).isEqualTo(older.getString("log")));
        assertThat(register.verify().intact()).isFalse();
    }

    @Test
    void verify_rootOfAnEarlierCheckpointReplaced_isDetectedWithoutCheckingItsSignature() {
        // given: a log sealed twice, never verified; the incremental walk checks the largest checkpoint's signature
        appendSealed(12);
        appendSealed(12);
        Document older = firstCheckpointOfALogSealedTwice();
        String[] lines = older.getString("note").split("\n", 4);
        String otherRoot = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        checkpoints.updateOne(Filters.eq("_id", older.get("_id")),
                Updates.set("note", lines[0] + "\n" + lines[1] + "\n" + otherRoot + "\n" + lines[3]));

        // when
        VerificationReport report = register.verify();

        // then
        assertOnlyBroken(report, older.getString("log"));
        assertThat(breakOf(report, older.getString("log")).reason()).contains("do not produce the root");
    }

    @Test
    void verifyAllIfDue_lastRunFinishedWithinTheInterval_isNotDueUntilTheIntervalPassed() {
        // given a finished full run
        appendSealed(5);
        assertThat(register.verifyAllIfDue(Duration.ofMinutes(1))).hasValueSatisfying(s ->
                assertThat(s.status()).isEqualTo(FullVerification.FINISHED));

        // when the schedule ticks again within the interval, and then after it
        var early = register.verifyAllIfDue(Duration.ofMinutes(1));
        clock.advance(Duration.ofHours(6));
        var late = register.verifyAllIfDue(Duration.ofMinutes(1));

        // then
        assertThat(early).isEmpty();
        assertThat(late).hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo(FullVerification.FINISHED);
            assertThat(s.intact()).isTrue();
            assertThat(s.records()).isEqualTo(5);
        });
    }

    @Test
    void verifyAllIfDue_budgetSpent_pausesAndTheNextTickResumesTheSameRun() {
        // given
        appendSealed(4 * LOGS);

        // when a tick has no time left, and the next one has
        FullVerification paused = register.verifyAllIfDue(Duration.ofMillis(-1)).orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        FullVerification resumed = register.verifyAllIfDue(Duration.ofMinutes(1)).orElseThrow();

        // then
        assertThat(paused.status()).isEqualTo(FullVerification.PAUSED);
        assertThat(paused.pausedBecause()).contains("time budget");
        assertThat(paused.intact()).isNull();
        assertThat(resumed.status()).isEqualTo(FullVerification.FINISHED);
        assertThat(resumed.startedAt()).isEqualTo(paused.startedAt());
        assertThat(resumed.records()).isEqualTo(4 * LOGS);
        assertThat(resumed.intact()).isTrue();
    }

    @Test
    void proof_sealedRecord_isVerifiedByTheServerAndByAnIndependentImplementation() {
        List<AuditRecord> appended = appendSome(13);
        AuditRecord record = appended.get(9);

        RecordProof proof = register.proof(record.id());

        assertThat(proof.verified()).isTrue();
        assertThat(proof.leafIndex()).isEqualTo(record.position().index());
        List<byte[]> leaves = records.find(Filters.eq("log", proof.log())).sort(new Document("idx", 1)).into(new ArrayList<>())
                .stream().map(d -> RecordJson.leafHash(AuditDocuments.toLeaf(d).record())).toList();
        assertThat(leaves).hasSize((int) proof.treeSize());
        assertThat(proof.inclusionProof()).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(ReferenceMerkle.path((int) proof.leafIndex(), leaves));
        assertThat(proof.checkpoint().rootHash()).isEqualTo(ReferenceMerkle.mth(leaves));
    }

    @Test
    void proof_recordChangedAfterSealing_isNotVerified() {
        AuditRecord record = appendSome(5).get(2);
        register.seal();

        records.updateOne(Filters.eq("_id", record.id()), Updates.set("outcome", "failed"));

        assertThat(register.proof(record.id()).verified()).isFalse();
    }

    @Test
    void consistency_betweenTwoCheckpoints_isVerified() {
        register.append(entry(uuid(), "read", "success"));
        register.seal();
        String log = logWithAtLeast(1).get(0).getString("log");
        long first = checkpoints.find(Filters.eq("log", log)).first().getLong("size");
        for (int i = 0; i < 6 * LOGS; i++) {
            register.append(entry(uuid(), "read", "success"));
        }
        register.seal();

        var proof = register.consistency(log, first, java.util.Optional.empty());

        assertThat(proof.verified()).isTrue();
        assertThat(proof.toSize()).isGreaterThan(first);
        List<byte[]> leaves = records.find(Filters.eq("log", log)).sort(new Document("idx", 1)).into(new ArrayList<>())
                .stream().map(d -> Base64.getDecoder().decode(d.getString("leafHash"))).toList();
        assertThat(proof.proof()).usingElementComparator(java.util.Arrays::compare)
                .containsExactlyElementsOf(ReferenceMerkle.proof((int) first, leaves));
    }

    @Test
    void verify_afterKeyRotation_checkpointsSignedBeforeAndAfterVerify() {
        appendSealed(6);
        clock.advance(Duration.ofSeconds(5));
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
        AuditRegister afterRotation = newRegister();

        clock.advance(Duration.ofMinutes(10));
        afterRotation.append(entry(uuid(), "update", "attempted"));
        afterRotation.seal();

        VerificationReport report = afterRotation.verify();
        assertThat(report.intact()).isTrue();
        assertThat(afterRotation.publicKeys()).hasSize(2);
        assertThat(afterRotation.publicKeys().get(0).notAfter()).isNotNull();
    }

    @Test
    void verify_checkpointResignedWithARetiredKeyVersion_isRefused() {
        // given checkpoints signed by the first key version, then a rotation and the end of its overlap
        appendSealed(6);
        String oldValue = vault.version(KEY, vault.versions(KEY).get(0).version()).value();
        clock.advance(Duration.ofSeconds(5));
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
        AuditRegister afterRotation = newRegister();
        clock.advance(Duration.ofMinutes(10));

        // when someone holding the retired private key re-signs a stored checkpoint with a current time
        LocalVault stolen = new LocalVault(dir.resolve("stolen"), clock);
        stolen.put(KEY, oldValue);
        Document stored = checkpoints.find().first();
        Checkpoint original = Checkpoint.parse(SignedNote.parse(stored.getString("note")).text());
        String resigned = SignedNote.sign(new Checkpoint(original.origin(), original.size(), original.rootHash(),
                clock.instant()), new LocalCheckpointSigner(stolen, KEY, RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5)));
        checkpoints.updateOne(Filters.eq("_id", stored.get("_id")), Updates.set("note", resigned));

        // then
        VerificationReport report = afterRotation.verify();
        assertOnlyBroken(report, stored.getString("log"));
        assertThat(breakOf(report, stored.getString("log")).reason()).contains("is not valid")
                .contains("outside its validity period");
    }

    @Test
    void seal_currentKeyVersionRetired_isRefusedAndWitnessesAndStoresNothing() {
        // given a signer whose current version was retired a second ago
        LocalCheckpointSigner local = new LocalCheckpointSigner(vault, KEY, RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5));
        CheckpointSigner retired = new CheckpointSigner() {
            @Override
            public String keyName() {
                return local.keyName();
            }

            @Override
            public Signature sign(byte[] message) {
                Signature signature = local.sign(message);
                return new Signature(signature.key().retiredAt(clock.instant().minusSeconds(1)), signature.der());
            }

            @Override
            public List<KeyVersion> publicKeys() {
                return local.publicKeys();
            }
        };
        MongoAuditLedger ledger = new MongoAuditLedger(database, ThrottlingRetry.defaults());
        AuditRegister retiredRegister = new AuditRegister(ledger, retired, witness, clock, new RegisterSettings(
                RegisterSettings.DEFAULT_ORIGIN, 1, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(30), Duration.ofHours(6)));
        retiredRegister.append(entry(uuid(), "read", "success"));

        // when
        int failed = retiredRegister.seal();

        // then
        assertThat(failed).isEqualTo(1);
        assertThat(checkpoints.countDocuments()).isZero();
        assertThat(witness.newest("")).isEmpty();
        assertThat(records.countDocuments()).isEqualTo(1);
    }

    @Test
    void append_fiftyParallelWritersAcrossTwoInstances_loseAndDuplicateNothing() throws Exception {
        AuditRegister other = newRegister();
        int writers = 50;
        int perWriter = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            AuditRegister target = w % 2 == 0 ? register : other;
            futures.add(pool.submit(() -> {
                start.await();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perWriter; i++) {
                    ids.add(target.append(entry(uuid(), "create", "attempted")).id());
                }
                return ids;
            }));
        }
        start.countDown();
        Set<String> acknowledged = new HashSet<>();
        for (Future<List<String>> future : futures) {
            acknowledged.addAll(future.get());
        }
        pool.shutdown();
        register.seal();
        other.seal();

        assertThat(acknowledged).hasSize(writers * perWriter);
        assertThat(records.countDocuments()).isEqualTo(writers * perWriter);
        assertThat(records.distinct("_id", String.class).into(new HashSet<>())).isEqualTo(acknowledged);
        assertThat(records.distinct("log", String.class).into(new HashSet<>())).hasSize(2 * LOGS);
        VerificationReport report = register.verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(writers * perWriter);
    }

    @Test
    void query_filtersAndPages_returnEachMatchOnceInStableOrder() {
        String patient = uuid();
        for (int i = 0; i < 45; i++) {
            register.append(entry(patient, i % 3 == 0 ? "update" : "read", "success"));
            clock.advance(Duration.ofMillis(1));
        }
        appendSome(10);
        AuditQuery all = new AuditQuery(patient, null, null, null, null, null, null, null, null, false, null);

        List<String> seen = new ArrayList<>();
        AuditQuery query = all;
        int pages = 0;
        while (true) {
            AuditRegister.Page page = register.query(query, 20);
            pages++;
            page.records().forEach(r -> seen.add(r.id()));
            if (page.next().isEmpty()) {
                break;
            }
            query = all.continuing(page.next().get());
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        List<AuditRecord> desc = register.query(new AuditQuery(patient, null, "update", null, null, null, null, null, null,
                true, null), 100).records();
        assertThat(desc).hasSize(15).allSatisfy(r -> assertThat(r.entry().action()).isEqualTo("update"));
        assertThat(desc).isSortedAccordingTo((a, b) -> b.recordedAt().compareTo(a.recordedAt()));
    }

    @Test
    void query_byPatient_includesTheSearchesThatReturnedThemAndNoOthers() {
        String patient = uuid();
        String other = uuid();
        AuditRecord read = register.append(entry(patient, "read", "success"));
        clock.advance(Duration.ofMillis(5));
        AuditRecord search = register.append(search(List.of(other, patient)));
        register.append(search(List.of(other)));
        register.append(entry(other, "read", "success"));

        assertThat(ids(new AuditQuery(patient, null, null, null, null, null, null, null, null, false, null)))
                .containsExactly(read.id(), search.id());
        assertThat(ids(new AuditQuery(patient, null, "search", null, null, null, null, null, null, false, null)))
                .containsExactly(search.id());
        AuditRecord stored = register.find(search.id()).orElseThrow();
        assertThat(stored.entry().returnedPatientIds()).containsExactly(other, patient);
        assertThat(register.verify().intact()).isTrue();
    }

    @Test
    void verify_returnedPatientRemovedFromASearch_isDetected() {
        String patient = uuid();
        register.append(search(List.of(uuid(), patient)));

        records.updateOne(Filters.exists("returnedPatientIds"), Updates.pull("returnedPatientIds", patient));

        assertThat(register.verify().intact()).isFalse();
    }

    private static AuditEntry search(List<String> returned) {
        return new AuditEntry("patient-api", "search", new AuditEntry.Resource("patient-search", null, null), null,
                "success", new AuditEntry.Actor("client-3", null), "0af7651916cd43dd8448eb211c80319e", null,
                Map.of("postCode", "AB1 2CD"), returned);
    }

    @Test
    void query_byClientResourceAndTimeWindow_matchesExactly() {
        AuditRecord first = register.append(entry(uuid(), "read", "notFound"));
        clock.advance(Duration.ofMillis(5));
        AuditRecord second = register.append(new AuditEntry("patient-api", "search",
                new AuditEntry.Resource("patient-search", null, null), null, "success",
                new AuditEntry.Actor("client-2", null), "0af7651916cd43dd8448eb211c80319d", null, Map.of("postCode", "AB1 2CD"), null));

        assertThat(ids(new AuditQuery(null, "client-2", null, null, null, null, null, null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, "notFound", null, null, null, null, null, false, null))).containsExactly(first.id());
        assertThat(ids(new AuditQuery(null, null, null, null, "patient-search", null, null, null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, first.entry().resource().id(), null, null, null, false, null))).containsExactly(first.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, "0af7651916cd43dd8448eb211c80319d", null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, null, second.recordedAt(), second.recordedAt(), false, null)))
                .containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, null, null, first.recordedAt().minusMillis(1), false, null))).isEmpty();
        assertThat(register.find(second.id()).orElseThrow().query()).containsEntry("postCode", "AB1 2CD");
    }

    private List<String> ids(AuditQuery query) {
        return register.query(query, 100).records().stream().map(AuditRecord::id).toList();
    }
}
