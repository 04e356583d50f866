package org.auditedrecords.common.mongo.embedded;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.auditedrecords.common.mongo.IndexSpec;
import org.auditedrecords.common.mongo.MongoIndexes;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query shapes the apps send, through the real driver, answered from the declared indexes: explain shows the
 * index and how few documents were examined, however many the collection holds.
 */
class IndexedH2BackendTest {
    private static final int PATIENTS = 2_000;
    private static final List<IndexSpec> DECLARED = List.of(
            IndexSpec.on("patientId"), IndexSpec.on("lastName"), IndexSpec.uniqueOn("chain", "seq"));

    @Test
    void find_idWithShardKey_isAPointReadOfTheIdIndex() {
        withCollection(IndexedH2Backend.inMemory(), patients -> {
            // given
            String id = idOf(1234);

            // when
            Document explained = patients.find(and(eq("_id", id), eq("patientId", "p-34"))).explain();

            // then
            assertThat(indexName(explained)).isEqualTo("_id_");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(1);
            assertThat(stats(explained, "nReturned")).isEqualTo(1);
        });
    }

    @Test
    void find_equalityOnASecondaryIndexSortedById_examinesOnlyItsDocuments() {
        withCollection(IndexedH2Backend.inMemory(), tests -> {
            // given: patient p-7 has the tests whose number ends in 07
            String patient = "p-7";

            // when
            List<Document> found = tests.find(eq("patientId", patient)).sort(Sorts.ascending("_id")).into(new ArrayList<>());
            Document explained = tests.find(eq("patientId", patient)).sort(Sorts.ascending("_id")).explain();

            // then
            assertThat(found).hasSize(PATIENTS / 100);
            assertThat(found).extracting(d -> d.getString("_id")).isSorted();
            assertThat(indexName(explained)).isEqualTo("patientId_1");
            assertThat(stage(explained)).as("the sort comes from the index").isEqualTo("FETCH");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(PATIENTS / 100);
        });
    }

    @Test
    void find_chainTip_readsOneEntryOfTheUniqueCompoundIndexBackwards() {
        withCollection(IndexedH2Backend.inMemory(), records -> {
            // when
            Document tip = records.find(eq("chain", 3)).sort(Sorts.descending("seq")).limit(1).first();
            Document explained = records.find(eq("chain", 3)).sort(Sorts.descending("seq")).limit(1).explain();

            // then
            assertThat(tip).isNotNull();
            assertThat(tip.getLong("seq")).isEqualTo(PATIENTS - 1 - (PATIENTS - 1 - 3) % 4);
            assertThat(indexName(explained)).isEqualTo("chain_1_seq_1");
            assertThat(explained.toJson()).contains("\"direction\": \"backward\"");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(1);
        });
    }

    @Test
    void find_pageAfterAnIdWithLimit_stopsAfterTheLimit() {
        withCollection(IndexedH2Backend.inMemory(), patients -> {
            // when
            Bson filter = and(eq("lastName", "Smith"), gt("_id", idOf(500)));
            List<Document> page = patients.find(filter).sort(Sorts.ascending("_id")).limit(20).into(new ArrayList<>());
            Document explained = patients.find(filter).sort(Sorts.ascending("_id")).limit(20).explain();

            // then
            assertThat(page).hasSize(20);
            assertThat(page).extracting(d -> d.getString("_id")).startsWith(idOf(510), idOf(520)).endsWith(idOf(700));
            assertThat(indexName(explained)).isEqualTo("lastName_1");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(20);
        });
    }

    @Test
    void find_orOfIndexedBranchesSorted_examinesOnlyTheBranchesDocuments() {
        withCollection(IndexedH2Backend.inMemory(), patients -> {
            // given: a patient's trail is the records about them or the searches that returned them, newest first
            Bson filter = and(Filters.or(eq("patientId", "p-7"), eq("lastName", "Smith")), gt("seq", 100L));

            // when
            List<Document> page = patients.find(filter).sort(Sorts.descending("_id")).limit(5).into(new ArrayList<>());
            Document explained = patients.find(filter).sort(Sorts.descending("_id")).limit(5).explain();

            // then: 20 of p-7, 200 Smiths (every tenth), no overlap
            assertThat(page).extracting(d -> d.getString("_id"))
                    .containsExactly(idOf(1990), idOf(1980), idOf(1970), idOf(1960), idOf(1950));
            assertThat(explained.toJson()).contains("\"stage\": \"OR\"").contains("patientId_1").contains("lastName_1");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(PATIENTS / 100 + PATIENTS / 10);
        });
    }

