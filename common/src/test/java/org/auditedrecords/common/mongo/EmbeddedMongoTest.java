package org.auditedrecords.common.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoTest {

    @Test
    void persistent_acknowledgedWrite_survivesRestartOnTheSameFile(@TempDir Path dir) {
        Path file = dir.resolve("store.mv");
        try (EmbeddedMongo server = EmbeddedMongo.persistent(file, "127.0.0.1", 0);
             MongoClient client = MongoConnections.create(server.connectionString(), "test")) {
            client.getDatabase("db").getCollection("c").insertOne(new Document("_id", "a").append("v", 1));
        }

        try (EmbeddedMongo server = EmbeddedMongo.persistent(file, "127.0.0.1", 0);
             MongoClient client = MongoConnections.create(server.connectionString(), "test")) {
            Document found = client.getDatabase("db").getCollection("c").find(new Document("_id", "a")).first();
            assertThat(found).isNotNull();
            assertThat(found.getInteger("v")).isEqualTo(1);
        }
    }

    @Test
    void connectionString_pointsAtTheBoundAddressWithRetryWritesOff() {
        try (EmbeddedMongo server = EmbeddedMongo.inMemory()) {
            assertThat(server.connectionString())
                    .isEqualTo("mongodb://127.0.0.1:" + server.address().getPort() + "/?retryWrites=false");
        }
    }
}
