package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.auditedrecords.common.mongo.MongoConnections;
import org.auditedrecords.local.ScriptedHistory.Row;
import org.auditedrecords.local.StackClient.Reply;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance console in a real browser (headless Chromium through chromedriver) against a running local stack
 * with a scripted history: each view loads and shows the expected records, exports the same CSV the API returns,
 * and shows a register tampered with since its last verification as not intact. A screenshot of each view is kept under
 * {@code target/console-screenshots/}. Without Debian's chromium and chromium-driver the tests skip, saying why.
 * One stack and one browser serve the class; the tampering test runs last because it breaks the register.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComplianceConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    Stack stack;
    StackClient client;
    ScriptedHistory history;
    ScriptedHistory.Gateway gateway;
    WebDriver browser;
    Path downloads;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Optional<String> unavailable = WebDriver.unavailable();
        if (unavailable.isPresent()) {
            System.out.println("ComplianceConsoleBrowserTest skipped: " + unavailable.get());
        }
        Assumptions.assumeTrue(unavailable.isEmpty(), unavailable.orElse(""));
        stack = Stack.start(StackSettings.ephemeral(dir.resolve("data")), line -> { });
        client = new StackClient();
        history = ScriptedHistory.run(stack, client);
        gateway = new ScriptedHistory.Gateway(stack, client);
        downloads = Files.createDirectories(dir.resolve("downloads"));
        browser = new WebDriver(Files.createDirectories(dir.resolve("profile")), downloads);
        browser.open(java.net.URI.create(stack.gatewayUri() + "/console/"));
        browser.type("#key", stack.complianceKey());
        browser.click("#sign-in");
        browser.waitForText("#status", t -> t.startsWith("Signed in"), "the sign-in");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
            client.close();
        }
    }

    private Reply api(String path) {
        return gateway.call(Stack.COMPLIANCE_SUBSCRIPTION, "GET", path, null, 200);
    }

    private List<String> column(String tbody, int column) {
        List<String> cells = new ArrayList<>();
        browser.script("return Array.from(document.querySelectorAll('#" + tbody + " tr')).map("
                + "r => r.children[" + column + "].textContent)").forEach(c -> cells.add(c.asText()));
        return cells;
    }

    private String downloaded(String name) throws Exception {
        Path file = downloads.resolve(name);
        browser.waitFor(() -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")), "the download of " + name);
        String text = Files.readString(file);
        Files.delete(file);
        return text;
    }

    /** What a definition list of the console shows for one field. */
    private String field(String list, String name) {
        return browser.script("return document.querySelector('#" + list + " dd[data-field=\"" + name + "\"]').textContent")
                .asText();
    }

    @Test
    @Order(1)
    void trailView_showsThePatientsRecordsAndExportsTheSameCsvTheApiReturns() throws Exception {
        browser.click("#nav-trail");
        browser.type("#trail-patientId", history.patient);
        browser.script("document.getElementById('trail-resourceType').value = 'patient'");
        browser.click("#trail-search");
        JsonNode expected = api("/audit/auditrecords?patientId=" + history.patient + "&resourceType=patient").json();
        browser.waitFor(() -> column("trail-rows", 0).size() == expected.size(), "the trail's rows");

        List<String> shownIds = new ArrayList<>();
        browser.script("return Array.from(document.querySelectorAll('#trail-rows tr')).map(r => r.dataset.id)")
                .forEach(id -> shownIds.add(id.asText()));
        List<String> expectedIds = new ArrayList<>();
        expected.forEach(r -> expectedIds.add(r.get("id").asText()));
        assertThat(shownIds).isEqualTo(expectedIds).hasSize(5);
        assertThat(column("trail-rows", 4)).containsExactly("attempted", "success", "attempted", "attempted", "failed");
        browser.screenshot(SCREENSHOTS.resolve("trail.png"));

        browser.click("#trail-export");
        String exported = downloaded("audit-trail.csv");
        String fromApi = api("/audit/auditrecords?patientId=" + history.patient + "&resourceType=patient&sort=asc&format=csv").body();
        assertThat(exported).isEqualTo(fromApi).startsWith("id,recordedAt,");

        browser.script("document.getElementById('trail-resourceType').value = 'patient-search'");
        browser.click("#trail-search");
        browser.waitFor(() -> column("trail-rows", 5).equals(List.of(ScriptedHistory.B)), "St Mary's search in the trail");

        JsonNode requested = browser.script("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href])");
        assertThat(requested.toString()).contains("/audit/auditrecords").doesNotContain(stack.complianceKey());
    }

    @Test
    @Order(2)
    void recordView_opensARecordWithItsIntegrityAndItsVerifiedInclusionProof() throws Exception {
        browser.click("#nav-trail");
        browser.script("document.getElementById('trail-resourceType').value = 'patient'");
        browser.click("#trail-search");
        browser.waitFor(() -> column("trail-rows", 0).size() == 5, "the trail's rows");
        String id = browser.script("return document.querySelector('#trail-rows tr').dataset.id").asText();

        browser.click("#trail-rows tr .open-record");
        browser.waitForText("#record-fields", t -> t.contains(id), "the record");
        assertThat(browser.text("#record-fields")).contains("create", history.patient, ScriptedHistory.A);
        assertThat(browser.text("#record-integrity")).isNotBlank();

        String status = browser.waitForText("#proof-status", t -> t.startsWith("Verified") || t.startsWith("NOT verified"),
                "the proof's verification status");
        assertThat(status).startsWith("Verified");
        JsonNode proof = api("/audit/auditrecord/" + id + "/proof").json();
        assertThat(proof.get("verified").asBoolean()).isTrue();
        assertThat(field("proof-fields", "log")).isEqualTo(proof.get("log").asText());
        assertThat(field("proof-fields", "leafIndex")).isEqualTo(proof.get("leafIndex").asText());
        assertThat(field("proof-fields", "checkpoint origin")).isEqualTo(proof.get("checkpoint").get("origin").asText());
        assertThat(Long.parseLong(field("proof-fields", "treeSize")))
                .isGreaterThan(proof.get("leafIndex").asLong());
        assertThat(field("proof-fields", "checkpoint text"))
                .startsWith(proof.get("checkpoint").get("origin").asText() + "\n")
                .contains(field("proof-fields", "checkpoint rootHash"));
        browser.screenshot(SCREENSHOTS.resolve("record-proof.png"));
    }

    @Test
    @Order(3)
    void disclosuresView_showsTheExpectedRowsAndExportsTheSameCsvTheApiReturns() throws Exception {
        browser.click("#nav-disclosures");
        browser.type("#disclosures-patientId", history.patient);
        browser.click("#disclosures-run");
        browser.waitFor(() -> column("disclosures-rows", 0).size() == ScriptedHistory.EXPECTED.size(), "the disclosures");

        List<Row> shown = new ArrayList<>();
        List<String> recipients = column("disclosures-rows", 1);
        List<String> actions = column("disclosures-rows", 3);
        List<String> what = column("disclosures-rows", 4);
        List<String> outcomes = column("disclosures-rows", 5);
        for (int i = 0; i < recipients.size(); i++) {
            String[] typeAndWhat = what.get(i).split(": ", 2);
            shown.add(new Row(recipients.get(i), actions.get(i), typeAndWhat[0], typeAndWhat[1], outcomes.get(i)));
        }
        assertThat(shown).containsExactlyElementsOf(ScriptedHistory.EXPECTED);
        browser.screenshot(SCREENSHOTS.resolve("disclosures.png"));

        browser.click("#disclosures-export");
        String exported = downloaded("disclosures.csv");
        String fromApi = api("/audit/disclosures?patientId=" + history.patient + "&format=csv").body();
        assertThat(exported).isEqualTo(fromApi);
        assertThat(exported.split("\r\n")).hasSize(ScriptedHistory.EXPECTED.size() + 1);
    }

    @Test
    @Order(4)
    void registerView_showsTheRegisterIntactThenATamperedOneAsNotIntact() throws Exception {
        browser.click("#nav-register");
        browser.click("#verify-run");
        assertThat(browser.waitForText("#verify-status", t -> !t.isEmpty(), "the verdict")).isEqualTo("The register is intact.");
        assertThat(browser.text("#verify-fields")).contains("last verified");
        browser.screenshot(SCREENSHOTS.resolve("register.png"));

        // Verify now walks what was appended since it last ran (older records are the full re-verification's): the
        // attacker rewrites a record written after that, the register's own record of the verification just made.
        try (MongoClient mongo = MongoConnections.create("mongodb://127.0.0.1:" + stack.boundSettings().auditStorePort(), "attacker")) {
            MongoCollection<Document> records = mongo.getDatabase("audit").getCollection(MongoAuditLedger.RECORDS);
            Document newest = records.find(Filters.and(Filters.eq("resource.type", "audit-search"),
                    Filters.eq("resource.id", "verify"))).sort(Sorts.descending("recordedAt")).first();
            assertThat(records.updateOne(Filters.eq("_id", newest.get("_id")), Updates.set("outcome", "notFound"))
                    .getModifiedCount()).isEqualTo(1);
        }
        browser.click("#verify-run");

        assertThat(browser.waitForText("#verify-status", t -> t.contains("NOT"), "the tampered verdict"))
                .isEqualTo("The register is NOT intact: it has been altered.");
        browser.screenshot(SCREENSHOTS.resolve("register-tampered.png"));
        browser.click("#verify-full");
        browser.waitForText("#status", t -> t.startsWith("Full re-verification"), "the full verification's state");
        JsonNode full = api("/audit/auditrecords/verify/full").json();
        assertThat(field("verify-fields", "full re-verification")).isEqualTo(full.get("status").asText());
    }
}
