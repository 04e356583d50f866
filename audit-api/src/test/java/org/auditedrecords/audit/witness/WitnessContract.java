package org.auditedrecords.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.VerificationReport;
import org.auditedrecords.audit.log.Witness;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;
import org.auditedrecords.common.secrets.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every witness must do, run against each one (the local directory, and the Blob container on Azurite): keep
 * each checkpoint for good, never replace one, answer the newest per log, and so let verification catch a store
 * rolled back behind it.
 */
abstract class WitnessContract {
    private static final String LOG_A = "20261201T100000Z-5f0c9a1e2b3d";
    private static final String LOG_B = "20261201T100000Z-000000000001";
    private static final String OTHER_EPOCH = "20261201T090000Z-5f0c9a1e2b3d";

    @TempDir
    Path dir;

    /** A new, empty witness. */
    abstract Witness witness();

    @Test
    void newest_afterSeveralCheckpoints_isTheLargestOfEachLogUnderThePrefix() {
        // given
        Witness witness = witness();
        witness.publish(LOG_A, 2, "note a2\n");
        witness.publish(LOG_A, 10, "note a10\n");
        witness.publish(LOG_A, 9, "note a9\n");
        witness.publish(LOG_B, 1, "note b1\n");
        witness.publish(OTHER_EPOCH, 5, "note o5\n");

        // when
        Map<String, String> newest = witness.newest("20261201T100000Z");

        // then
        assertThat(newest).containsExactly(Map.entry(LOG_B, "note b1\n"), Map.entry(LOG_A, "note a10\n"));
        assertThat(witness.newest("")).hasSize(3).containsEntry(OTHER_EPOCH, "note o5\n");
    }

    @Test
    void publish_sameNoteAgain_isANoOp() {
        // given
        Witness witness = witness();
        witness.publish(LOG_A, 3, "note a3\n");

        // when
        witness.publish(LOG_A, 3, "note a3\n");

        // then
        assertThat(witness.newest("")).containsExactly(Map.entry(LOG_A, "note a3\n"));
    }

    @Test
    void publish_differentNoteAtAHeldSize_isAConflictAndKeepsTheFirst() {
        // given
        Witness witness = witness();
        witness.publish(LOG_A, 3, "note a3\n");

        // when
        Throwable thrown = catchThrowable(() -> witness.publish(LOG_A, 3, "forked a3\n"));

        // then
        assertThat(thrown).isInstanceOf(Witness.WitnessConflictException.class)
                .hasMessage("The witness already holds a different checkpoint of log " + LOG_A + " at size 3");
        assertThat(witness.newest("")).containsExactly(Map.entry(LOG_A, "note a3\n"));
    }

    @Test
    void newest_emptyWitness_isEmpty() {
        assertThat(witness().newest("")).isEmpty();
    }

    @Test
    void verify_storeRolledBackBehindTheWitness_isReportedWithTheSizeItShouldHave() throws Exception {
        // given a register sealing into this witness
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:15:00Z"));
        LocalVault vault = new LocalVault(dir.resolve("vault"), clock);
        vault.put("k", LocalCheckpointSigner.newKeyValue());
        try (EmbeddedMongo server = EmbeddedMongo.inMemory();
             MongoClient client = MongoConnections.create(server.connectionString(), "witness-test")) {
            MongoDatabase database = client.getDatabase("audit");
            MongoAuditLedger ledger = new MongoAuditLedger(database, ThrottlingRetry.defaults());
            ledger.createIndexes();
            AuditRegister register = new AuditRegister(ledger, new LocalCheckpointSigner(vault, "k",
                    RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5)), witness(), clock, new RegisterSettings(
                    RegisterSettings.DEFAULT_ORIGIN, 1, Duration.ofHours(1), Duration.ofSeconds(1),
                    Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(6)));
            append(register, 3);
            register.seal();
            append(register, 4);
            register.seal();
            String log = database.getCollection(MongoAuditLedger.RECORDS).find().first().getString("log");

            // when the store is put back to its signed state at 3 records (an old backup, say)
            database.getCollection(MongoAuditLedger.RECORDS).deleteMany(Filters.gte("idx", 3));
            database.getCollection(MongoAuditLedger.CHECKPOINTS).deleteMany(Filters.gt("size", 3));
            database.getCollection(MongoAuditLedger.LOGS).updateOne(Filters.eq("_id", log), Updates.set("size", 3));
            VerificationReport report = register.verify();

            // then
            assertThat(report.intact()).isFalse();
            assertThat(report.logs()).singleElement().satisfies(l -> {
                assertThat(l.log()).isEqualTo(log);
                assertThat(l.witnessedSize()).isEqualTo(7);
                assertThat(l.firstBroken().reason()).isEqualTo("the log was rolled back or truncated: the witness"
                        + " holds a signed checkpoint of size 7 but the log has only 3 records");
            });
        }
    }

    private static void append(AuditRegister register, int count) {
        for (int i = 0; i < count; i++) {
            String patient = UUID.randomUUID().toString();
            register.append(new AuditEntry("patient-api", "read", new AuditEntry.Resource("patient", patient, null),
                    patient, "success", new AuditEntry.Actor("client-1", "10.0.0.1"), null, null, null, null));
        }
    }
}
