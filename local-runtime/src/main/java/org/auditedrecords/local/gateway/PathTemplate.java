package org.auditedrecords.local.gateway;

import java.util.Arrays;
import java.util.List;

/** An OpenAPI path template such as {@code /patient/{patientId}/tests}: literal segments and whole-segment parameters. */
public record PathTemplate(String template, List<String> segments) {

    public static PathTemplate parse(String template) {
        return new PathTemplate(template, split(template));
    }

    /** True when {@code path} has the same number of segments and equal literals (parameters take any segment). */
    public boolean matches(RequestPath path) {
        List<String> actual = path.segments();
        if (actual.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            boolean parameter = expected.startsWith("{") && expected.endsWith("}");
            if (!parameter && !expected.equalsIgnoreCase(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    static List<String> split(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
