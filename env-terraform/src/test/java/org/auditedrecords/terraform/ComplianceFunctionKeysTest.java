package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.auditedrecords.audit.functions.AuditFunctions;
import org.junit.jupiter.api.Test;

/**
 * The compliance key is a function key, set per function: a read function the key rotation does not list would
 * answer APIM's compliance backend with 401 in Azure while working locally, where one key serves every read.
 */
class ComplianceFunctionKeysTest {
    private static final Pattern STRING = Pattern.compile("\"([^\"]+)\"");

    @Test
    void auditReadFunctions_areExactlyTheAuditApisGetFunctions() {
        String declared = TerraformModule.load(Repo.KEY_ROTATION).variables().get("audit_read_functions")
                .attribute("default").orElseThrow();
        Set<String> keyed = new TreeSet<>();
        Matcher m = STRING.matcher(declared);
        while (m.find()) {
            keyed.add(m.group(1));
        }

        assertThat(keyed).isEqualTo(getFunctions()).contains("AccountDisclosures");
    }

    private static Set<String> getFunctions() {
        Set<String> names = new TreeSet<>();
        for (Method method : AuditFunctions.class.getMethods()) {
            FunctionName name = method.getAnnotation(FunctionName.class);
            boolean get = Arrays.stream(method.getParameters()).map((Parameter p) -> p.getAnnotation(HttpTrigger.class))
                    .anyMatch(t -> t != null && Arrays.asList(t.methods()).contains(HttpMethod.GET));
            if (name != null && get) {
                names.add(name.value());
            }
        }
        return names;
    }
}
