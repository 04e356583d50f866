package org.auditedrecords.common.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.auditedrecords.common.mongo.EmbeddedMongo.Durability;
import org.auditedrecords.common.mongo.MongoConnections;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The embedded store's durability promise, broken on purpose: writers insert, update, replace and delete from
 * several threads while the store's process is killed with SIGKILL; after a restart on the same file every
 * acknowledged write is there, and the one write each writer had in flight is either wholly there or wholly
 * absent.
 */
class KillDuringWritesTest {
    private static final int WRITERS = 8;
    private static final int WRITES_PER_ROUND = 200;

    /** What one writer knows of each of its documents: the last acknowledged value, and the one in flight. */
    private static final class Ledger {
        final Map<String, Integer> acknowledged = new HashMap<>();
        String inFlightId;
        Integer inFlightValue;
        int writes;
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void sigkillDuringConcurrentWrites_everyAcknowledgedWriteSurvivesTheRestart(Durability durability, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("store.mv");
        List<Ledger> ledgers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            try (StoreProcess store = StoreProcess.start(file, durability)) {
                if (round > 0) {
                    assertEverythingAcknowledgedIsThere(store.connectionString(), ledgers);
                }
                ledgers = writeUntilKilled(store, ledgers);
            }
        }
        try (StoreProcess store = StoreProcess.start(file, durability)) {
            assertEverythingAcknowledgedIsThere(store.connectionString(), ledgers);
        }
        assertThat(ledgers.stream().mapToInt(l -> l.writes).sum()).as("acknowledged writes")
                .isGreaterThanOrEqualTo(3 * WRITES_PER_ROUND);
    }

    private static List<Ledger> writeUntilKilled(StoreProcess store, List<Ledger> previous) throws Exception {
        List<Ledger> ledgers = previous.isEmpty() ? newLedgers() : previous;
        AtomicBoolean killed = new AtomicBoolean();
        Set<Throwable> unexpected = ConcurrentHashMap.newKeySet();
        List<Thread> writers = new ArrayList<>();
        try (MongoClient client = MongoConnections.create(store.connectionString(), "crash-test")) {
            MongoCollection<Document> docs = client.getDatabase("db").getCollection("docs");
            docs.createIndex(Indexes.ascending("owner", "slot"), new IndexOptions().unique(true));
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Ledger ledger = ledgers.get(w);
                Thread thread = new Thread(() -> {
                    try {
                        while (!killed.get()) {
                            writeOnce(docs, writer, ledger);
                        }
                    } catch (RuntimeException e) {
                        if (!killed.get()) {
                            unexpected.add(e);
                        }
                    }
                });
                thread.start();
                writers.add(thread);
            }
            // Kill at a random moment once enough writes are acknowledged, however slow the machine is today, and
            // anywhere in the store's checkpoint cycle: the kill lands up to two checkpoint intervals later, so
            // a round spans checkpoints taken, written and dropped from the log while the writers go on.
            int before = ledgers.stream().mapToInt(l -> l.writes).sum();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (acknowledgedSince(ledgers, before) < WRITES_PER_ROUND && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2 * DurableH2Backend.CHECKPOINT_INTERVAL.toMillis()));
            killed.set(true);
            store.kill();
            for (Thread writer : writers) {
                writer.join();
            }
        }
        assertThat(unexpected).as("errors before the kill").isEmpty();
        return ledgers;
    }

    /** One random write on one of this writer's documents, recorded as in flight until acknowledged. */
    private static void writeOnce(MongoCollection<Document> docs, int writer, Ledger ledger) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int slot = random.nextInt(20);
        String id = writer + "-" + slot;
        Integer current = ledger.acknowledged.get(id);
        int value = random.nextInt(1_000_000);
        ledger.inFlightId = id;
        if (current == null) {
            ledger.inFlightValue = value;
            docs.insertOne(new Document("_id", id).append("owner", writer).append("slot", slot).append("v", value));
        } else {
            switch (random.nextInt(3)) {
                case 0 -> {
                    ledger.inFlightValue = value;
                    docs.updateOne(Filters.eq("_id", id), Updates.set("v", value));
                }
                case 1 -> {
                    ledger.inFlightValue = value;
                    docs.replaceOne(Filters.eq("_id", id),
                            new Document("_id", id).append("owner", writer).append("slot", slot).append("v", value));
                }
                default -> {
                    ledger.inFlightValue = null;
                    docs.deleteOne(Filters.eq("_id", id));
                }
            }
        }
        if (ledger.inFlightValue == null) {
            ledger.acknowledged.remove(id);
        } else {
            ledger.acknowledged.put(id, ledger.inFlightValue);
        }
        ledger.inFlightId = null;
        ledger.writes++;
    }

    private static void assertEverythingAcknowledgedIsThere(String connectionString, List<Ledger> ledgers) {
        try (MongoClient client = MongoConnections.create(connectionString, "crash-test")) {
            MongoCollection<Document> docs = client.getDatabase("db").getCollection("docs");
            Map<String, Integer> stored = new HashMap<>();
            for (Document d : docs.find()) {
                stored.put(d.getString("_id"), d.getInteger("v"));
            }
            for (Ledger ledger : ledgers) {
                if (ledger.inFlightId != null) {
                    // Not acknowledged: either outcome is allowed, but only a whole one. Adopt what is stored.
                    Integer there = stored.get(ledger.inFlightId);
                    assertThat(there).as("in-flight write to " + ledger.inFlightId)
                            .isIn(ledger.acknowledged.get(ledger.inFlightId), ledger.inFlightValue);
                    if (there == null) {
                        ledger.acknowledged.remove(ledger.inFlightId);
                    } else {
                        ledger.acknowledged.put(ledger.inFlightId, there);
                    }
                    ledger.inFlightId = null;
                }
                ledger.acknowledged.forEach((id, value) ->
                        assertThat(stored.get(id)).as("acknowledged value of " + id).isEqualTo(value));
            }
            long expected = ledgers.stream().mapToLong(l -> l.acknowledged.size()).sum();
            assertThat(stored).as("documents").hasSize((int) expected);
            // The unique index came back consistent with the documents: a taken slot is refused.
            stored.keySet().stream().findFirst().ifPresent(id -> {
                Document taken = docs.find(Filters.eq("_id", id)).first();
                Document twin = new Document("_id", id + "-twin").append("owner", taken.getInteger("owner"))
                        .append("slot", taken.getInteger("slot"));
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> docs.insertOne(twin))
                        .as("duplicate of a stored (owner, slot)").isInstanceOf(com.mongodb.MongoWriteException.class);
            });
        }
    }

    /** Racy (writers update their counts unsynchronized) but only decides when to kill. */
    private static int acknowledgedSince(List<Ledger> ledgers, int before) {
        return ledgers.stream().mapToInt(l -> l.writes).sum() - before;
    }

    private static List<Ledger> newLedgers() {
        List<Ledger> ledgers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            ledgers.add(new Ledger());
        }
        return ledgers;
    }
}
