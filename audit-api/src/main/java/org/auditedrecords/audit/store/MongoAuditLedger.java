package org.auditedrecords.audit.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.auditedrecords.audit.AuditLedger;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.ChainConflictException;
import org.auditedrecords.audit.ChainHead;
import org.auditedrecords.audit.ChainLink;
import org.auditedrecords.common.mongo.DuplicateKeyException;
import org.auditedrecords.common.mongo.IndexSpec;
import org.auditedrecords.common.mongo.MongoIndexes;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The audit ledger on MongoDB / Cosmos DB for MongoDB. Records are sharded by {@code chain}, so the unique
 * (chain, seq) index — which Cosmos only allows when it contains the shard key — is what makes two writers of one
 * chain conflict instead of forking it. No transactions: an append is one insert, a head update one conditional
 * update.
 */
public final class MongoAuditLedger implements AuditLedger {
    public static final String RECORDS = "auditRecords";
    public static final String HEADS = "auditChainHeads";

    private final MongoCollection<Document> records;
    private final MongoCollection<Document> heads;
    private final ThrottlingRetry retry;

    public MongoAuditLedger(MongoDatabase database, ThrottlingRetry retry) {
        this.records = database.getCollection(RECORDS);
        this.heads = database.getCollection(HEADS);
        this.retry = retry;
    }

    /**
     * The record indexes: the unique chain position, the query order, and every filter. Terraform declares the same
     * list for Cosmos DB (checked by env-terraform's AuditIndexesTest).
     */
    public static final List<IndexSpec> RECORD_INDEXES = List.of(
            IndexSpec.uniqueOn("chain", "seq"),
            IndexSpec.on("recordedAt", "_id"),
            IndexSpec.on("patientId"),
            // A patient's trail includes the searches that returned them: the patientId filter also matches here.
            IndexSpec.on("returnedPatientIds"),
            IndexSpec.on("actor.clientId"),
            IndexSpec.on("action"),
            IndexSpec.on("outcome"),
            IndexSpec.on("resource.type"),
            IndexSpec.on("resource.id"),
            IndexSpec.on("correlationId"));

    /** Creates the indexes the queries and the chain rely on (idempotent). */
    public void createIndexes() {
        MongoIndexes.ensure(records, RECORD_INDEXES, retry);
    }

    @Override
    public Optional<ChainLink> lastLink(int chain) {
        Document last = retry.call("read audit chain tip", () -> records.find(eq("chain", chain))
                .sort(Sorts.descending("seq")).projection(Projections.include("seq", "hash")).limit(1).first());
        return Optional.ofNullable(last)
                .map(d -> new ChainLink(chain, ((Number) d.get("seq")).longValue(), d.getString("hash")));
    }

    @Override
    public void append(AuditRecord record) {
        try {
            retry.run("append audit record", () -> records.insertOne(AuditDocuments.toDocument(record)));
        } catch (DuplicateKeyException e) {
            throw new ChainConflictException(record.seal().chain(), record.seal().seq());
        }
    }

    @Override
    public void seal(ChainHead head) {
        retry.run("advance audit chain head", () ->
                heads.updateOne(and(eq("_id", head.chain()), lt("seq", head.seq())), new Document("$set", headFields(head))));
    }

    @Override
    public void sealIfAbsent(ChainHead head) {
        try {
            retry.run("create audit chain head", () -> heads.updateOne(eq("_id", head.chain()),
                    new Document("$setOnInsert", headFields(head)), new UpdateOptions().upsert(true)));
        } catch (DuplicateKeyException raced) {
            // Another instance created it at the same moment: the head exists, which is all that was asked.
        }
    }

    @Override
    public List<ChainHead> heads() {
        List<ChainHead> result = new ArrayList<>();
        retry.run("read audit chain heads", () -> heads.find().forEach(d -> AuditDocuments.toHead(d).ifPresent(result::add)));
        return result;
    }

    @Override
    public List<Integer> chainsWithRecords() {
        List<Integer> chains = new ArrayList<>();
        retry.run("list audit chains", () -> records.distinct("chain", Integer.class).forEach(chains::add));
        return chains;
    }

    @Override
    public Optional<AuditRecord> find(String id) {
        Document found = retry.call("read audit record", () -> records.find(eq("_id", id)).first());
        return Optional.ofNullable(found).flatMap(d -> AuditDocuments.toRecord(d).record());
    }

    @Override
    public List<AuditRecord> query(AuditQuery query, int limit) {
        Bson filter = filter(query);
        Bson sort = query.descending() ? Sorts.descending("recordedAt", "_id") : Sorts.ascending("recordedAt", "_id");
        List<AuditRecord> result = new ArrayList<>();
        retry.run("query audit records", () -> {
            result.clear();
            records.find(filter).sort(sort).limit(limit)
                    .forEach(d -> AuditDocuments.toRecord(d).record().ifPresent(result::add));
        });
        return result;
    }

    @Override
    public void walk(int chain, Consumer<StoredRecord> visitor) {
        retry.run("walk audit chain", () -> records.find(eq("chain", chain)).sort(Sorts.ascending("seq")).batchSize(500)
                .forEach(d -> visitor.accept(AuditDocuments.toRecord(d).stored())));
    }

    private static Bson filter(AuditQuery q) {
        List<Bson> filters = new ArrayList<>();
        if (q.patientId() != null) {
            // Each branch is served by its own index (patientId, and the multikey returnedPatientIds).
            filters.add(or(eq("patientId", q.patientId()), eq("returnedPatientIds", q.patientId())));
        }
        addEq(filters, "actor.clientId", q.clientId());
        addEq(filters, "action", q.action());
        addEq(filters, "outcome", q.outcome());
        addEq(filters, "resource.type", q.resourceType());
        addEq(filters, "resource.id", q.resourceId());
        addEq(filters, "correlationId", q.correlationId());
        if (q.from() != null) {
            filters.add(gte("recordedAt", Date.from(q.from())));
        }
        if (q.to() != null) {
            filters.add(lte("recordedAt", Date.from(q.to())));
        }
        if (q.after() != null) {
            Date at = Date.from(q.after().recordedAt());
            filters.add(q.descending()
                    ? or(lt("recordedAt", at), and(eq("recordedAt", at), lt("_id", q.after().id())))
                    : or(gt("recordedAt", at), and(eq("recordedAt", at), gt("_id", q.after().id()))));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }

    private static void addEq(List<Bson> filters, String field, String value) {
        if (value != null) {
            filters.add(eq(field, value));
        }
    }

    private static Document headFields(ChainHead head) {
        return new Document("seq", head.seq()).append("hash", head.hash()).append("keyVersion", head.keyVersion())
                .append("signature", head.signature()).append("sealedAt", Date.from(head.sealedAt()));
    }
}
