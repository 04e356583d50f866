package org.auditedrecords.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.json.Json;
import org.junit.jupiter.api.Test;

class AuditEntryParserTest {
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String REGISTER = "audit-api";

    private static AuditEntry parse(ObjectNode body) {
        return AuditEntryParser.parse(body, REGISTER);
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    }

    private static Map<String, java.util.List<String>> errorsOf(String body) {
        try {
            parse(json(body));
        } catch (ValidationException e) {
            return e.errors();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a validation error for " + body);
    }

    @Test
    void parse_fullRecord_keepsEveryField() throws Exception {
        AuditEntry entry = parse(json("{'sourceSystemName':'patient-api','action':'search',"
                + "'resource':{'type':'patient-search'},'outcome':'success','actor':{'clientId':'sub-1','address':'10.1.2.3'},"
                + "'correlationId':'0af7651916cd43dd8448eb211c80319c','relatesTo':'5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a',"
                + "'patientId':'9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a','query':{'postCode':'AB1 2CD','lastName':'Smith'}}"));

        assertThat(entry).isEqualTo(new AuditEntry("patient-api", "search", new AuditEntry.Resource("patient-search", null, null),
                "9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", "success", new AuditEntry.Actor("sub-1", "10.1.2.3"),
                "0af7651916cd43dd8448eb211c80319c", "5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a",
                Map.of("lastName", "Smith", "postCode", "AB1 2CD"), null));
    }

    @Test
    void parse_upstreamBody_takesActionFromResourceOperation() throws Exception {
        AuditEntry entry = parse(json(
                "{'sourceSystemName':'lab-system','resource':{'type':'patient','id':'abc','operation':'read'}}"));

        assertThat(entry.action()).isEqualTo("read");
        assertThat(entry.resource()).isEqualTo(new AuditEntry.Resource("patient", "abc", "read"));
        assertThat(entry.outcome()).isNull();
    }

    @Test
    void parse_originalSystemsOperationWords_mapToTheirActionAndKeepTheWordSent() throws Exception {
        Map<String, String> expected = Map.of("create", "create", "find", "read", "update", "update", "list", "read",
                "query", "search", "get", "read", "insert", "create", "replace", "update", "load", "read");

        for (Map.Entry<String, String> word : expected.entrySet()) {
            AuditEntry entry = parse(json("{'sourceSystemName':'PatientTestsApi','resource':"
                    + "{'type':'patient','id':'5b0c2f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a','operation':'" + word.getKey() + "'}}"));
            assertThat(entry.action()).as(word.getKey()).isEqualTo(word.getValue());
            assertThat(entry.resource().operation()).isEqualTo(word.getKey());
        }
        assertThat(parse(json("{'sourceSystemName':'s','action':'read','resource':{'type':'test',"
                + "'operation':'find'}}")).action()).isEqualTo("read");
    }

    @Test
    void parse_operationWordsOutsideEitherVocabulary_areRejected() {
        for (String word : new String[] {"resourceoperation", "delete", "FIND", "remove", ""}) {
            assertThat(errorsOf("{'sourceSystemName':'s','resource':{'type':'patient','operation':'" + word + "'}}"))
                    .as(word).containsKey(word.isEmpty() ? "action" : "resource.operation");
        }
        assertThat(errorsOf("{'sourceSystemName':'s','action':'create','resource':{'type':'patient','operation':'find'}}"))
                .containsOnlyKeys("resource.operation");
    }

    @Test
    void parse_serverFields_areRejectedByName() {
        assertThat(errorsOf("{'sourceSystemName':'s','action':'read','resource':{'type':'patient'},'id':'x','recordedAt':'y','integrity':{}}"))
                .containsOnlyKeys("id", "recordedAt", "integrity")
                .containsEntry("id", java.util.List.of("is set by the server and must not be sent"));
    }

    @Test
    void parse_unknownAndMissingFields_areAllReported() {
        assertThat(errorsOf("{'colour':'red','resource':{'kind':'x'}}"))
                .containsOnlyKeys("colour", "sourceSystemName", "resource.kind", "resource.type", "action");
    }

    @Test
    void parse_valuesOutsideTheVocabulary_areRejected() {
        assertThat(errorsOf("{'sourceSystemName':'s','action':'delete','resource':{'type':'invoice'},'outcome':'maybe',"
                + "'patientId':'NOT-A-UUID','correlationId':'xyz'}"))
                .containsOnlyKeys("action", "resource.type", "outcome", "patientId", "correlationId");
    }

    @Test
    void parse_actionAndOperationDisagree_isRejected() {
        assertThat(errorsOf("{'sourceSystemName':'s','action':'create','resource':{'type':'patient','operation':'read'}}"))
                .containsOnlyKeys("resource.operation");
    }

    @Test
    void parse_badQueryCriteria_areRejected() {
        assertThat(errorsOf("{'sourceSystemName':'s','action':'search','resource':{'type':'patient-search'},'query':{'n':1}}"))
                .containsOnlyKeys("query.n");
        assertThat(errorsOf("{'sourceSystemName':'s','action':'search','resource':{'type':'patient-search'},'query':[1]}"))
                .containsOnlyKeys("query");
    }

    @Test
    void parse_auditSearchEntry_isRefusedBecauseOnlyTheRegisterRecordsIt() {
        assertThat(errorsOf("{'sourceSystemName':'patient-api','action':'search','resource':{'type':'audit-search'}}"))
                .containsOnlyKeys("resource.type");
    }

    @Test
    void parse_registersOwnSourceName_isRefusedInAnyCase() {
        assertThat(errorsOf("{'sourceSystemName':'Audit-API','action':'read','resource':{'type':'patient'}}"))
                .containsOnlyKeys("sourceSystemName");
    }

    @Test
    void parse_overlongAndControlCharacters_areRejected() {
        String longName = "x".repeat(129);
        assertThat(errorsOf("{'sourceSystemName':'" + longName + "','action':'read','resource':{'type':'patient'}}"))
                .containsEntry("sourceSystemName", java.util.List.of("must be at most 128 characters"));
        assertThatThrownBy(() -> parse(json("{'sourceSystemName':'a\\u0000b','action':'read','resource':{'type':'patient'}}")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void parse_searchWithReturnedPatients_keepsThemInOrder() throws Exception {
        AuditEntry entry = parse(json("{'sourceSystemName':'patient-api','action':'search','resource':{'type':'patient-search'},"
                + "'returnedPatientIds':['9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a','1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a']}"));

        assertThat(entry.returnedPatientIds())
                .containsExactly("9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a", "1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a");
        assertThat(entry.concerns("1c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a")).isTrue();
        assertThat(entry.concerns("2c2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a")).isFalse();
    }

    @Test
    void parse_returnedPatientsBeyondOnePageMalformedOrOnARead_areRejected() {
        String ids = String.join(",", java.util.Collections.nCopies(101, "'9b2e1f1e-8a3e-4d7c-9b1a-2f3e4d5c6b7a'"));

        assertThat(errorsOf("{'sourceSystemName':'p','action':'search','resource':{'type':'patient-search'},'returnedPatientIds':[" + ids + "]}"))
                .containsOnlyKeys("returnedPatientIds");
        assertThat(errorsOf("{'sourceSystemName':'p','action':'search','resource':{'type':'patient-search'},'returnedPatientIds':['Robert']}"))
                .containsOnlyKeys("returnedPatientIds");
        assertThat(errorsOf("{'sourceSystemName':'p','action':'read','resource':{'type':'patient'},'returnedPatientIds':[]}"))
                .containsEntry("returnedPatientIds", java.util.List.of("is only recorded for searches"));
    }
}
