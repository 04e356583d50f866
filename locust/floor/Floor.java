import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.bson.Document;

/**
 * The floor under the load test's latencies, measured on the same machine in the same run:
 * <ul>
 *   <li>one bare HTTP hop through the stack's server (Jetty), keep-alive: a path the gateway answers itself (404,
 *       before any key check or backend call);</li>
 *   <li>one bare insert with mongodb-driver-sync into an embedded store of the kind the stack uses (H2-persisted
 *       mongo-java-server, retryWrites=false), of a patient-sized document.</li>
 * </ul>
 * Sequential, one connection each, warm-up first, bounded by count and time. Prints one JSON object.
 *
 * <pre>java -cp "local-runtime/target/local-runtime.jar:local-runtime/target/lib/*" locust/floor/Floor.java \
 *     http://127.0.0.1:PORT [SECONDS_PER_MEASURE] [MAX_SAMPLES]</pre>
 */
public final class Floor {
    private static final int WARM_UP = 1000;

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create(args[0]);
        if (!isLoopback(gateway.getHost())) {
            throw new IllegalArgumentException("The floor is measured against the local stack only, not " + gateway.getHost());
        }
        Duration budget = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        int maxSamples = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        String hop = summary(httpHop(gateway.resolve("/floor/not-an-api"), budget, maxSamples));
        String insert = summary(mongoInsert(budget, maxSamples));
        System.out.println("{\"httpHop\": " + hop + ", \"mongoInsert\": " + insert + "}");
    }

    private static long[] httpHop(URI target, Duration budget, int maxSamples) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build();
        return measure(budget, maxSamples, () -> {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 404) {
                throw new IllegalStateException("Expected the gateway's own 404, got " + response.statusCode());
            }
            return took;
        });
    }

    private static long[] mongoInsert(Duration budget, int maxSamples) throws Exception {
        Path dir = Files.createTempDirectory("floor-store");
        try (EmbeddedMongo store = EmbeddedMongo.persistent(dir.resolve("floor.mv.db"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> patients = client.getDatabase("floor").getCollection("patients");
            return measure(budget, maxSamples, () -> {
                Document patient = patient();
                long start = System.nanoTime();
                patients.insertOne(patient);
                return System.nanoTime() - start;
            });
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One timed operation: returns how long it took, in nanoseconds. */
    private interface Timed {
        long run() throws Exception;
    }

    /** Warms up (bounded by count and a quarter of the budget), then samples until the count or the budget is reached. */
    private static long[] measure(Duration budget, int maxSamples, Timed op) throws Exception {
        long warmUpEnd = System.nanoTime() + budget.toNanos() / 4;
        for (int i = 0; i < WARM_UP && System.nanoTime() < warmUpEnd; i++) {
            op.run();
        }
        long[] values = new long[maxSamples];
        long deadline = System.nanoTime() + budget.toNanos();
        int size = 0;
        while (size < maxSamples && System.nanoTime() < deadline) {
            values[size++] = op.run();
        }
        return Arrays.copyOf(values, size);
    }

    /** A document shaped like a stored patient (fields and sizes as the Patient API stores them). */
    private static Document patient() {
        String id = UUID.randomUUID().toString();
        return new Document("_id", id).append("firstName", "Amelia").append("lastName", "Okafor")
                .append("fullName", "Amelia Okafor").append("gender", "female").append("dateOfBirth", "1984-07-19")
                .append("postCode", "SW1A 2AA").append("insuranceNumber", "485 777 3456")
                .append("preferredContactNumber", "+44 7700 900123").append("lastUpdated", "2026-01-01T10:00:00.000Z")
                .append("version", 1L);
    }

    private static String summary(long[] nanos) {
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT, "{\"samples\": %d, \"mean_ms\": %.3f, \"p50_ms\": %.3f, \"p95_ms\": %.3f, "
                        + "\"p99_ms\": %.3f}", nanos.length, mean, pct(nanos, 0.50), pct(nanos, 0.95), pct(nanos, 0.99));
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    private static boolean isLoopback(String host) throws Exception {
        return host != null && java.net.InetAddress.getByName(host).isLoopbackAddress();
    }
}
