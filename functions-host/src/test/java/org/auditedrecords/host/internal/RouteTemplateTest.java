package org.auditedrecords.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTemplateTest {

    @ParameterizedTest
    @CsvSource({
        "'n/{v:int}', '-42', true",
        "'n/{v:int}', '4.2', false",
        "'n/{v:int}', '99999999999', false",
        "'n/{v:long}', '99999999999', true",
        "'n/{v:bool}', 'TRUE', true",
        "'n/{v:bool}', 'yes', false",
        "'n/{v:alpha}', 'abcXYZ', true",
        "'n/{v:alpha}', 'abc1', false",
        "'n/{v:guid}', '3F2504E0-4F89-41D3-9A0C-0305E82C3301', true",
        "'n/{v:guid}', '3f2504e04f8941d39a0c0305e82c3301x', false",
        "'n/{v:length(2,3)}', 'abc', true",
        "'n/{v:length(2,3)}', 'abcd', false",
        "'n/{v:length(1)}', 'a', true",
        "'n/{v:alpha:length(2)}', 'ab', true",
        "'n/{v:alpha:length(2)}', 'a1', false"
    })
    void match_constraints_acceptOnlyConformingValues(String template, String value, boolean matches) {
        assertThat(RouteTemplate.parse(template).match(List.of("n", value)).isPresent()).isEqualTo(matches);
    }

    @Test
    void match_optionalAndCatchAll_takeWhatIsThere() {
        RouteTemplate optional = RouteTemplate.parse("a/{b?}/{c:int?}");
        RouteTemplate catchAll = RouteTemplate.parse("files/{*path}");

        assertThat(optional.match(List.of("a"))).hasValue(Map.of());
        assertThat(optional.match(List.of("a", "x", "5"))).hasValue(Map.of("b", "x", "c", "5"));
        assertThat(optional.match(List.of("a", "x", "y"))).isEmpty();
        assertThat(catchAll.match(List.of("files"))).hasValue(Map.of());
        assertThat(catchAll.match(List.of("files", "a", "b"))).hasValue(Map.of("path", "a/b"));
    }

    @Test
    void match_routeValues_areLookedUpCaseInsensitively() {
        Map<String, String> values =
                RouteTemplate.parse("patient/{patientId}").match(List.of("PATIENT", "p1")).orElseThrow();

        assertThat(values.get("patientid")).isEqualTo("p1");
    }

    @Test
    void match_emptyOrExtraSegments_doNotMatch() {
        RouteTemplate template = RouteTemplate.parse("patient/{patientId}");

        assertThat(template.match(List.of("patient", ""))).isEmpty();
        assertThat(template.match(List.of("patient", "p1", "tests"))).isEmpty();
    }

    @Test
    void precedence_literalBeforeConstrainedBeforePlainBeforeCatchAll() {
        // given
        List<RouteTemplate> templates = new ArrayList<>(List.of(
                RouteTemplate.parse("x/{*rest}"),
                RouteTemplate.parse("x/{id}"),
                RouteTemplate.parse("x/{id:guid}"),
                RouteTemplate.parse("x/verify")));

        // when
        templates.sort(RouteTemplate.PRECEDENCE);

        // then
        assertThat(templates).extracting(RouteTemplate::toString)
                .containsExactly("x/verify", "x/{id:guid}", "x/{id}", "x/{*rest}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a//b", "a/{b", "a/x{b}", "a/{b}-{c}", "a/{b=1}", "a/{*rest}/c", "a/{b?}/c",
        "a/{b}/{B}", "a/{b:regex(x)}", "a/{}", "a/{b-c}"})
    void parse_invalidTemplate_isRejectedNamingIt(String template) {
        assertThatThrownBy(() -> RouteTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + template + "'");
    }
}