    @Test
    void find_unindexedField_isACollectionScan() {
        withCollection(IndexedH2Backend.inMemory(), patients -> {
            // when
            Document explained = patients.find(eq("postCode", "W1 1AA")).explain();

            // then
            assertThat(stage(explained)).isEqualTo("COLLSCAN");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(PATIENTS);
        });
    }

    @Test
    void countDocuments_leadingFieldsOfAnIndex_isCountedFromTheIndexWithoutReadingADocument() {
        withDatabase(IndexedH2Backend.inMemory(), true, (database, records) -> {
            // when
            long count = records.countDocuments(eq("chain", 3));
            Document explained = database.runCommand(new Document("explain", new Document("aggregate", "c").append("pipeline", List.of(
                    new Document("$match", new Document("chain", 3)),
                    new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1)))))));

            // then
            assertThat(count).isEqualTo(PATIENTS / 4);
            assertThat(records.countDocuments(and(eq("chain", 3), eq("seq", 7L)))).isEqualTo(1);
            assertThat(records.countDocuments(eq("chain", 9))).isZero();
            assertThat(records.countDocuments()).isEqualTo(PATIENTS);
            assertThat(stage(explained)).isEqualTo("COUNT_SCAN");
            assertThat(indexName(explained)).isEqualTo("chain_1_seq_1");
            assertThat(stats(explained, "totalDocsExamined")).isZero();
        });
    }

    @Test
    void countDocuments_withAConditionTheIndexCannotCount_matchesTheCandidates() {
        withCollection(IndexedH2Backend.inMemory(), records -> {
            // when
            long count = records.countDocuments(and(eq("chain", 3), gt("seq", 1000L)));

            // then
            assertThat(count).isEqualTo(IntStream.range(1001, PATIENTS).filter(i -> i % 4 == 3).count());
        });
    }

    @Test
    void distinct_fieldLeadingAnIndex_readsOneDocumentPerValue() {
        withDatabase(IndexedH2Backend.inMemory(), true, (database, records) -> {
            // when
            List<Integer> chains = records.distinct("chain", Integer.class).into(new ArrayList<>());
            List<Integer> fromTwo = records.distinct("chain", Filters.gte("chain", 2), Integer.class).into(new ArrayList<>());
            Document explained = database.runCommand(new Document("explain", new Document("distinct", "c").append("key", "chain")));

            // then
            assertThat(chains).containsExactly(0, 1, 2, 3);
            assertThat(fromTwo).containsExactly(2, 3);
            assertThat(stage(explained)).isEqualTo("DISTINCT_SCAN");
            assertThat(stats(explained, "totalDocsExamined")).isEqualTo(4);
        });
    }

    @Test
    void distinct_filterOnAnotherField_isAnsweredByTheServersDistinct() {
        withDatabase(IndexedH2Backend.inMemory(), true, (database, records) -> {
            // when
            List<Integer> chains = records.distinct("chain", eq("lastName", "Smith"), Integer.class).into(new ArrayList<>());
            Document explained = database.runCommand(new Document("explain", new Document("distinct", "c").append("key", "chain")
                    .append("query", new Document("lastName", "Smith"))));

            // then: every tenth patient is a Smith, and ten is even
            assertThat(chains).containsExactly(0, 2);
            assertThat(stage(explained)).isNotEqualTo("DISTINCT_SCAN");
        });
    }

    @Test
    void updateOne_changesAnIndexedField_movesTheDocumentToItsNewKey() {
        withCollection(IndexedH2Backend.inMemory(), patients -> {
            // when
            patients.updateOne(eq("_id", idOf(40)), Updates.set("lastName", "Lovelace"));
            patients.deleteOne(eq("_id", idOf(50)));

            // then
            assertThat(patients.find(eq("lastName", "Lovelace")).into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id")).containsExactly(idOf(40));
            assertThat(patients.find(eq("lastName", "Smith")).into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id")).doesNotContain(idOf(40), idOf(50)).hasSize(PATIENTS / 10 - 2);
        });
    }

    @Test
    void insertOne_duplicateOfAUniqueCompoundKey_isRejectedAndChangesNothing() {
        withCollection(IndexedH2Backend.inMemory(), records -> {
            // when / then
            assertThatThrownBy(() -> records.insertOne(new Document("_id", "dup").append("chain", 3).append("seq", 3L)))
                    .isInstanceOf(MongoWriteException.class)
                    .satisfies(e -> assertThat(((MongoWriteException) e).getCode()).isEqualTo(11000));
            assertThat(records.countDocuments(eq("_id", "dup"))).isZero();
            assertThat(records.find(eq("chain", 3)).into(new ArrayList<>())).hasSize(PATIENTS / 4);
        });
    }

    @Test
    void restart_persistedIndexes_answerQueriesWithoutRebuilding(@TempDir Path dir) {
        // given
        String file = dir.resolve("store.mv").toString();
        withCollection(new IndexedH2Backend(file), c -> { });

        // when
        withCollection(new IndexedH2Backend(file), false, patients -> {
            Document explained = patients.find(eq("patientId", "p-7")).sort(Sorts.ascending("_id")).explain();

            // then
            assertThat(indexName(explained)).isEqualTo("patientId_1");
            assertThat(stats(explained, "nReturned")).isEqualTo(PATIENTS / 100);
        });
    }

    @Test
    void restart_indexOnInstantsAndMissingFields_answersRangesFromTheFile(@TempDir Path dir) {
        // given: an index whose keys hold instants (a time) and the server's Missing (documents without the field)
        String file = dir.resolve("store.mv").toString();
        java.util.Date start = java.util.Date.from(java.time.Instant.parse("2026-01-01T00:00:00.123456Z"));
        withCollection(new IndexedH2Backend(file), patients -> {
            patients.createIndex(Indexes.ascending("recordedAt", "patientId"));
            for (int i = 0; i < 1000; i++) {
                patients.updateOne(eq("_id", idOf(i)), Updates.set("recordedAt", new java.util.Date(start.getTime() + i * 1000L)));
            }
        });

        // when: opened again, so every index page is read back from the file
        withCollection(new IndexedH2Backend(file), false, patients -> {
            Bson minuteTwo = and(Filters.gte("recordedAt", new java.util.Date(start.getTime() + 60_000)),
                    Filters.lt("recordedAt", new java.util.Date(start.getTime() + 120_000)));
            Document explained = patients.find(minuteTwo).explain();
            List<Long> seqs = patients.find(minuteTwo).sort(Sorts.ascending("recordedAt"))
                    .map(d -> d.getLong("seq")).into(new ArrayList<>());
            long withoutTime = patients.countDocuments(Filters.exists("recordedAt", false));

            // then
            assertThat(indexName(explained)).isEqualTo("recordedAt_1_patientId_1");
            assertThat(stats(explained, "totalKeysExamined")).isEqualTo(60);
            assertThat(seqs).isEqualTo(LongStream.range(60, 120).boxed().toList());
            assertThat(withoutTime).isEqualTo(PATIENTS - 1000);
        });
    }

    @Test
    void open_indexMapsInTheEarlierEncoding_areDroppedAndRebuilt(@TempDir Path dir) {
        // given: a file whose index maps carry the name (and so the encoding) of the previous release
        String file = dir.resolve("store.mv").toString();
        withCollection(new IndexedH2Backend(file), c -> { });
        try (MVStore store = MVStore.open(file)) {
            for (String name : List.copyOf(store.getMapNames())) {
                if (name.contains("._ordered_index2_")) {
                    store.renameMap(store.openMap(name), name.replace("._ordered_index2_", "._ordered_index_"));
                }
            }
        }

        // when
        List<String> maps = new ArrayList<>();
        withCollection(new IndexedH2Backend(file), false, patients -> {
            Document explained = patients.find(eq("patientId", "p-7")).explain();
            List<String> found = patients.find(eq("patientId", "p-7")).map(d -> d.getString("_id")).into(new ArrayList<>());

            // then: served by the rebuilt index, with every document
            assertThat(indexName(explained)).isEqualTo("patientId_1");
            assertThat(found).hasSize(PATIENTS / 100).contains(idOf(7), idOf(107));
        });
        try (MVStore store = MVStore.open(file)) {
            maps.addAll(store.getMapNames());
        }
        assertThat(maps).noneMatch(name -> name.contains("._ordered_index_"))
                .anyMatch(name -> name.endsWith("._ordered_index2_patientId_1"));
    }

    @Test
    void open_fileWrittenByTheStockBackend_rebuildsItsIndexesOnce(@TempDir Path dir) {
        // given: the stock backend kept no secondary index at all
        String file = dir.resolve("store.mv").toString();
        withCollection(new H2Backend(file), c -> { });

        // when
        withCollection(new IndexedH2Backend(file), false, patients -> {
            Document explained = patients.find(eq("lastName", "Smith")).sort(Sorts.ascending("_id")).limit(5).explain();
            List<Document> found = patients.find(eq("lastName", "Smith")).sort(Sorts.ascending("_id")).limit(5)
                    .into(new ArrayList<>());

            // then
            assertThat(indexName(explained)).isEqualTo("lastName_1");
            assertThat(found).extracting(d -> d.getString("_id")).containsExactly(idOf(0), idOf(10), idOf(20), idOf(30), idOf(40));
        });
    }

    @Test
    void restart_fileWrittenByTheStockBackend_keepsItsDocumentsAsBsonFromThenOn(@TempDir Path dir) {
        // given: the stock backend keeps documents Java-serialized
        String file = dir.resolve("store.mv").toString();
        withCollection(new H2Backend(file), c -> { });

        // when: opened, changed and closed by this backend, then opened again
        withCollection(new IndexedH2Backend(file), false, patients -> patients.updateOne(eq("_id", idOf(7)),
                Updates.set("postCode", "W1 1AA")));
        List<String> maps;
        try (MVStore store = MVStore.open(file)) {
            maps = new ArrayList<>(store.getMapNames());
        }
        withCollection(new IndexedH2Backend(file), false, patients -> {
            // then: every document, as last written, from the BSON map; the serialized one is gone
            assertThat(patients.countDocuments()).isEqualTo(PATIENTS);
            assertThat(patients.find(eq("_id", idOf(7))).first()).containsEntry("postCode", "W1 1AA")
                    .containsEntry("seq", 7L).containsEntry("patientId", "p-7");
        });
        assertThat(maps).contains("databases.db.c$bson").doesNotContain("databases.db.c");
    }

    private static void withCollection(MongoBackend backend, Consumer<MongoCollection<Document>> test) {
        withCollection(backend, true, test);
    }

    /** Patients, their tests and chained records in one collection: each document has every field the tests use. */
    private static void withCollection(MongoBackend backend, boolean fill, Consumer<MongoCollection<Document>> test) {
        withDatabase(backend, fill, (database, collection) -> test.accept(collection));
    }

    /** As {@link #withCollection}, with the database for commands the collection API has no method for (explain). */
    private static void withDatabase(MongoBackend backend, boolean fill, BiConsumer<MongoDatabase, MongoCollection<Document>> test) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(
                "mongodb://127.0.0.1:" + server.bind().getPort() + "/?retryWrites=false")) {
            MongoDatabase database = client.getDatabase("db");
            MongoCollection<Document> collection = database.getCollection("c");
            if (fill) {
                MongoIndexes.ensure(collection, DECLARED, ThrottlingRetry.defaults());
                collection.insertMany(IntStream.range(0, PATIENTS).mapToObj(i -> new Document("_id", idOf(i))
                        .append("patientId", "p-" + i % 100)
                        .append("lastName", i % 10 == 0 ? "Smith" : "Name " + i).append("postCode", "AB1 2CD")
                        .append("chain", i % 4).append("seq", (long) i)).toList());
            }
            test.accept(database, collection);
        } finally {
            server.shutdownNow();
        }
    }

    private static String idOf(int i) {
        return String.format("%08d-0000-4000-8000-000000000000", i);
    }

    private static String indexName(Document explained) {
        Document plan = explained.get("queryPlanner", Document.class).get("winningPlan", Document.class);
        while (!plan.containsKey("indexName") && plan.containsKey("inputStage")) {
            plan = plan.get("inputStage", Document.class);
        }
        return plan.getString("indexName");
    }

    private static String stage(Document explained) {
        return explained.get("queryPlanner", Document.class).get("winningPlan", Document.class).getString("stage");
    }

    private static long stats(Document explained, String field) {
        return ((Number) explained.get("executionStats", Document.class).get(field)).longValue();
    }
}
