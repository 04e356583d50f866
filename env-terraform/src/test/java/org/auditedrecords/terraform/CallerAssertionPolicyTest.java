package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.auditedrecords.common.caller.CallerAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APIM's policy makes the caller assertion the apps verify ({@link CallerAssertions}): the same header, claims,
 * algorithm and lifetime, its subject the one {@code caller-id} the policy decided (subscription or token), the client's own header removed first, signed with the named value Terraform declares
 * from the key-rotation module's signing secret.
 */
class CallerAssertionPolicyTest {
    private static final String POLICY = "env-terraform/policies/api-inbound.xml";

    @Test
    void policy_makesTheAssertionTheAppsVerify() {
        assertThat(problems(Repo.ENV)).isEmpty();
    }

    @Test
    void policy_keepingTheClientsAssertion_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, POLICY, "    <set-header name=\"x-caller-assertion\" exists-action=\"delete\" />\n", "");

        assertThat(problems(root)).containsExactly("the client's x-caller-assertion is not removed before the gateway's is set");
    }

    @Test
    void policy_subjectNotFromTheDecidedCallerId_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, POLICY, "new JProperty(\"sub\", (string)context.Variables[\"caller-id\"])",
                "new JProperty(\"sub\", context.Subscription.Id)");

        assertThat(problems(root)).containsExactly("the assertion's subject is not the caller-id the policy decided");
    }

    @Test
    void policy_longerLivedAssertion_isReported(@TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, POLICY, "now + 60", "now + 3600");

        assertThat(problems(root)).containsExactly("the assertion does not live " + CallerAssertions.LIFETIME.toSeconds() + " s");
    }

    private static List<String> problems(Path env) {
        String policy = Repo.read(env.resolve("policies/api-inbound.xml"));
        String header = CallerAssertions.HEADER;
        List<String> problems = new ArrayList<>();
        int removed = policy.indexOf("<set-header name=\"" + header + "\" exists-action=\"delete\" />");
        int set = policy.indexOf("<set-header name=\"" + header + "\" exists-action=\"override\">");
        if (removed < 0 || set < 0 || removed > set) {
            problems.add("the client's " + header + " is not removed before the gateway's is set");
        }
        for (String claim : List.of("sub", "addr", "rid", "aud", "iat", "exp", "alg", "kid")) {
            if (!policy.contains("new JProperty(\"" + claim + "\"")) {
                problems.add("claim " + claim + " is missing");
            }
        }
        if (!policy.contains("new JProperty(\"sub\", (string)context.Variables[\"caller-id\"])")) {
            problems.add("the assertion's subject is not the caller-id the policy decided");
        }
        if (!policy.contains("\"HS256\"") || !policy.contains("HMACSHA256")) {
            problems.add("the assertion is not HS256");
        }
        if (!policy.contains("now + " + CallerAssertions.LIFETIME.toSeconds() + ")")) {
            problems.add("the assertion does not live " + CallerAssertions.LIFETIME.toSeconds() + " s");
        }
        String declared = Repo.read(env.resolve("caller-assertion.tf"));
        if (!policy.contains("{{gateway-assertion-key}}") || !declared.contains("name                = \"gateway-assertion-key\"")) {
            problems.add("the signing key is not the declared named value gateway-assertion-key");
        }
        return problems;
    }
}
