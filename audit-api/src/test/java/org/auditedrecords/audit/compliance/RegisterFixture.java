package org.auditedrecords.audit.compliance;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.auditedrecords.audit.AuditLedger;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.ChainHead;
import org.auditedrecords.audit.ChainLink;
import org.auditedrecords.audit.ChainSigner;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.Keys;
import org.auditedrecords.common.secrets.LocalVault;

/**
 * A real register on the embedded store for the compliance tests, whose appends can be made to fail: the ledger is
 * the Mongo one, wrapped so a test can break "audited before it answers" on purpose.
 */
final class RegisterFixture implements AutoCloseable {
    private static final String KEY = "audit-chain-signing-key";

    final EmbeddedMongo mongo = EmbeddedMongo.inMemory();
    private final com.mongodb.client.MongoClient client = MongoConnections.create(mongo.connectionString(), "test");
    final FailingAppends ledger;
    final AuditRegister register;

    RegisterFixture(Path vaultDir, Clock clock) {
        LocalVault vault = new LocalVault(vaultDir, Clock.systemUTC());
        vault.put(KEY, Keys.newKey());
        MongoAuditLedger mongoLedger = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
        mongoLedger.createIndexes();
        ledger = new FailingAppends(mongoLedger);
        register = new AuditRegister(ledger, new ChainSigner(vault, KEY), clock, 2);
        register.initialize();
    }

    /** Every record in order, read straight from the ledger (no compliance entry is added by reading them). */
    List<AuditRecord> all() {
        return ledger.query(new AuditQuery(null, null, null, null, null, null, null, null, null, false, null), 10_000);
    }

    @Override
    public void close() {
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
        public Optional<ChainLink> lastLink(int chain) {
            return delegate.lastLink(chain);
        }

        @Override
        public void seal(ChainHead head) {
            delegate.seal(head);
        }

        @Override
        public void sealIfAbsent(ChainHead head) {
            delegate.sealIfAbsent(head);
        }

        @Override
        public List<ChainHead> heads() {
            return delegate.heads();
        }

        @Override
        public List<Integer> chainsWithRecords() {
            return delegate.chainsWithRecords();
        }

        @Override
        public Optional<AuditRecord> find(String id) {
            return delegate.find(id);
        }

        @Override
        public List<AuditRecord> query(AuditQuery query, int limit) {
            return delegate.query(query, limit);
        }

        @Override
        public void walk(int chain, Consumer<StoredRecord> visitor) {
            delegate.walk(chain, visitor);
        }
    }
}
