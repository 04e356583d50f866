package org.auditedrecords.terraform;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code %{ if name }...%{ else }...%{ endif }} directives of a Terraform template, resolved for given
 * conditions, so that an APIM policy template can be read as the XML one environment deploys. Interpolations
 * ({@code ${name}}) are left as written, for checks to see which variable fills which attribute.
 */
public final class PolicyTemplate {
    private static final Pattern IF = Pattern.compile(
            "[ \\t]*%\\{ if (\\w+) ~?}\\n?(.*?)(?:[ \\t]*%\\{ else ~?}\\n?(.*?))?[ \\t]*%\\{ endif ~?}\\n?", Pattern.DOTALL);

    private PolicyTemplate() {
    }

    /** @throws IllegalArgumentException for a condition the caller did not give: a check must know what it reads */
    public static String render(String template, Map<String, Boolean> conditions) {
        Matcher m = IF.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Boolean holds = conditions.get(m.group(1));
            if (holds == null) {
                throw new IllegalArgumentException("No value for template condition " + m.group(1));
            }
            String kept = holds ? m.group(2) : m.group(3) == null ? "" : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(kept));
        }
        m.appendTail(out);
        return out.toString();
    }
}
