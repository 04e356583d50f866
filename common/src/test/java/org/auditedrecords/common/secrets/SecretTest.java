package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toString_anySecret_namesItWithoutTheValue() {
        // given
        Secret secret = new Secret("audit-api-key", "0123456789abcdef0123456789abcdef", "s3cr3t-value");

        // when
        String shown = secret.toString();

        // then
        assertThat(shown).contains("audit-api-key", "0123456789abcdef0123456789abcdef").doesNotContain("s3cr3t-value");
    }
}
