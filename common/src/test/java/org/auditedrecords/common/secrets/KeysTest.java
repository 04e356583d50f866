package org.auditedrecords.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void newKey_always_is32BytesAsUnpaddedUrlSafeBase64() {
        // when
        String key = Keys.newKey();

        // then
        assertThat(key).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
    }

    @Test
    void newKey_repeatedCalls_neverRepeat() {
        // given
        Set<String> keys = new HashSet<>();

        // when
        for (int i = 0; i < 1000; i++) {
            keys.add(Keys.newKey());
        }

        // then
        assertThat(keys).hasSize(1000);
    }
}
