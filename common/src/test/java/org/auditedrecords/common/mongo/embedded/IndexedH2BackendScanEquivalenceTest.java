package org.auditedrecords.common.mongo.embedded;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: whatever the documents and whichever index the planner picks, a query answered by the indexed backend
 * returns exactly what the stock H2 backend (which ignores non-unique indexes and scans) returns, order included,
 * also after random updates and deletes have moved documents between index keys. Random documents mix types in the
 * indexed fields, leave fields out, and hold arrays in one indexed field (a multikey index).
 */
class IndexedH2BackendScanEquivalenceTest {
    private static final int DOCUMENTS = 400;
    private static final int QUERIES = 300;
    private static final List<String> DISTINCT = List.of("a", "b", "k", "t", "r.t", "m", "_id");
    private static final List<String> SORTABLE = List.of("a", "b", "k", "s", "t", "r.t", "m");

    private final List<Started> servers = new ArrayList<>();
    private MongoCollection<Document> indexed;
    private MongoCollection<Document> scanned;

    @BeforeEach
    void startBoth() {
        indexed = start(IndexedH2Backend.inMemory());
        scanned = start(H2Backend.inMemory());
        for (MongoCollection<Document> c : List.of(indexed, scanned)) {
            c.createIndex(Indexes.ascending("a"));
            c.createIndex(Indexes.ascending("b"));
            c.createIndex(Indexes.ascending("a", "b"));
            c.createIndex(Indexes.ascending("t", "_id"));
            c.createIndex(Indexes.ascending("r.t"));
            c.createIndex(Indexes.ascending("m"));
            c.createIndex(Indexes.ascending("k", "s"), new IndexOptions().unique(true));
        }
    }

    @AfterEach
    void stopBoth() {
        servers.forEach(Started::close);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void find_randomDocumentsAndQueries_returnsWhatAScanReturns(long seed) {
        // given
        Random random = new Random(seed);
        for (int i = 0; i < DOCUMENTS; i++) {
            Document document = randomDocument(random, i);
            both(c -> c.insertOne(new Document(document)));
        }
        for (int i = 0; i < DOCUMENTS / 4; i++) {
            Bson filter = randomFilter(random);
            Bson update = Updates.set(random.nextBoolean() ? "a" : "b", randomScalar(random));
            if (random.nextInt(3) == 0) {
                both(c -> c.deleteOne(filter));
            } else {
                both(c -> c.updateMany(filter, update));
            }
        }

        int fromAnIndex = 0;
        for (int q = 0; q < QUERIES; q++) {
            Bson filter = randomFilter(random);
            Bson sort = randomSort(random);
            int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(15);
            int skip = random.nextInt(5) == 0 ? random.nextInt(5) : 0;

            // when
            List<Document> fromIndex = run(indexed, filter, sort, skip, limit);
            List<Document> fromScan = run(scanned, filter, sort, skip, limit);
            fromAnIndex += explain(indexed, filter, sort).toJson().contains("IXSCAN") ? 1 : 0;

            // then
            assertThat(fromIndex)
                    .as("seed %d query %d: filter %s sort %s skip %d limit %d", seed, q, filter, sort, skip, limit)
                    .isEqualTo(fromScan);
            assertThat(indexed.countDocuments(filter)).as("seed %d query %d: count %s", seed, q, filter)
                    .isEqualTo(scanned.countDocuments(filter));
            String field = DISTINCT.get(random.nextInt(DISTINCT.size()));
            Bson onField = random.nextInt(3) == 0 ? new Document() : randomConditionOn(random, field);
            assertThat(indexed.distinct(field, onField, BsonValue.class).into(new ArrayList<>()))
                    .as("seed %d query %d: distinct %s where %s", seed, q, field, onField)
                    .isEqualTo(scanned.distinct(field, onField, BsonValue.class).into(new ArrayList<>()));
        }
        assertThat(fromAnIndex).as("queries answered from an index").isGreaterThan(QUERIES * 2 / 3);
    }

    private static Document explain(MongoCollection<Document> c, Bson filter, Bson sort) {
        FindIterable<Document> find = c.find(filter);
        return (sort == null ? find : find.sort(sort)).explain();
    }

    private static List<Document> run(MongoCollection<Document> c, Bson filter, Bson sort, int skip, int limit) {
        FindIterable<Document> find = c.find(filter).skip(skip).limit(limit);
        if (sort != null) {
            find.sort(sort);
        }
        return find.into(new ArrayList<>());
    }

    private static Document randomDocument(Random random, int i) {
        Document document = new Document("_id", String.format("id-%05d", random.nextInt(100_000)) + "-" + i);
        if (random.nextInt(10) > 0) {
            document.append("a", randomScalar(random));
        }
        if (random.nextInt(10) > 0) {
            document.append("b", "b" + random.nextInt(12));
        }
        // k leads a unique index, so the documents of one k are in s order there, not in the scan's: its one number
        // in three Java types makes a distinct over it keep the scan's first.
        int k = random.nextInt(4);
        document.append("k", switch (random.nextInt(3)) {
            case 0 -> (Object) k;
            case 1 -> (long) k;
            default -> (double) k;
        }).append("s", (long) i);
        document.append("t", Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(50) * 1000L));
        if (random.nextBoolean()) {
            document.append("r", new Document("t", random.nextBoolean() ? "patient" : "test"));
        }
        switch (random.nextInt(4)) {
            case 0 -> document.append("m", List.of(random.nextInt(6), random.nextInt(6)));
            case 1 -> document.append("m", List.of());
            case 2 -> document.append("m", random.nextInt(6));
            default -> { }
        }
        return document;
    }

