package org.auditedrecords.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.auditedrecords.audit.AuditRecord;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.StoredLeaf;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditDocumentsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-04T05:06:07.089Z", "2026-03-04T05:06:07.089999999Z", "1969-12-31T23:59:59.999500Z"})
    void toDocument_recordedAt_isStoredAsTheMillisecondsItsTextFormShows(String recordedAt) {
        // given a record, its instant possibly finer than the milliseconds the register keeps
        AuditRecord record = new AuditRecord(AuditStoreContract.uuid(), Instant.parse(recordedAt),
                AuditStoreContract.entry(AuditStoreContract.uuid(), "read", "success"),
                new AuditRecord.Position("20260304T050000Z-0123456789ab", 3));
        String text = RecordJson.toJson(record).get("recordedAt").textValue();

        // when it is turned into a document and read back
        Document doc = AuditDocuments.toDocument(record);
        StoredLeaf leaf = AuditDocuments.toLeaf(doc);

        // then the stored date is the text form's instant, and the leaf read back hashes as the record did
        assertThat(doc.get("recordedAt")).isEqualTo(Date.from(Instant.parse(text)));
        assertThat(leaf.parsed()).isPresent();
        assertThat(RecordJson.toJson(leaf.parsed().get()).get("recordedAt").textValue()).isEqualTo(text);
        assertThat(leaf.hashMatches(RecordJson.leafHash(leaf.parsed().get()))).isTrue();
        assertThat(leaf.storedHash()).isEqualTo(RecordJson.leafHash(record));
    }

    @ParameterizedTest
    @ValueSource(strings = {"objectId", "binary", "int", "double", "decimal", "boolean", "date", "null", "array", "document"})
    void toLeaf_fieldOfAnotherBsonType_isReadAsMalformedNamingTheField(String type) {
        // given: a stored record whose patientId was replaced, through the driver, by a value of another BSON type
        AuditRecord record = new AuditRecord(AuditStoreContract.uuid(), Instant.parse("2026-03-04T05:06:07.089Z"),
                AuditStoreContract.entry(AuditStoreContract.uuid(), "read", "success"),
                new AuditRecord.Position("20260304T050000Z-0123456789ab", 3));
        Object value = switch (type) {
            case "objectId" -> new ObjectId();
            case "binary" -> new Binary(new byte[] {1, 2});
            case "int" -> 7;
            case "double" -> 7.5;
            case "decimal" -> Decimal128.parse("7");
            case "boolean" -> true;
            case "date" -> new Date(0);
            case "null" -> null;
            case "array" -> List.of(record.entry().patientId());
            default -> new Document("id", record.entry().patientId());
        };
        Document doc = AuditDocuments.toDocument(record).append("patientId", value);

        // when
        StoredLeaf leaf = AuditDocuments.toLeaf(doc);

        // then: malformed, because of that field; a null is an absent optional field, which changes the hash instead
        if (type.equals("null")) {
            assertThat(leaf.parsed()).isPresent();
            assertThat(leaf.hashMatches(RecordJson.leafHash(leaf.parsed().get()))).isFalse();
        } else {
            assertThat(leaf.parsed()).as(type).isEmpty();
            assertThat(leaf.problem()).as(type).isEqualTo("field patientId is not a string");
        }
        assertThat(leaf.index()).isEqualTo(3);
        assertThat(leaf.log()).isEqualTo("20260304T050000Z-0123456789ab");
    }
}
