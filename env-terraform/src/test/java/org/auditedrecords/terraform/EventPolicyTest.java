package org.auditedrecords.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.remove;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.replace;
import static org.auditedrecords.terraform.WeakenedCopy.Edit.set;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each event and idempotency check passes on the repository's Terraform and FAILS on a copy weakened its way. */
class EventPolicyTest {
    private static final String EVENTS = "env-terraform/events.tf";
    private static final String IDEMPOTENCY = "env-terraform/idempotency.tf";
    private static final String TOPIC = "topic: Entra ID only, private only";
    private static final String SENDER = "the Patient API may only send to the topic";
    private static final String SUBSCRIPTIONS = "subscriptions filter, retry and dead-letter";
    private static final String STORAGE = "dead-letter storage: no keys, no public access";

    static Stream<String> checkNames() {
        return EventPolicy.checks().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkNames")
    void check_repositoryTerraform_hasNoViolation(String check) {
        assertThat(EventPolicy.checks().get(check).apply(new EventPolicy(TerraformProject.load(Repo.ENV)))).isEmpty();
    }

    static Stream<Arguments> weakenings() {
        return Stream.of(
                Arguments.of(TOPIC, "access keys accepted", EVENTS, set("local_auth_enabled", "false", "true")),
                Arguments.of(TOPIC, "local auth left to the default (on)", EVENTS, remove("local_auth_enabled")),
                Arguments.of(TOPIC, "public network access", EVENTS, set("public_network_access_enabled", "false", "true")),
                Arguments.of(TOPIC, "no private endpoint", EVENTS, set("private_connection_resource_id",
                        "azurerm_eventgrid_topic.patient_events.id", "azurerm_key_vault.this.id")),
                Arguments.of(SENDER, "contributor instead of sender", EVENTS,
                        set("role_definition_name", "\"EventGrid Data Sender\"", "\"EventGrid Contributor\"")),
                Arguments.of(SENDER, "sender on the whole resource group", EVENTS,
                        set("scope", "azurerm_eventgrid_topic.patient_events.id", "azurerm_resource_group.this.id")),
                Arguments.of(SENDER, "sender given to another identity", EVENTS,
                        set("principal_id", "module.function_app[\"patient-api\"].principal_id",
                                "module.function_app[\"audit-api\"].principal_id")),
                Arguments.of(SUBSCRIPTIONS, "no event-type filter", EVENTS, remove("included_event_types")),
                Arguments.of(SUBSCRIPTIONS, "retries unbounded in time", EVENTS, remove("event_time_to_live")),
                Arguments.of(SUBSCRIPTIONS, "no dead-letter destination", EVENTS,
                        replace("  storage_blob_dead_letter_destination {", "  dynamic_dead_letter_off {")),
                Arguments.of(SUBSCRIPTIONS, "dead letters without an identity", EVENTS,
                        replace("  dead_letter_identity {", "  dead_letter_identity_off {")),
                Arguments.of(STORAGE, "shared keys on", EVENTS, set("shared_access_key_enabled", "false", "true")),
                Arguments.of(STORAGE, "public blobs allowed", EVENTS,
                        set("allow_nested_items_to_be_public", "false", "true")),
                Arguments.of(STORAGE, "firewall open", EVENTS, set("default_action", "\"Deny\"", "\"Allow\"")),
                Arguments.of("idempotency keys expire", "TTL off", IDEMPOTENCY,
                        set("default_ttl_seconds", "local.idempotency_retention_seconds + 120", "-1")),
                Arguments.of("idempotency keys expire", "in the audit account", IDEMPOTENCY,
                        set("account_name", "azurerm_cosmosdb_account.this[\"patient-api\"].name",
                                "azurerm_cosmosdb_account.this[\"audit-api\"].name")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("weakenings")
    void check_weakenedTerraform_reportsViolation(String check, String weakening, String file, WeakenedCopy.Edit edit,
                                                  @TempDir Path temp) {
        Path root = WeakenedCopy.of(temp, file, edit);

        List<String> violations = EventPolicy.checks().get(check).apply(new EventPolicy(TerraformProject.load(root)));

        assertThat(violations).as(weakening).isNotEmpty();
    }
}
