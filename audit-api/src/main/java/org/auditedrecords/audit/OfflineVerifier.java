package org.auditedrecords.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.audit.log.CompactRange;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.KeyVersion;

/**
 * The auditor's verifier, run with no access to the API or the database:
 * {@code java -jar audit-verifier.jar <records.ndjson> <checkpoints.json> <keys.json>}. It reads an NDJSON export
 * of every record ({@code GET auditrecords?format=ndjson}, all pages), the newest checkpoint of every log
 * ({@code GET auditrecords/checkpoints}, all pages, concatenated into one JSON array) and the public keys
 * ({@code GET auditrecords/keys}); recomputes every leaf (RFC 8785, RFC 6962) and every log's tree, checks each
 * checkpoint's ES256 signature and key validity, and prints one line per log and a verdict. Exit status 0 when every
 * log is intact, 1 when any is broken, 2 when the input cannot be read. It runs the same {@link LogWalk} as the
 * server, so both judge a log by one definition.
 */
public final class OfflineVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, Clock.systemUTC()));
    }

    static int run(String[] args, PrintStream out, Clock clock) {
        if (args.length != 3) {
            out.println("usage: java -jar audit-verifier.jar <records.ndjson> <checkpoints.json> <keys.json>");
            return 2;
        }
        try {
            KeyRing keys = keys(JSON.readTree(Path.of(args[2]).toFile()));
            Map<String, List<StoredCheckpoint>> checkpoints = checkpoints(JSON.readTree(Path.of(args[1]).toFile()));
            Map<String, List<StoredLeaf>> leaves = leaves(Path.of(args[0]));
            java.util.TreeSet<String> logs = new java.util.TreeSet<>(checkpoints.keySet());
            logs.addAll(leaves.keySet());
            int broken = 0;
            long records = 0;
            for (String log : logs) {
                LogWalk walk = new LogWalk(log, keys.keyName() + "/" + log, keys, new CompactRange(),
                        checkpoints.getOrDefault(log, List.of()), Optional.empty());
                List<StoredLeaf> ofLog = leaves.getOrDefault(log, List.of());
                ofLog.sort(Comparator.comparingLong(StoredLeaf::index));
                ofLog.forEach(walk::accept);
                // Records newer than the checkpoints in the bundle are reported as unsealed, not as tampering.
                VerificationReport.LogReport report = walk.finish(-1, clock.instant(), Duration.ofDays(365_000));
                records += report.records();
                if (!report.intact()) {
                    broken++;
                    VerificationReport.Break b = report.firstBroken();
                    out.printf("BROKEN  %s  %d records, signed up to %d: %s%s%n", log, report.records(), report.checkpointSize(),
                            b.reason(), b.recordId() == null ? "" : " (record " + b.recordId() + ", leaf " + b.leafIndex() + ")");
                } else {
                    out.printf("intact  %s  %d records, signed up to %d%s%n", log, report.records(), report.checkpointSize(),
                            report.unsealed() > 0 ? ", " + report.unsealed() + " newer than the checkpoints given" : "");
                }
            }
            out.printf("%s: %d logs, %d records, %d broken%n", broken == 0 ? "VERIFIED" : "TAMPERING DETECTED",
                    logs.size(), records, broken);
            return broken == 0 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            out.println("cannot read the input: " + e.getMessage());
            return 2;
        }
    }

    private static KeyRing keys(JsonNode keys) {
        List<KeyVersion> versions = new ArrayList<>();
        String name = null;
        for (JsonNode key : keys) {
            name = key.get("keyName").asText();
            versions.add(new KeyVersion(key.get("version").asText(), Base64.getDecoder().decode(key.get("publicKey").asText()),
                    Instant.parse(key.get("notBefore").asText()),
                    key.hasNonNull("notAfter") ? Instant.parse(key.get("notAfter").asText()) : null));
        }
        if (name == null) {
            throw new IllegalArgumentException("the keys file holds no key");
        }
        return new KeyRing(name, versions);
    }

    private static Map<String, List<StoredCheckpoint>> checkpoints(JsonNode checkpoints) {
        Map<String, List<StoredCheckpoint>> byLog = new TreeMap<>();
        for (JsonNode c : checkpoints) {
            String log = c.get("log").asText();
            byLog.computeIfAbsent(log, l -> new ArrayList<>())
                    .add(new StoredCheckpoint(log, c.path("treeSize").asLong(-1), c.get("text").asText()));
        }
        return byLog;
    }

    private static Map<String, List<StoredLeaf>> leaves(Path ndjson) throws IOException {
        Map<String, List<StoredLeaf>> byLog = new TreeMap<>();
        try (BufferedReader lines = Files.newBufferedReader(ndjson, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                StoredLeaf leaf = RecordJson.read(JSON.readTree(line));
                byLog.computeIfAbsent(String.valueOf(leaf.log()), l -> new ArrayList<>()).add(leaf);
            }
        }
        return byLog;
    }
}
