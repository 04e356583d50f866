package org.auditedrecords.common.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class MongoIndexesTest {
    private final ThrottlingRetry retry = new ThrottlingRetry(1, Duration.ZERO, Duration.ZERO, d -> { });

    private static MongoCommandException error(int code) {
        return new MongoCommandException(new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
                .append("errmsg", new BsonString("index conflict")), new ServerAddress());
    }

    @Test
    void ensure_realServer_createsEachIndexWithItsUniqueness() {
        try (EmbeddedMongo server = EmbeddedMongo.inMemory();
             MongoClient client = MongoConnections.create(server.connectionString(), "test")) {
            MongoCollection<Document> collection = client.getDatabase("db").getCollection("c");

            MongoIndexes.ensure(collection, List.of(IndexSpec.uniqueOn("a", "b"), IndexSpec.on("c")), retry);
            MongoIndexes.ensure(collection, List.of(IndexSpec.uniqueOn("a", "b"), IndexSpec.on("c")), retry);

            List<Document> indexes = collection.listIndexes().into(new ArrayList<>());
            assertThat(indexes).extracting(i -> i.get("key", Document.class).keySet().stream().toList())
                    .contains(List.of("a", "b"), List.of("c"));
            assertThat(indexes).filteredOn(i -> i.get("key", Document.class).containsKey("a"))
                    .allSatisfy(i -> assertThat(i.getBoolean("unique")).isTrue());
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    void ensure_sameKeysUnderAnotherName_countsAsPresentButOtherErrorsFail() {
        MongoCollection<Document> collection = Mockito.mock(MongoCollection.class, Mockito.RETURNS_DEEP_STUBS);
        Mockito.when(collection.createIndex(Mockito.eq(Indexes.ascending(List.of("a"))), Mockito.any(IndexOptions.class)))
                .thenThrow(error(85));
        Mockito.when(collection.createIndex(Mockito.eq(Indexes.ascending(List.of("b"))), Mockito.any(IndexOptions.class)))
                .thenReturn("b_1");
        Mockito.when(collection.createIndex(Mockito.eq(Indexes.ascending(List.of("z"))), Mockito.any(IndexOptions.class)))
                .thenThrow(error(13));

        MongoIndexes.ensure(collection, List.of(IndexSpec.on("a"), IndexSpec.on("b")), retry);

        Mockito.verify(collection).createIndex(Mockito.eq(Indexes.ascending(List.of("b"))), Mockito.any(IndexOptions.class));
        assertThatThrownBy(() -> MongoIndexes.ensure(collection, List.of(IndexSpec.on("z")), retry))
                .isInstanceOf(DependencyUnavailableException.class);
    }
}
