package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The structural guarantees the rotation runbook relies on. */
class KeyRotationDesignTest {

    private final TerraformModule rotation = TerraformModule.load(Repo.KEY_ROTATION);

    @Test
    void everyConsumer_hasTwoSlots() {
        Map<String, String> slots = Expressions.objectEntries(rotation.locals().get("slots"));

        assertThat(slots).containsOnlyKeys("gateway-a", "gateway-b", "patient-api-a", "patient-api-b",
                "compliance-a", "compliance-b");
    }

    @Test
    void slotB_isOffsetByHalfAPeriod_andNotMovedBySlotA() {
        HclBlock slotB = rotation.resource("time_rotating", "slot_b").orElseThrow();

        assertThat(slotB.attribute("rfc3339")).hasValueSatisfying(v -> assertThat(v)
                .contains("time_rotating.slot_a[each.key].rotation_rfc3339").contains("local.half_period"));
        assertThat(rotation.locals().get("half_period")).isEqualTo("\"${var.rotation_days * 12}h\"");
        assertThat(slotB.block("lifecycle").orElseThrow().attribute("ignore_changes")).contains("[rfc3339]");
    }

    @Test
    void consumerSecret_holdsTheNewerSlot_andIsWrittenAfterTheAppsAcceptIt() {
        HclBlock secret = rotation.resource("azurerm_key_vault_secret", "consumer_key").orElseThrow();

        assertThat(secret.attribute("value")).contains("random_password.slot[local.newer_slot[each.key]].result");
        assertThat(secret.attribute("depends_on"))
                .contains("[azapi_resource_action.host_key, azapi_resource_action.function_key]");
    }

    @Test
    void keys_areSetThroughTheFunctionsKeyApi() {
        assertThat(rotation.resource("azapi_resource_action", "host_key").orElseThrow().attribute("action"))
                .contains("\"host/default/functionKeys/${each.key}\"");
        assertThat(rotation.resource("azapi_resource_action", "function_key").orElseThrow().attribute("action"))
                .contains("\"functions/${each.value.function}/keys/${each.value.slot}\"");
        assertThat(rotation.resource("azapi_resource_action", "refresh_named_value").orElseThrow().literal("action"))
                .contains("refreshSecret");
    }

    @Test
    void formerHmacSigningKey_leavesTheStateWithoutBeingDestroyed() {
        assertThat(rotation.resource("azurerm_key_vault_secret", "signing_key")).isEmpty();
        assertThat(rotation.all("removed")).extracting(b -> b.attribute("from").orElseThrow().strip())
                .containsExactlyInAnyOrder("azurerm_key_vault_secret.signing_key", "random_bytes.signing_key",
                        "time_rotating.signing_key");
        assertThat(rotation.all("removed")).allSatisfy(b ->
                assertThat(b.block("lifecycle").orElseThrow().literal("destroy")).contains("false"));
    }
}
