package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.auditedrecords.audit.store.MongoAuditLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit collection's indexes as Terraform declares them and as the Audit API creates them
 * at start-up must be the same key sets: azurerm rewrites a collection's whole index list on
 * every change, so an index only the app creates would be dropped by the next apply. The app's list is
 * {@link MongoAuditLedger#RECORD_INDEXES}.
 */
class AuditIndexesTest {

    private static final Pattern STRING = Pattern.compile("\"([^\"]+)\"");
    private static final Pattern TF_KEYS = Pattern.compile("keys\\s*=\\s*\\[([^\\]]*)\\]");
    private static final Pattern TF_FIELD_LIST = Pattern.compile("for field in \\[([^\\]]*)\\]");

    @Test
    void auditRecords_terraformDeclaresExactlyTheIndexesTheAppCreates() {
        assertThat(declared(Repo.ENV)).isEqualTo(created()).contains(List.of("log", "idx"), List.of("recordedAt", "_id"));
    }

    @Test
    void auditRecords_singleFieldIndexInsteadOfTheSortIndex_differs(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, "env-terraform/cosmos.tf",
                "{ keys = [\"recordedAt\", \"_id\"], unique = false }", "{ keys = [\"recordedAt\"], unique = false }");

        assertThat(declared(root)).isNotEqualTo(created()).doesNotContain(List.of("recordedAt", "_id"));
    }

    private static Set<List<String>> declared(Path root) {
        String table = TerraformModule.load(root).locals().get("cosmos_collections");
        String auditRecords = table.substring(table.indexOf("\"auditRecords\""), table.indexOf("\"auditCheckpoints\""));
        return keySets(auditRecords, TF_KEYS, TF_FIELD_LIST);
    }

    private static Set<List<String>> created() {
        var sets = new LinkedHashSet<List<String>>();
        MongoAuditLedger.RECORD_INDEXES.forEach(index -> sets.add(index.keys()));
        return sets;
    }

    /** Compound key lists written out, plus one single-field key set per entry of the field list. */
    private static Set<List<String>> keySets(String source, Pattern compound, Pattern fieldList) {
        var sets = new LinkedHashSet<List<String>>();
        Matcher m = compound.matcher(source);
        while (m.find()) {
            List<String> keys = strings(m.group(1));
            if (!keys.isEmpty()) { // keys = [field] / ascending(field): the loop over the field list
                sets.add(keys);
            }
        }
        Matcher fields = fieldList.matcher(source);
        while (fields.find()) {
            strings(fields.group(1)).forEach(f -> sets.add(List.of(f)));
        }
        return sets;
    }

    private static List<String> strings(String text) {
        var strings = new ArrayList<String>();
        Matcher m = STRING.matcher(text);
        while (m.find()) {
            strings.add(m.group(1));
        }
        return strings;
    }
}
