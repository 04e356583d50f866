package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import org.junit.jupiter.api.Test;

class InMemoryFunctionKeysTest {
    private final InMemoryFunctionKeys keys = new InMemoryFunctionKeys();

    @Test
    void acceptedKeys_functionLevel_areMasterHostAndOwnFunctionKeysByCaseInsensitiveName() {
        // given
        keys.setMasterKey("m");
        keys.putHostKey("default", "h");
        keys.putFunctionKey("LoadPatient", "default", "own");
        keys.putFunctionKey("CreatePatient", "default", "other");

        // then
        assertThat(keys.acceptedKeys("loadpatient", AuthorizationLevel.FUNCTION))
                .containsExactlyInAnyOrder("m", "h", "own");
        assertThat(keys.acceptedKeys("LoadPatient", AuthorizationLevel.ADMIN)).containsExactly("m");
    }

    @Test
    void acceptedKeys_afterRemovals_leaveNothing() {
        // given
        keys.setMasterKey("m");
        keys.putHostKey("default", "h");
        keys.putFunctionKey("LoadPatient", "default", "own");

        // when
        keys.setMasterKey(null);
        keys.removeHostKey("default");
        keys.removeFunctionKey("LOADPATIENT", "default");

        // then
        assertThat(keys.acceptedKeys("LoadPatient", AuthorizationLevel.FUNCTION)).isEmpty();
    }

    @Test
    void putHostKey_blankValue_isRejected() {
        assertThatThrownBy(() -> keys.putHostKey("default", " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
