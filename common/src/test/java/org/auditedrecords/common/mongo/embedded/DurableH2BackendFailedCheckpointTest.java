package org.auditedrecords.common.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.auditedrecords.common.mongo.MongoConnections;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose chunk cannot be written (the disk fails under MVStore) must keep the redo log: every write
 * acknowledged before and after the failure is in the store when it is opened again on a working disk. Dropping the
 * log segments a checkpoint covers before its chunk is in the file would lose the writes since the last good one.
 */
class DurableH2BackendFailedCheckpointTest {
    @TempDir
    Path dir;

    @AfterEach
    void healDisk() {
        FailingFiles.failing = false;
    }

    @Test
    void checkpoint_chunkWriteFails_keepsTheRedoLogSoEveryAcknowledgedWriteSurvivesReopening() throws Exception {
        // given: a durable store on a disk that works, with 200 writes in a checkpoint
        FailingFiles.install();
        Path file = dir.resolve("store.mv");
        DurableH2Backend backend = DurableH2Backend.open(file, FailingFiles.PREFIX, false, Duration.ofMillis(100),
                Optional.empty());
        MongoServer server = new MongoServer(backend);
        Set<String> acknowledged = new HashSet<>();
        List<String> refused = new ArrayList<>();
        try (MongoClient client = MongoConnections.create(
                "mongodb://127.0.0.1:" + server.bind().getPort() + "/?retryWrites=false", "failed-checkpoint-test")) {
            MongoCollection<Document> docs = client.getDatabase("db").getCollection("docs");
            for (int i = 0; i < 200; i++) {
                docs.insertOne(new Document("_id", "before-" + i));
                acknowledged.add("before-" + i);
            }
            DurableH2BackendCompactionTest.awaitCheckpoint(backend);

            // when: the disk fails, and writes go on through the checkpoints that then fail
            FailingFiles.failing = true;
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int i = 0; (FailingFiles.refused.get() == 0 || i < 300) && System.nanoTime() < until; i++) {
                try {
                    docs.insertOne(new Document("_id", "after-" + i));
                    acknowledged.add("after-" + i);
                } catch (MongoException storeStopped) {
                    refused.add("after-" + i);
                }
            }
            Thread.sleep(300);

            // then: a checkpoint was tried and failed, writes acknowledged after the last good one are not in it,
            // and the redo log still holds them
            assertThat(FailingFiles.refused.get()).as("writes refused by the disk").isPositive();
            assertThat(acknowledged).as("writes acknowledged after the disk failed").anyMatch(id -> id.startsWith("after-"));
            assertThat(backend.checkpointedAll()).isFalse();
            try (Stream<Path> segments = Files.list(file.resolveSibling("store.mv.redo"))) {
                assertThat(segments.count()).as("redo log segments").isPositive();
            }
            // and closing says the store did not close cleanly, rather than pretending
            assertThatThrownBy(server::shutdownNow).hasRootCauseMessage("No space left on device (test)");
        } finally {
            FailingFiles.failing = false;
        }

        // and when the store is opened again on a working disk, every acknowledged write is there
        DurableH2Backend reopened = DurableH2Backend.open(file, false);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient client = MongoConnections.create(
                "mongodb://127.0.0.1:" + again.bind().getPort() + "/?retryWrites=false", "failed-checkpoint-test")) {
            Set<String> stored = new HashSet<>();
            client.getDatabase("db").getCollection("docs").find().forEach(d -> stored.add(d.getString("_id")));
            assertThat(stored).containsAll(acknowledged);
            assertThat(stored).as("nothing but what was sent").allMatch(id -> acknowledged.contains(id) || refused.contains(id));
        } finally {
            again.shutdownNow();
        }
    }
}
