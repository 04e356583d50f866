package org.auditedrecords.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.auditedrecords.audit.AuditEntry;
import org.auditedrecords.audit.AuditQuery;
import org.auditedrecords.audit.AuditRegister;
import org.auditedrecords.audit.OfflineVerifierProbe;
import org.auditedrecords.audit.RecordJson;
import org.auditedrecords.audit.RegisterSettings;
import org.auditedrecords.audit.StoredCheckpoint;
import org.auditedrecords.audit.signing.LocalCheckpointSigner;
import org.auditedrecords.audit.witness.DirectoryWitness;
import org.auditedrecords.common.mongo.EmbeddedMongo;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.common.mongo.ThrottlingRetry;
import org.auditedrecords.common.secrets.LocalVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline verifier on an export of a real register: intact as exported, and every tampering kind caught. */
class OfflineVerifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    EmbeddedMongo mongo;
    com.mongodb.client.MongoClient client;
    List<String> export;
    Path checkpoints;
    Path keys;

    @BeforeEach
    void exportASealedRegister() throws Exception {
        mongo = EmbeddedMongo.inMemory();
        client = MongoConnections.create(mongo.connectionString(), "test");
        LocalVault vault = new LocalVault(dir.resolve("vault"), Clock.systemUTC());
        vault.put("k", LocalCheckpointSigner.newKeyValue());
        MongoAuditLedger ledger = new MongoAuditLedger(client.getDatabase("audit"), ThrottlingRetry.defaults());
        ledger.createIndexes();
        LocalCheckpointSigner signer = new LocalCheckpointSigner(vault, "k", RegisterSettings.DEFAULT_ORIGIN, Duration.ofMinutes(5));
        AuditRegister register = new AuditRegister(ledger, signer, new DirectoryWitness(dir.resolve("witness")),
                Clock.systemUTC(), new RegisterSettings(RegisterSettings.DEFAULT_ORIGIN, 2, Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofHours(6)));
        for (int i = 0; i < 20; i++) {
            String patient = UUID.randomUUID().toString();
            register.append(new AuditEntry("patient-api", "read", new AuditEntry.Resource("patient", patient, null), patient,
                    "success", new AuditEntry.Actor("client-1", null), null, null, null, null));
        }
        register.seal();
        export = new ArrayList<>();
        for (var r : register.query(new AuditQuery(null, null, null, null, null, null, null, null, null, false, null), 100).records()) {
            export.add(JSON.writeValueAsString(RecordJson.toJson(r)));
        }
        ArrayNode cps = JSON.createArrayNode();
        for (StoredCheckpoint c : register.newestCheckpoints(null, 100)) {
            cps.addObject().put("log", c.log()).put("treeSize", c.size()).put("text", c.note());
        }
        checkpoints = Files.writeString(dir.resolve("checkpoints.json"), cps.toString());
        ArrayNode ks = JSON.createArrayNode();
        register.publicKeys().forEach(k -> ks.addObject().put("keyName", signer.keyName()).put("version", k.version())
                .put("publicKey", Base64.getEncoder().encodeToString(k.publicKey())).put("notBefore", k.notBefore().toString()));
        keys = Files.writeString(dir.resolve("keys.json"), ks.toString());
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    private String[] run(List<String> lines) throws Exception {
        Path records = Files.write(dir.resolve("records-" + UUID.randomUUID() + ".ndjson"), lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = OfflineVerifierProbe.run(new String[] {records.toString(), checkpoints.toString(), keys.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(status), out.toString(StandardCharsets.UTF_8)};
    }

    private List<String> edited(int line, UnaryOperator<ObjectNode> edit) throws Exception {
        List<String> copy = new ArrayList<>(export);
        copy.set(line, JSON.writeValueAsString(edit.apply((ObjectNode) JSON.readTree(copy.get(line)))));
        return copy;
    }

    @Test
    void run_untouchedExport_isVerified() throws Exception {
        String[] result = run(export);

        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).contains("VERIFIED: 2 logs, 20 records, 0 broken").doesNotContain("BROKEN");
    }

    @Test
    void run_changedField_isBroken() throws Exception {
        String[] result = run(edited(3, r -> r.put("outcome", "failed")));

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("content does not match its leaf hash").contains("TAMPERING DETECTED");
    }

    @Test
    void run_changedFieldWithRecomputedLeafHash_isBrokenByTheSignedRoot() throws Exception {
        String[] result = run(edited(3, r -> {
            r.put("outcome", "failed");
            StoredLeafs.rehash(r);
            return r;
        }));

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("do not produce the root");
    }

    @Test
    void run_deletedRecord_isBroken() throws Exception {
        List<String> fewer = new ArrayList<>(export);
        fewer.remove(fewer.size() - 1);

        String[] result = run(fewer);

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).containsAnyOf("records are missing", "expected leaf index");
    }

    @Test
    void run_forgedRecordAdded_isReportedAsNotCoveredByAnyCheckpoint() throws Exception {
        List<String> more = new ArrayList<>(export);
        ObjectNode forged = (ObjectNode) JSON.readTree(export.get(0));
        forged.put("id", UUID.randomUUID().toString());
        ((ObjectNode) forged.get("integrity")).put("leafIndex", 1000);
        more.add(JSON.writeValueAsString(forged));

        String[] result = run(more);

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("expected leaf index");
    }

    @Test
    void run_checkpointsSignedAfterTheirKeyVersionRetired_areRefused() throws Exception {
        // given the published key list says the signing version was retired as soon as it was created
        ArrayNode published = (ArrayNode) JSON.readTree(keys.toFile());
        ((ObjectNode) published.get(0)).put("notAfter", published.get(0).get("notBefore").asText());
        Files.writeString(keys, published.toString());

        // when
        String[] result = run(export);

        // then
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("TAMPERING DETECTED").contains("outside its validity period");
    }

    @Test
    void run_wrongKey_rejectsEveryCheckpoint() throws Exception {
        Files.writeString(keys, "[{\"keyName\":\"audited-records/audit\",\"version\":\"x\",\"publicKey\":\""
                + LocalCheckpointSigner.newKeyValue().split("\\.")[1] + "\",\"notBefore\":\"2020-01-01T00:00:00Z\"}]");

        String[] result = run(export);

        assertThat(result[0]).isEqualTo("1");
        assertThat(result[1]).contains("not signed by any known version");
    }
}
