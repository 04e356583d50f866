package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.auditedrecords.local.StackClient.Reply;
import org.auditedrecords.local.ScriptedHistory.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting of disclosures through the gateway, for a scripted history by two organisations: exactly the
 * expected rows, in order, in JSON, CSV and the printable page; searches in the trails of the patients they returned.
 */
class DisclosuresEndToEndTest {
    private static final Pattern HTML_ROW = Pattern.compile("<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>"
            + "<td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>");

    @TempDir
    Path data;
    Stack stack;
    final StackClient client = new StackClient();
    ScriptedHistory history;
    ScriptedHistory.Gateway gateway;

    @BeforeEach
    void start() {
        stack = Stack.start(StackSettings.ephemeral(data), line -> { });
        history = ScriptedHistory.run(stack, client);
        gateway = new ScriptedHistory.Gateway(stack, client);
    }

    @AfterEach
    void stop() throws Exception {
        stack.close();
        client.close();
    }

    private Reply compliance(String path, String... headers) {
        return gateway.call(Stack.COMPLIANCE_SUBSCRIPTION, "GET", path, null, 200, headers);
    }

    @Test
    void disclosures_scriptedHistory_givesExactlyTheExpectedRowsInOrderInEveryFormat() {
        Reply json = compliance("/audit/disclosures?patientId=" + history.patient);
        Reply csv = compliance("/audit/disclosures?patientId=" + history.patient, "Accept", "text/csv");
        Reply html = compliance("/audit/disclosures?patientId=" + history.patient + "&format=html");

        assertThat(json.header("content-type")).isEqualToIgnoringCase("application/json; charset=utf-8");
        JsonNode rows = json.json().get("disclosures");
        List<Row> fromJson = new ArrayList<>();
        rows.forEach(r -> fromJson.add(Row.of(r)));
        assertThat(fromJson).containsExactlyElementsOf(ScriptedHistory.EXPECTED);

        assertThat(csv.header("content-type")).isEqualToIgnoringCase("text/csv; charset=utf-8");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(ScriptedHistory.EXPECTED.size() + 1);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode r = rows.get(i);
            Row expected = ScriptedHistory.EXPECTED.get(i);
            String organisation = r.get("recipient").get("organisation").asText();
            assertThat(lines[i + 1]).isEqualTo(String.join(",", r.get("recordedAt").asText(),
                    organisation.contains("'") ? "\"" + organisation + "\"" : organisation,
                    r.get("recipient").get("clientId").asText(), r.get("recipient").get("contact").asText(),
                    expected.action(), expected.resourceType(), r.path("resourceId").asText(""), expected.disclosed(),
                    expected.outcome(), r.get("auditRecordId").asText(), r.get("correlationId").asText()));
        }

        assertThat(html.header("content-type")).isEqualToIgnoringCase("text/html; charset=utf-8");
        Matcher m = HTML_ROW.matcher(html.body());
        List<Row> fromHtml = new ArrayList<>();
        while (m.find()) {
            String[] what = m.group(5).split(": ", 2);
            fromHtml.add(new Row(m.group(2).replace("&#39;", "'"), m.group(4), what[0], what[1], m.group(6)));
        }
        assertThat(fromHtml).containsExactlyElementsOf(ScriptedHistory.EXPECTED);
    }

    @Test
    void disclosures_patientOnTheOtherSearchPage_showsOrganisationBsSearchToo() {
        JsonNode rows = compliance("/audit/disclosures?patientId=" + history.other).json().get("disclosures");

        List<Row> found = new ArrayList<>();
        rows.forEach(r -> found.add(Row.of(r)));
        assertThat(found).containsExactly(
                new Row(ScriptedHistory.A_LABEL, "create", "patient", "the patient record", "success"),
                new Row(ScriptedHistory.B_LABEL, "search", "patient-search", "among the results of a patient search", "success"));
    }

    @Test
    void trail_pagedSearch_recordsEachPagesPatientsAndIsInTheirTrails() {
        JsonNode searches = compliance("/audit/auditrecords?resourceType=patient-search&clientId=" + ScriptedHistory.B).json();

        assertThat(searches).hasSize(2);
        for (int page = 0; page < 2; page++) {
            List<String> returned = new ArrayList<>();
            searches.get(page).get("returnedPatientIds").forEach(id -> returned.add(id.asText()));
            assertThat(returned).isEqualTo(history.searchPages.get(page));
        }
        JsonNode trail = compliance("/audit/auditrecords?patientId=" + history.patient + "&resourceType=patient-search").json();
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).get("actor").get("clientId").asText()).isEqualTo(ScriptedHistory.B);
        JsonNode ownQueries = compliance("/audit/auditrecords?patientId=" + history.patient + "&resourceType=audit-search").json();
        assertThat(ownQueries).extracting(q -> q.get("resource").path("id").asText("")).contains("");
    }
}
