package org.auditedrecords.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8785 canonicalization of the values an audit record holds. */
class JcsTest {
    private final ObjectMapper json = new ObjectMapper();

    private String canonical(String input) throws Exception {
        return new String(Jcs.canonicalize(json.readTree(input)), StandardCharsets.UTF_8);
    }

    @Test
    void canonicalize_membersSortedByUtf16CodeUnitsAtEveryLevel() throws Exception {
        // RFC 8785 section 3.2.3's example orders "\u20ac" after "\r" and "\ud83d\ude00" before "\ufb33".
        assertThat(canonical("{\"\\u20ac\":\"Euro\",\"\\r\":\"CR\",\"\\ufb33\":\"Hebrew\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Smiley\",\"b\":{\"z\":1,\"a\":2}}"))
                .isEqualTo("{\"\\r\":\"CR\",\"1\":\"One\",\"b\":{\"a\":2,\"z\":1},\"\u20ac\":\"Euro\",\"\ud83d\ude00\":\"Smiley\",\"\ufb33\":\"Hebrew\"}");
    }

    @Test
    void canonicalize_stringsEscapeOnlyQuotesBackslashesAndControls() throws Exception {
        assertThat(canonical("{\"s\":\"\\u0007 \\n \\\" \\\\ / \\u00e9\"}")).isEqualTo("{\"s\":\"\\u0007 \\n \\\" \\\\ / \u00e9\"}");
    }

    @Test
    void canonicalize_escapeAfterPlainText_isEscapedInPlace() throws Exception {
        assertThat(canonical("{\"s\":\"plain then \\\" and \\t and \\u001f end\"}"))
                .isEqualTo("{\"s\":\"plain then \\\" and \\t and \\u001f end\"}");
        assertThat(canonical("{\"s\":\"ends with \\\\\"}")).isEqualTo("{\"s\":\"ends with \\\\\"}");
    }

    @Test
    void canonicalize_whitespaceAndOrderOfInput_doNotMatter() throws Exception {
        assertThat(canonical("{ \"b\" : [1, true, null], \"a\" : \"x\" }")).isEqualTo(canonical("{\"a\":\"x\",\"b\":[1,true,null]}"))
                .isEqualTo("{\"a\":\"x\",\"b\":[1,true,null]}");
    }

    @Test
    void canonicalize_fractionalNumber_isRefused() {
        assertThatThrownBy(() -> canonical("{\"n\":1.5}")).isInstanceOf(IllegalArgumentException.class);
    }
}
