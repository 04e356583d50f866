package org.auditedrecords.audit.compliance;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.audit.AuditLedger;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.StoredLeaf;
import org.auditedrecords.audit.VerifiedPrefix;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;

/**
 * A real register on the embedded store for the compliance tests, whose appends can be made to fail: the ledger is
 * the Mongo one, wrapped so a test can break "audited before it answers" on purpose.
 */
final class RegisterFixture implements AutoCloseable {
    private static final String KEY = "audit-checkpoint-key";

    final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    private final com.mongodb.client.MongoClient client = MongoConnections.create(mongo.connectionString(), "test");
    final FailingAppends ledger;
    final AuditRegister register;

    /** @param dir holds the local vault (with the checkpoint key) and the witness directory */
    RegisterFixture(Path dir, Clock clock) {
        LocalVault vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
        vault.put(KEY, LocalCheckpointSigner.newKeyValue());
        MongoAuditLedger mongoLedger = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
        mongoLedger.createIndexes();
        ledger = new FailingAppends(mongoLedger);
        register = new AuditRegister(ledger, new LocalCheckpointSigner(vault, KEY, RegisterSettings.DEFAULT_ORIGIN,
                Duration.ofMinutes(5)), new DirectoryWitness(dir.resolve("witness")), clock,
                new RegisterSettings(RegisterSettings.DEFAULT_ORIGIN, 2, RegisterSettings.DEFAULT_EPOCH,
                        RegisterSettings.DEFAULT_CHECKPOINT_INTERVAL, RegisterSettings.DEFAULT_SEALING_WINDOW,
                        RegisterSettings.DEFAULT_VERIFY_BUDGET, RegisterSettings.DEFAULT_FULL_VERIFICATION_INTERVAL));
    }

    /** Every record in order, read straight from the ledger (no compliance entry is added by reading them). */
    List<AuditRecord> all() {
        return ledger.query(new AuditQuery(null, null, null, null, null, null, null, null, null, false, null), 10_000);
    }

    @Override
    public void close() {
        register.close();
        client.close();
        mongo.close();
    }

    /** The Mongo ledger, except that appends fail while {@link #failing} is set. */
    static final class FailingAppends implements AuditLedger {
        private final AuditLedger delegate;
        volatile boolean failing;

        FailingAppends(AuditLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(AuditRecord record) {
            if (failing) {
                throw new DependencyUnavailableException("audit store down (test)");
            }
            delegate.append(record);
        }

        @Override
        public void openLog(String log) {
            delegate.openLog(log);
        }

        @Override
        public Optional<StoredLeaf> find(String id) {
            return delegate.find(id);
        }

        @Override
        public Optional<StoredLeaf> leaf(String log, long index) {
            return delegate.leaf(log, index);
        }

        @Override
        public List<AuditRecord> query(AuditQuery query, int limit) {
            return delegate.query(query, limit);
        }

        @Override
        public List<StoredLeaf> leaves(String log, long fromIndex, int limit) {
            return delegate.leaves(log, fromIndex, limit);
        }

        @Override
        public long leafCount(String log) {
            return delegate.leafCount(log);
        }

        @Override
        public List<byte[]> leafHashes(String log, long size) {
            return delegate.leafHashes(log, size);
        }

        @Override
        public void saveCheckpoint(StoredCheckpoint checkpoint) {
            delegate.saveCheckpoint(checkpoint);
        }

        @Override
        public List<StoredCheckpoint> checkpoints(String log, long fromSize) {
            return delegate.checkpoints(log, fromSize);
        }

        @Override
        public Optional<StoredCheckpoint> latestCheckpoint(String log) {
            return delegate.latestCheckpoint(log);
        }

        @Override
        public Optional<StoredCheckpoint> checkpoint(String log, long size) {
            return delegate.checkpoint(log, size);
        }

        @Override
        public List<StoredCheckpoint> newestCheckpoints(String afterLog, int limit) {
            return delegate.newestCheckpoints(afterLog, limit);
        }

        @Override
        public List<String> logs(String fromLog) {
            return delegate.logs(fromLog);
        }

        @Override
        public Optional<VerifiedPrefix> verifiedPrefix(String log) {
            return delegate.verifiedPrefix(log);
        }

        @Override
        public void saveVerifiedPrefix(VerifiedPrefix prefix) {
            delegate.saveVerifiedPrefix(prefix);
        }

        @Override
        public Optional<FullVerification> fullVerification() {
            return delegate.fullVerification();
        }

        @Override
        public void saveFullVerification(FullVerification status) {
            delegate.saveFullVerification(status);
        }
    }
}
