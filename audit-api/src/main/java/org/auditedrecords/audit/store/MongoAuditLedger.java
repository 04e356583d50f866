package org.auditedrecords.audit.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.auditedrecords.audit.AuditLedger;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.FullVerification;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.StoredLeaf;
import org.auditedrecords.audit.VerifiedPrefix;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.common.mongo.DuplicateKeyException;
import org.auditedrecords.common.mongo.IndexSpec;
import org.auditedrecords.common.mongo.MongoIndexes;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.conversions.Bson;

/**
 * The audit ledger on MongoDB / Cosmos DB for MongoDB. Records and checkpoints are sharded by {@code log}: a log
 * is one epoch of one writer, so no logical partition outgrows what one writer can append in one epoch (README:
 * capacity). The unique (log, idx) index — Cosmos allows unique indexes only when they contain the shard key — makes
 * a second leaf at an index impossible. No transactions: an append is one insert, every call one retried request.
 */
public final class MongoAuditLedger implements AuditLedger {
    public static final String RECORDS = "auditRecords";
    public static final String CHECKPOINTS = "auditCheckpoints";
    public static final String LOGS = "auditLogs";
    public static final String VERIFICATION = "auditVerification";
    private static final String FULL = "full";
    private static final String PREFIX = "prefix:";

    private final MongoCollection<Document> records;
    private final MongoCollection<StoredLeaf> leaves;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> verification;
    private final ThrottlingRetry retry;
    private final ObjectMapper json = Json.newMapper();

