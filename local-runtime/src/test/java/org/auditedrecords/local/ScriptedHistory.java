package org.auditedrecords.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditedrecords.common.trace.TraceParent;
import org.auditedrecords.local.StackClient.Reply;

/**
 * A scripted history of one patient through the gateway, by two integrator organisations (the local integrator,
 * A, and St Mary's Lab, B) and compliance staff, with the rows its accounting of disclosures must give, in order.
 * A second patient shares the first one's post code, so B's paged search returns each on its own page.
 */
final class ScriptedHistory {
    static final String A = Stack.INTEGRATOR_SUBSCRIPTION;
    static final String B = "integrator-stmarys";
    static final String A_LABEL = "Local integrator (integrator-local)";
    static final String B_LABEL = "St Mary's Lab (integrator-stmarys)";
    private static final String PATIENT = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"gender\":\"female\","
            + "\"dateOfBirth\":\"1815-12-10\",\"postCode\":\"W1 1AA\"}";
    private static final String TEST_RESULT = "{\"performer\":\"Lab B\",\"orderReference\":\"ORD-1\",\"observations\":"
            + "[{\"id\":\"o1\",\"code\":\"718-7\",\"measurement\":\"13.2 g/dL\",\"interpretation\":\"normal\","
            + "\"issued\":\"2026-11-01T10:00:00Z\",\"status\":\"final\"}]}";

    /** One expected row: recipient label, action, resource type, what was disclosed, outcome. */
    record Row(String recipient, String action, String resourceType, String disclosed, String outcome) {
        static Row of(JsonNode disclosure) {
            return new Row(disclosure.get("recipient").get("label").asText(), disclosure.get("action").asText(),
                    disclosure.get("resourceType").asText(), disclosure.get("disclosed").asText(),
                    disclosure.get("outcome").asText());
        }
    }

    static final List<Row> EXPECTED = List.of(
            new Row(A_LABEL, "create", "patient", "the patient record", "success"),
            new Row(A_LABEL, "read", "patient", "the patient record", "success"),
            new Row(B_LABEL, "search", "patient-search", "among the results of a patient search", "success"),
            new Row(A_LABEL, "update", "patient", "the patient record", "success"),
            new Row(B_LABEL, "update", "patient", "the patient record", "failed"),
            new Row(B_LABEL, "create", "test", "a test result", "success"),
            new Row(A_LABEL, "read", "test", "the list of test results", "success"));

    final String patient;
    final String other;
    /** The ids of B's search pages, in order, and the patients each returned. */
    final List<List<String>> searchPages;

    private ScriptedHistory(String patient, String other, List<List<String>> searchPages) {
        this.patient = patient;
        this.other = other;
        this.searchPages = searchPages;
    }

    static ScriptedHistory run(Stack stack, StackClient client) {
        Gateway gateway = new Gateway(stack, client);
        String patient = gateway.call(A, "POST", "/patient", PATIENT, 201).json().get("id").asText();
        String other = gateway.call(A, "POST", "/patient", PATIENT.replace("Ada", "Augusta"), 201).json().get("id").asText();
        Reply read = gateway.call(A, "GET", "/patient/" + patient, null, 200);

        List<List<String>> pages = new java.util.ArrayList<>();
        String token = null;
        do {
            Reply page = gateway.call(B, "POST", "/patient/search?limit=1" + (token == null ? "" : "&continuationToken=" + token),
                    "{\"postCode\":\"W1 1AA\"}", 200);
            List<String> ids = new java.util.ArrayList<>();
            page.json().forEach(p -> ids.add(p.get("id").asText()));
            pages.add(ids);
            token = page.header("x-continuation-token");
        } while (token != null);
        assertThat(pages).hasSize(2);

        gateway.call(A, "PUT", "/patient/" + patient, read.body().replace("\"W1 1AA\"", "\"W1 2BB\""), 200,
                "If-Match", read.header("etag"));
        gateway.call(B, "PUT", "/patient/" + patient, read.body(), 412, "If-Match", read.header("etag"));
        gateway.call(Stack.COMPLIANCE_SUBSCRIPTION, "GET", "/audit/auditrecords?patientId=" + patient, null, 200);
        gateway.call(B, "POST", "/patient/" + patient + "/tests", TEST_RESULT, 201);
        gateway.call(A, "GET", "/patient/" + patient + "/tests", null, 200);
        return new ScriptedHistory(patient, other, List.copyOf(pages));
    }

    /** Calls through the gateway as one subscription, expecting a status. */
    record Gateway(Stack stack, StackClient client) {
        Reply call(String subscription, String method, String path, String body, int expected, String... headers) {
            Map<String, String> all = new HashMap<>();
            all.put("Ocp-Apim-Subscription-Key", stack.subscriptionKey(subscription));
            all.put("traceparent", TraceParent.newRoot().toString());
            for (int i = 0; i < headers.length; i += 2) {
                all.put(headers[i], headers[i + 1]);
            }
            Reply reply = client.send(method, URI.create(stack.gatewayUri() + path), all, body);
            assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isEqualTo(expected);
            return reply;
        }
    }
}