    /** Numbers of three Java types, strings and booleans in one field: the index must order them as the server does. */
    private static Object randomScalar(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(8);
            case 1 -> (long) random.nextInt(8);
            case 2 -> random.nextInt(8) + 0.5;
            case 3 -> "s" + random.nextInt(8);
            default -> random.nextBoolean();
        };
    }

    private static Bson randomFilter(Random random) {
        List<Bson> parts = new ArrayList<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n + 1; i++) {
            parts.add(randomCondition(random));
        }
        return parts.size() == 1 ? parts.get(0) : and(parts);
    }

    private static Bson randomCondition(Random random) {
        return switch (random.nextInt(13)) {
            case 0 -> eq("a", randomScalar(random));
            case 1 -> eq("b", "b" + random.nextInt(12));
            case 2 -> and(eq("k", random.nextInt(4)), eq("s", (long) random.nextInt(DOCUMENTS)));
            case 3 -> eq("k", random.nextInt(4));
            case 4 -> gt("a", randomScalar(random));
            case 5 -> lte("a", randomScalar(random));
            case 6 -> and(gte("s", (long) random.nextInt(DOCUMENTS)), lt("s", (long) random.nextInt(DOCUMENTS)));
            case 7 -> gt("_id", String.format("id-%05d", random.nextInt(100_000)));
            case 8 -> eq("r.t", random.nextBoolean() ? "patient" : "test");
            case 9 -> eq("m", random.nextInt(6));
            case 10 -> or(eq("a", randomScalar(random)), eq("b", "b" + random.nextInt(12)));
            case 11 -> and(gt("m", random.nextInt(6)), lt("m", random.nextInt(6)));
            default -> gte("t", Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(50) * 1000L));
        };
    }

    /** A condition on {@code field} alone (a distinct over it may then skip through its index). */
    private static Bson randomConditionOn(Random random, String field) {
        return switch (field) {
            case "a" -> random.nextBoolean() ? gt("a", randomScalar(random)) : eq("a", randomScalar(random));
            case "b" -> random.nextBoolean() ? eq("b", "b" + random.nextInt(12)) : lt("b", "b" + random.nextInt(12));
            case "k" -> gte("k", random.nextInt(4));
            case "t" -> lt("t", Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(50) * 1000L));
            case "r.t" -> eq("r.t", random.nextBoolean() ? "patient" : "test");
            case "m" -> eq("m", random.nextInt(6));
            default -> gt("_id", String.format("id-%05d", random.nextInt(100_000)));
        };
    }

    private static Bson randomSort(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> Sorts.ascending("_id");
            case 2 -> Sorts.descending("_id");
            case 3 -> Sorts.descending("s");
            case 4 -> Sorts.ascending(SORTABLE.get(random.nextInt(SORTABLE.size())), "_id");
            default -> Sorts.descending("t", "_id");
        };
    }

    private void both(Consumer<MongoCollection<Document>> write) {
        write.accept(indexed);
        write.accept(scanned);
    }

    private MongoCollection<Document> start(MongoBackend backend) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort() + "/?retryWrites=false");
        servers.add(new Started(server, client));
        return client.getDatabase("db").getCollection("c");
    }

    private record Started(MongoServer server, MongoClient client) {
        void close() {
            client.close();
            server.shutdownNow();
        }
    }
}
