package org.auditedrecords.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.auditedrecords.audit.log.Checkpoint;
import org.auditedrecords.audit.log.CompactRange;
import org.auditedrecords.audit.log.KeyRing;
import org.auditedrecords.audit.log.SignedNote;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.common.secrets.LocalVault;

/**
 * The verification core's own speed, without a store: {@link LogWalk} over leaves held in memory (RFC 8785 canonical
 * form, SHA-256 leaf hash, compact-range tree, signed checkpoint check), as the offline verifier and the server walk
 * them. With {@code AppendBenchmark}'s store figures it shows which part bounds verification. Prints records
 * verified per second for one log at each of {@code -Dbench.walk.sizes} (default 1000,100000,1000000).
 */
public final class WalkBenchmark {
    private WalkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("walk-bench");
        LocalVault vault = new LocalVault(dir, Clock.systemUTC());
        vault.put("k", LocalCheckpointSigner.newKeyValue());
        LocalCheckpointSigner signer = new LocalCheckpointSigner(vault, "k", RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5));
        KeyRing keys = new KeyRing(signer.keyName(), signer.publicKeys());
        String log = "20261201T100000Z-5f0c9a1e2b3d";
        System.out.printf("%n%-10s %12s %16s%n", "walk only", "ms", "verified/s");
        for (String size : System.getProperty("bench.walk.sizes", "1000,100000,1000000").split(",")) {
            int n = Integer.parseInt(size.strip());
            List<StoredLeaf> leaves = new ArrayList<>(n);
            CompactRange tree = new CompactRange();
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (int i = 0; i < n; i++) {
                String patient = UUID.randomUUID().toString();
                AuditRecord record = new AuditRecord(UUID.randomUUID().toString(), at, new AuditEntry("patient-api",
                        "read", new AuditEntry.Resource("patient", patient, null), patient, "success",
                        new AuditEntry.Actor("integrator-1", "10.0.0.4"), "0af7651916cd43dd8448eb211c80319c", null, null, null),
                        new AuditRecord.Position(log, i));
                byte[] hash = RecordJson.leafHash(record);
                tree.append(hash);
                leaves.add(new StoredLeaf(record.id(), log, i, record, hash, null));
            }
            String note = SignedNote.sign(new Checkpoint(RegisterSettings.DEFAULT_ORIGIN + "/" + log, n, tree.root(), at), signer);
            long start = System.nanoTime();
            LogWalk walk = new LogWalk(log, RegisterSettings.DEFAULT_ORIGIN + "/" + log, keys, new CompactRange(),
                    List.of(new StoredCheckpoint(log, n, note)), Optional.of(note));
            leaves.forEach(walk::accept);
            VerificationReport.LogReport report = walk.finish(n, Instant.now(), Duration.ofMinutes(1));
            double ms = (System.nanoTime() - start) / 1e6;
            if (!report.intact() || report.records() != n) {
                throw new IllegalStateException("the walk did not verify: " + report);
            }
            System.out.printf("%-10d %12.0f %16.0f%n", n, ms, n / (ms / 1000));
        }
    }
}
