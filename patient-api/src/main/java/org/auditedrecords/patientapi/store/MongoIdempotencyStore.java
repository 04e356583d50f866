package org.auditedrecords.patientapi.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.auditedrecords.common.mongo.DuplicateKeyException;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.idempotency.IdempotencyRecord;
import org.auditedrecords.idempotency.IdempotencyStore;
import org.auditedrecords.idempotency.StoredResponse;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Idempotency records on MongoDB / Cosmos DB for MongoDB, collection {@value #COLLECTION} sharded by {@code _id}:
 * {@code {_id: sha256(scope, key), scope, key, fingerprint, resourceId, response?: {status, body, headers},
 * attemptId?, createdAt, lockedUntil, expiresAt}}. Claiming is one insert on the unique {@code _id}; every other
 * write is conditional on the record being exactly as read (its dates and whether it has a response), so two
 * requests can never both take a key over. Expired documents are deleted by the collection's TTL in Azure (declared
 * in Terraform); the app checks {@code expiresAt} itself on every read, as no store is obliged to delete on time.
 */
public final class MongoIdempotencyStore implements IdempotencyStore {
    public static final String COLLECTION = "idempotencyKeys";
    private static final String WHAT = "idempotency record";
    private static final Set<String> FIELDS = Set.of(StoredDocuments.ID, "scope", "key", "fingerprint", "resourceId",
            "response", "attemptId", "createdAt", "lockedUntil", "expiresAt");

    private final MongoCollection<Document> records;
    private final ThrottlingRetry retry;

    public MongoIdempotencyStore(MongoDatabase database, ThrottlingRetry retry) {
        this.records = database.getCollection(COLLECTION);
        this.retry = retry;
    }

    @Override
    public boolean claim(IdempotencyRecord pending) {
        try {
            retry.run("claim idempotency key", () -> records.insertOne(toDocument(pending)));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String scope, String key) {
        Document found = retry.call("read idempotency key", () -> records.find(eq(StoredDocuments.ID, id(scope, key))).first());
        return Optional.ofNullable(found).map(MongoIdempotencyStore::toRecord);
    }

    @Override
    public boolean replace(IdempotencyRecord current, IdempotencyRecord next) {
        return retry.call("update idempotency key", () ->
                records.replaceOne(asRead(current), toDocument(next)).getMatchedCount() == 1);
    }

    @Override
    public void release(IdempotencyRecord pending) {
        retry.run("release idempotency key", () -> records.deleteOne(asRead(pending)));
    }

    private static Bson asRead(IdempotencyRecord record) {
        return and(eq(StoredDocuments.ID, id(record.scope(), record.key())),
                eq("createdAt", Date.from(record.createdAt())), eq("lockedUntil", Date.from(record.lockedUntil())),
                exists("response", record.completed()));
    }

    /** Keys are the client's text: hashed with the scope, they make a bounded id that reveals neither. */
    static String id(String scope, String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(scope.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static Document toDocument(IdempotencyRecord record) {
        Document doc = new Document(StoredDocuments.ID, id(record.scope(), record.key()))
                .append("scope", record.scope()).append("key", record.key())
                .append("fingerprint", record.fingerprint()).append("resourceId", record.resourceId());
        if (record.response() != null) {
            doc.append("response", new Document("status", record.response().status())
                    .append("body", record.response().body())
                    .append("headers", new Document(new LinkedHashMap<>(record.response().headers()))));
        }
        StoredDocuments.put(doc, "attemptId", record.attemptId());
        return doc.append("createdAt", Date.from(record.createdAt()))
                .append("lockedUntil", Date.from(record.lockedUntil()))
                .append("expiresAt", Date.from(record.expiresAt()));
    }

    private static IdempotencyRecord toRecord(Document doc) {
        StoredDocuments.allowOnly(doc, FIELDS, WHAT);
        StoredResponse response = null;
        if (doc.get("response") instanceof Document stored) {
            if (!(stored.get("headers") instanceof Document headers)) {
                throw StoredDocuments.malformed(WHAT, "has a response without headers");
            }
            Map<String, String> values = new LinkedHashMap<>();
            headers.forEach((name, value) -> values.put(name, String.valueOf(value)));
            response = new StoredResponse((int) StoredDocuments.number(stored, "status", WHAT),
                    StoredDocuments.required(stored, "body", WHAT), values);
        }
        return new IdempotencyRecord(StoredDocuments.required(doc, "scope", WHAT),
                StoredDocuments.required(doc, "key", WHAT), StoredDocuments.required(doc, "fingerprint", WHAT),
                StoredDocuments.required(doc, "resourceId", WHAT), response,
                StoredDocuments.optional(doc, "attemptId", WHAT),
                StoredDocuments.date(doc, "createdAt", WHAT).toInstant(),
                StoredDocuments.date(doc, "lockedUntil", WHAT).toInstant(),
                StoredDocuments.date(doc, "expiresAt", WHAT).toInstant());
    }
}