    public MongoAuditLedger(MongoDatabase database, ThrottlingRetry retry) {
        this.records = database.getCollection(RECORDS);
        this.leaves = records.withDocumentClass(StoredLeaf.class).withCodecRegistry(
                CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(AuditDocuments.LEAVES), records.getCodecRegistry()));
        this.checkpoints = database.getCollection(CHECKPOINTS);
        this.logs = database.getCollection(LOGS);
        this.verification = database.getCollection(VERIFICATION);
        this.retry = retry;
    }

    /**
     * The record indexes: the unique leaf position, the query order, and every filter. Terraform declares the same
     * list for Cosmos DB (checked by env-terraform's AuditIndexesTest).
     */
    public static final List<IndexSpec> RECORD_INDEXES = List.of(
            IndexSpec.uniqueOn("log", "idx"),
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

    public static final List<IndexSpec> CHECKPOINT_INDEXES = List.of(IndexSpec.uniqueOn("log", "size"));

    /** Creates the indexes the queries and the logs rely on (idempotent). */
    public void createIndexes() {
        MongoIndexes.ensure(records, RECORD_INDEXES, retry);
        MongoIndexes.ensure(checkpoints, CHECKPOINT_INDEXES, retry);
    }

    @Override
    public void openLog(String log) {
        try {
            retry.run("open audit log", () -> logs.insertOne(new Document("_id", log)));
        } catch (DuplicateKeyException alreadyOpen) {
            // Opening is idempotent.
        }
    }

    @Override
    public void append(AuditRecord record) {
        try {
            retry.run("append audit record", () -> records.insertOne(AuditDocuments.toDocument(record)));
        } catch (DuplicateKeyException e) {
            throw new LeafTakenException(record.position().log(), record.position().index());
        }
    }

    @Override
    public Optional<StoredLeaf> find(String id) {
        return Optional.ofNullable(retry.call("read audit record", () -> leaves.find(eq("_id", id)).first()));
    }

    @Override
    public Optional<StoredLeaf> leaf(String log, long index) {
        return Optional.ofNullable(retry.call("read audit leaf", () -> leaves.find(and(eq("log", log), eq("idx", index))).first()));
    }

    @Override
    public List<AuditRecord> query(AuditQuery query, int limit) {
        Bson filter = filter(query);
        Bson sort = query.descending() ? Sorts.descending("recordedAt", "_id") : Sorts.ascending("recordedAt", "_id");
        return retry.call("query audit records", () -> {
            List<AuditRecord> result = new ArrayList<>();
            leaves.find(filter).sort(sort).limit(limit).forEach(leaf -> leaf.parsed().ifPresent(result::add));
            return result;
        });
    }

    @Override
    public List<StoredLeaf> leaves(String log, long fromIndex, int limit) {
        return retry.call("read audit leaves", () -> {
            List<StoredLeaf> page = new ArrayList<>();
            leaves.find(and(eq("log", log), gte("idx", fromIndex))).sort(Sorts.ascending("idx")).limit(limit)
                    .batchSize(limit).forEach(page::add);
            return page;
        });
    }

    @Override
    public long leafCount(String log) {
        return retry.call("count audit leaves", () -> records.countDocuments(eq("log", log)));
    }

    @Override
    public List<byte[]> leafHashes(String log, long size) {
        return retry.call("read audit leaf hashes", () -> {
            List<byte[]> hashes = new ArrayList<>();
            for (Document d : records.find(and(eq("log", log), lt("idx", size))).sort(Sorts.ascending("idx"))
                    .projection(Projections.include("idx", "leafHash")).batchSize(5000)) {
                Object index = d.get("idx");
                Object hash = d.get("leafHash");
                if (!(index instanceof Number n) || n.longValue() != hashes.size() || !(hash instanceof String h)) {
                    break; // a gap or a damaged leaf: the caller sees fewer hashes than it asked for
                }
                try {
                    hashes.add(Base64.getDecoder().decode(h));
                } catch (IllegalArgumentException damaged) {
                    break;
                }
            }
            return hashes;
        });
    }

    @Override
    public void saveCheckpoint(StoredCheckpoint checkpoint) {
        Document doc = new Document("_id", checkpoint.log() + "/" + checkpoint.size()).append("log", checkpoint.log())
                .append("size", checkpoint.size()).append("note", checkpoint.note());
        try {
            retry.run("store audit checkpoint", () -> checkpoints.insertOne(doc));
        } catch (DuplicateKeyException alreadyStored) {
            // The same (log, size) is only ever signed once by its one writer.
        }
        retry.run("advance audit log", () -> logs.updateOne(
                and(eq("_id", checkpoint.log()), or(exists("size", false), lt("size", checkpoint.size()))),
                new Document("$set", new Document("size", checkpoint.size()).append("note", checkpoint.note()))));
    }

    @Override
    public List<StoredCheckpoint> checkpoints(String log, long fromSize) {
        Bson filter = fromSize <= 0 ? eq("log", log) : and(eq("log", log), gte("size", fromSize));
        return retry.call("read audit checkpoints", () -> {
            List<StoredCheckpoint> found = new ArrayList<>();
            checkpoints.find(filter).sort(Sorts.ascending("size")).forEach(d -> toCheckpoint(d).ifPresent(found::add));
            return found;
        });
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint(String log) {
        return retry.call("read audit checkpoint", () -> Optional.ofNullable(
                checkpoints.find(eq("log", log)).sort(Sorts.descending("size")).limit(1).first()))
                .flatMap(MongoAuditLedger::toCheckpoint);
    }

    @Override
    public Optional<StoredCheckpoint> checkpoint(String log, long size) {
        return retry.call("read audit checkpoint", () -> Optional.ofNullable(
                checkpoints.find(and(eq("log", log), eq("size", size))).first()))
                .flatMap(MongoAuditLedger::toCheckpoint);
    }

    @Override
    public List<StoredCheckpoint> newestCheckpoints(String afterLog, int limit) {
        Bson filter = afterLog == null ? exists("size") : and(exists("size"), gt("_id", afterLog));
        return retry.call("list audit logs", () -> {
            List<StoredCheckpoint> found = new ArrayList<>();
            logs.find(filter).sort(Sorts.ascending("_id")).limit(limit).forEach(d -> {
                if (d.get("_id") instanceof String log && d.get("size") instanceof Number size && d.get("note") instanceof String note) {
                    found.add(new StoredCheckpoint(log, size.longValue(), note));
                }
            });
            return found;
        });
    }

    @Override
    public List<String> logs(String fromLog) {
        return retry.call("list audit logs", () -> {
            TreeSet<String> ids = new TreeSet<>();
            Bson fromId = fromLog == null ? new Document() : gte("_id", fromLog);
            Bson fromField = fromLog == null ? new Document() : gte("log", fromLog);
            logs.find(fromId).projection(Projections.include("_id")).forEach(d -> {
                if (d.get("_id") instanceof String id) {
                    ids.add(id);
                }
            });
            records.distinct("log", fromField, String.class).forEach(ids::add);
            checkpoints.distinct("log", fromField, String.class).forEach(ids::add);
            return List.copyOf(ids);
        });
    }

    @Override
    public Optional<VerifiedPrefix> verifiedPrefix(String log) {
        Document d = retry.call("read audit verification", () -> verification.find(eq("_id", PREFIX + log)).first());
        try {
            List<byte[]> range = new ArrayList<>();
            for (Object hash : d.getList("range", Object.class)) {
                range.add(Base64.getDecoder().decode((String) hash));
            }
            return Optional.of(new VerifiedPrefix(log, ((Number) d.get("size")).longValue(), range));
        } catch (RuntimeException absentOrDamaged) {
            // Not trusted anyway: a missing or damaged prefix means walking the log from its first leaf.
            return Optional.empty();
        }
    }

    @Override
    public void saveVerifiedPrefix(VerifiedPrefix prefix) {
        List<String> range = prefix.range().stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
        retry.run("store audit verification", () -> verification.replaceOne(eq("_id", PREFIX + prefix.log()),
                new Document("_id", PREFIX + prefix.log()).append("size", prefix.size()).append("range", range),
                new com.mongodb.client.model.ReplaceOptions().upsert(true)));
    }

    @Override
    public Optional<FullVerification> fullVerification() {
        Document d = retry.call("read audit verification", () -> verification.find(eq("_id", FULL)).first());
        if (d == null || !(d.get("state") instanceof String state)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(state, FullVerification.class));
        } catch (JsonProcessingException damaged) {
            return Optional.empty();
        }
    }

    @Override
    public void saveFullVerification(FullVerification status) {
        String state;
        try {
            state = json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A verification status always serializes", e);
        }
        retry.run("store audit verification", () -> verification.replaceOne(eq("_id", FULL),
                new Document("_id", FULL).append("state", state), new com.mongodb.client.model.ReplaceOptions().upsert(true)));
    }

    private static Optional<StoredCheckpoint> toCheckpoint(Document d) {
        if (d.get("log") instanceof String log && d.get("size") instanceof Number size && d.get("note") instanceof String note) {
            return Optional.of(new StoredCheckpoint(log, size.longValue(), note));
        }
        // A damaged checkpoint document is left out; the witness still holds the checkpoint it stood for.
        return Optional.empty();
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
}
