package org.auditedrecords.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
import org.auditedrecords.audit.Canonical;
import org.auditedrecords.audit.ChainSigner;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.mongo.testing.MongoTarget;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit register over a real MongoDB wire protocol: appends, queries, tamper evidence and concurrency. Runs
 * once per {@link MongoTarget} (embedded always; Docker and {@code MONGODB_URI} when available).
 */
abstract class AuditStoreContract {
    static final String KEY = "audit-chain-signing-key";
    static final int CHAINS = 4;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path vaultDir;
    LocalVault vault;
    MongoClient client;
    MongoDatabase database;
    MongoCollection<Document> records;
    MongoCollection<Document> heads;
    AuditRegister register;

    @BeforeEach
    void startRegister(MongoTarget target) {
        vault = new LocalVault(vaultDir, Clock.systemUTC());
        vault.put(KEY, Keys.newKey());
        client = MongoConnections.create(target.connectionString(), "audit-test");
        database = client.getDatabase(target.database() + "_" + DATABASES.incrementAndGet());
        records = database.getCollection(MongoAuditLedger.RECORDS);
        heads = database.getCollection(MongoAuditLedger.HEADS);
        register = newRegister();
        register.initialize();
    }

    AuditRegister newRegister() {
        MongoAuditLedger ledger = new MongoAuditLedger(database, ThrottlingRetry.defaults());
        ledger.createIndexes();
        return new AuditRegister(ledger, new ChainSigner(vault, KEY), Clock.systemUTC(), CHAINS);
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

    /** A chain with at least {@code min} records, and its records in sequence order. */
    List<Document> chainWithAtLeast(int min) {
        for (int chain = 0; chain < CHAINS; chain++) {
            List<Document> docs = records.find(Filters.eq("chain", chain)).sort(new Document("seq", 1)).into(new ArrayList<>());
            if (docs.size() >= min) {
                return docs;
            }
        }
        throw new AssertionError("no chain has " + min + " records");
    }

    VerificationReport.Break breakOf(VerificationReport report, int chain) {
        return report.chains().stream().filter(c -> c.chain() == chain).findFirst().orElseThrow().firstBroken();
    }

    @Test
    void append_entries_areStoredWithMillisecondTimestampsAndFindable() {
        AuditRecord record = register.append(entry(uuid(), "create", "attempted"));

        AuditRecord found = register.find(record.id()).orElseThrow();

        assertThat(found).isEqualTo(record);
        assertThat(found.recordedAt().getNano() % 1_000_000).isZero();
        assertThat(found.seal().seq()).isEqualTo(1);
        assertThat(register.verify().intact()).isTrue();
    }

    @Test
    void verify_untouchedRegister_isIntactAndCountsEveryRecord() {
        appendSome(25);

        VerificationReport report = register.verify();

        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(25);
        assertThat(report.chains()).hasSize(CHAINS).allSatisfy(c -> assertThat(c.firstBroken()).isNull());
    }

    @Test
    void verify_changedField_isDetectedAtThatRecord() {
        appendSome(12);
        Document victim = chainWithAtLeast(2).get(1);

        records.updateOne(Filters.eq("_id", victim.get("_id")), Updates.set("outcome", "failed"));

        VerificationReport report = register.verify();
        assertThat(report.intact()).isFalse();
        VerificationReport.Break broken = breakOf(report, victim.getInteger("chain"));
        assertThat(broken.recordId()).isEqualTo(victim.get("_id"));
        assertThat(broken.reason()).contains("content does not match its hash");
    }

    @Test
    void verify_timestampShiftedByOneMillisecond_isDetected() {
        appendSome(6);
        Document victim = chainWithAtLeast(1).get(0);

        records.updateOne(Filters.eq("_id", victim.get("_id")),
                Updates.set("recordedAt", new java.util.Date(victim.getDate("recordedAt").getTime() + 1)));

        assertThat(breakOf(register.verify(), victim.getInteger("chain")).recordId()).isEqualTo(victim.get("_id"));
    }

    @Test
    void verify_deletedMiddleRecord_isDetectedAtTheGap() {
        appendSome(16);
        List<Document> chain = chainWithAtLeast(3);

        records.deleteOne(Filters.eq("_id", chain.get(1).get("_id")));

        VerificationReport.Break broken = breakOf(register.verify(), chain.get(0).getInteger("chain"));
        assertThat(broken.recordId()).isEqualTo(chain.get(2).get("_id"));
        assertThat(broken.reason()).contains("expected sequence 2 but found 3");
    }

    @Test
    void verify_deletedNewestRecord_isDetectedByTheSignedHead() {
        appendSome(16);
        List<Document> chain = chainWithAtLeast(2);

        records.deleteOne(Filters.eq("_id", chain.get(chain.size() - 1).get("_id")));

        VerificationReport.Break broken = breakOf(register.verify(), chain.get(0).getInteger("chain"));
        assertThat(broken.reason()).contains("records are missing");
    }

    @Test
    void verify_forgedRecordAppendedWithValidHash_isDetectedBySignature() {
        appendSome(8);
        List<Document> chain = chainWithAtLeast(1);
        Document last = chain.get(chain.size() - 1);
        int chainId = last.getInteger("chain");
        long seq = last.getLong("seq") + 1;
        String id = uuid();
        java.time.Instant at = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        AuditEntry forged = entry(uuid(), "read", "success");
        String hash = Canonical.hash(Canonical.text(id, at, forged, chainId, seq, last.getString("hash")));
        Document doc = AuditDocuments.toDocument(new AuditRecord(id, at, forged,
                new AuditRecord.Seal(chainId, seq, last.getString("hash"), hash, "forged", "AAAA")));

        records.insertOne(doc);

        VerificationReport.Break broken = breakOf(register.verify(), chainId);
        assertThat(broken.recordId()).isEqualTo(id);
        assertThat(broken.reason()).contains("signature is invalid");
    }

    @Test
    void verify_twoRecordsSwapped_isDetected() {
        appendSome(16);
        List<Document> chain = chainWithAtLeast(3);
        Object first = chain.get(0).get("_id");
        Object second = chain.get(1).get("_id");

        records.updateOne(Filters.eq("_id", first), Updates.set("seq", -1L));
        records.updateOne(Filters.eq("_id", second), Updates.set("seq", 1L));
        records.updateOne(Filters.eq("_id", first), Updates.set("seq", 2L));

        VerificationReport.Break broken = breakOf(register.verify(), chain.get(0).getInteger("chain"));
        assertThat(broken).isNotNull();
        assertThat(broken.recordId()).isEqualTo(second);
    }

    @Test
    void verify_chainRewrittenWithRecomputedHashesButNoKey_isDetected() {
        appendSome(16);
        List<Document> chain = chainWithAtLeast(3);
        String prev = chain.get(0).getString("prevHash");
        for (Document doc : chain) {
            AuditRecord original = AuditDocuments.toRecord(doc).record().orElseThrow();
            AuditEntry e = original.entry();
            AuditEntry changed = new AuditEntry(e.sourceSystemName(), e.action(), e.resource(), e.patientId(), "failed",
                    e.actor(), e.correlationId(), e.relatesTo(), e.query(), e.returnedPatientIds());
            String hash = Canonical.hash(Canonical.text(original.id(), original.recordedAt(), changed,
                    original.seal().chain(), original.seal().seq(), prev));
            records.replaceOne(Filters.eq("_id", doc.get("_id")), AuditDocuments.toDocument(new AuditRecord(original.id(),
                    original.recordedAt(), changed, new AuditRecord.Seal(original.seal().chain(), original.seal().seq(), prev,
                    hash, original.seal().keyVersion(), original.seal().signature()))));
            prev = hash;
        }

        VerificationReport.Break broken = breakOf(register.verify(), chain.get(0).getInteger("chain"));
        assertThat(broken.recordId()).isEqualTo(chain.get(0).get("_id"));
        assertThat(broken.reason()).contains("signature is invalid");
    }

    @Test
    void verify_unknownFieldAdded_isReportedAsMalformed() {
        appendSome(6);
        Document victim = chainWithAtLeast(1).get(0);

        records.updateOne(Filters.eq("_id", victim.get("_id")), Updates.set("note", "added later"));

        VerificationReport.Break broken = breakOf(register.verify(), victim.getInteger("chain"));
        assertThat(broken.reason()).contains("malformed").contains("note");
    }

    @Test
    void verify_wholeChainAndItsHeadDeleted_isDetected() {
        appendSome(16);
        int chain = chainWithAtLeast(1).get(0).getInteger("chain");

        records.deleteMany(Filters.eq("chain", chain));
        heads.deleteOne(Filters.eq("_id", chain));

        VerificationReport report = register.verify();
        assertThat(report.intact()).isFalse();
        assertThat(breakOf(report, chain).reason()).isEqualTo("chain head is missing");
    }

    @Test
    void verify_headResealedWithoutTheKey_isDetected() {
        appendSome(8);
        int chain = chainWithAtLeast(1).get(0).getInteger("chain");

        heads.updateOne(Filters.eq("_id", chain), Updates.set("seq", 0L));

        assertThat(breakOf(register.verify(), chain).reason()).isEqualTo("chain head signature is invalid");
    }

    @Test
    void verify_afterSigningKeyRotation_oldAndNewRecordsStayValid() {
        appendSome(6);
        vault.put(KEY, Keys.newKey());
        AuditRegister afterRotation = newRegister();

        afterRotation.append(entry(uuid(), "update", "attempted"));

        assertThat(afterRotation.verify().intact()).isTrue();
        assertThat(records.distinct("keyVersion", String.class).into(new HashSet<>())).hasSize(2);
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

        assertThat(acknowledged).hasSize(writers * perWriter);
        assertThat(records.countDocuments()).isEqualTo(writers * perWriter);
        assertThat(records.distinct("_id", String.class).into(new HashSet<>())).isEqualTo(acknowledged);
        VerificationReport report = register.verify();
        assertThat(report.intact()).isTrue();
        assertThat(report.records()).isEqualTo(writers * perWriter);
    }

    @Test
    void query_filtersAndPages_returnEachMatchOnceInStableOrder() {
        String patient = uuid();
        for (int i = 0; i < 45; i++) {
            register.append(entry(patient, i % 3 == 0 ? "update" : "read", "success"));
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
        AuditRecord second = register.append(new AuditEntry("patient-api", "search",
                new AuditEntry.Resource("patient-search", null, null), null, "success",
                new AuditEntry.Actor("client-2", null), "0af7651916cd43dd8448eb211c80319d", null, Map.of("postCode", "AB1 2CD"), null));

        assertThat(ids(new AuditQuery(null, "client-2", null, null, null, null, null, null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, "notFound", null, null, null, null, null, false, null))).containsExactly(first.id());
        assertThat(ids(new AuditQuery(null, null, null, null, "patient-search", null, null, null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, first.entry().resource().id(), null, null, null, false, null))).containsExactly(first.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, "0af7651916cd43dd8448eb211c80319d", null, null, false, null))).containsExactly(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, null, second.recordedAt(), second.recordedAt(), false, null)))
                .contains(second.id());
        assertThat(ids(new AuditQuery(null, null, null, null, null, null, null, null, first.recordedAt().minusMillis(1), false, null))).isEmpty();
        assertThat(register.find(second.id()).orElseThrow().query()).containsEntry("postCode", "AB1 2CD");
    }

    private List<String> ids(AuditQuery query) {
        return register.query(query, 100).records().stream().map(AuditRecord::id).toList();
    }
}
