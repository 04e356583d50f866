package org.auditedrecords.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Offline checks of the event path and the idempotency store (events.tf, idempotency.tf), in the manner of
 * {@link LockdownPolicy}: each returns its violations, empty when the Terraform holds.
 */
public final class EventPolicy {
    private static final String TOPIC = "azurerm_eventgrid_topic";
    private static final String SUBSCRIPTION = "azurerm_eventgrid_event_subscription";

    private final TerraformProject project;

    public EventPolicy(TerraformProject project) {
        this.project = project;
    }

    /** Every check by name, in a stable order. */
    public static Map<String, Function<EventPolicy, List<String>>> checks() {
        Map<String, Function<EventPolicy, List<String>>> checks = new LinkedHashMap<>();
        checks.put("topic: Entra ID only, private only", EventPolicy::topicLockedDown);
        checks.put("the Patient API may only send to the topic", EventPolicy::publisherIsLeastPrivilege);
        checks.put("subscriptions filter, retry and dead-letter", EventPolicy::subscriptionsFilterRetryDeadLetter);
        checks.put("dead-letter storage: no keys, no public access", EventPolicy::deadLetterStoragePrivate);
        checks.put("idempotency keys expire", EventPolicy::idempotencyKeysExpire);
        return checks;
    }

    /** A topic accepts no access keys or SAS, and no traffic but through its private endpoint. */
    public List<String> topicLockedDown() {
        var violations = new ArrayList<String>();
        List<TerraformProject.Located> topics = project.resources(TOPIC);
        if (topics.isEmpty()) {
            violations.add("no " + TOPIC + " is declared");
        }
        for (var topic : topics) {
            LockdownPolicy.require(topic.block(), "local_auth_enabled", "false", violations);
            LockdownPolicy.require(topic.block(), "public_network_access_enabled", "false", violations);
            LockdownPolicy.require(topic.block(), "input_schema", "CloudEventSchemaV1_0", violations);
        }
        boolean privateEndpoint = project.resources("azurerm_private_endpoint").stream()
                .flatMap(pe -> pe.block().block("private_service_connection").stream())
                .anyMatch(c -> c.attribute("private_connection_resource_id").orElse("").contains(TOPIC + "."));
        if (!privateEndpoint) {
            violations.add("no private endpoint connects to the Event Grid topic");
        }
        return violations;
    }

    /** Publishing is "EventGrid Data Sender" on the topic itself, never a broader role or scope. */
    public List<String> publisherIsLeastPrivilege() {
        var violations = new ArrayList<String>();
        boolean sender = false;
        for (var assignment : project.resources("azurerm_role_assignment")) {
            String role = assignment.block().literal("role_definition_name").orElse("");
            if (!role.startsWith("EventGrid")) {
                continue;
            }
            String scope = assignment.block().attribute("scope").orElse("").strip();
            if (!role.equals("EventGrid Data Sender") || !scope.matches(TOPIC + "\\.\\w+\\.id")) {
                violations.add(assignment.block().where() + ": Event Grid role must be 'EventGrid Data Sender' on one "
                        + "topic, is '" + role + "' on " + scope);
            }
            sender |= assignment.block().attribute("principal_id").orElse("").contains("\"patient-api\"");
        }
        if (!sender) {
            violations.add("the Patient API's identity is not given 'EventGrid Data Sender' on the topic");
        }
        return violations;
    }

    /** Each subscription names its event types, bounds its retries, and dead-letters with a managed identity. */
    public List<String> subscriptionsFilterRetryDeadLetter() {
        var violations = new ArrayList<String>();
        List<TerraformProject.Located> subscriptions = project.resources(SUBSCRIPTION);
        if (subscriptions.isEmpty()) {
            violations.add("no " + SUBSCRIPTION + " is declared");
        }
        for (var subscription : subscriptions) {
            HclBlock b = subscription.block();
            if (b.attribute("included_event_types").isEmpty()) {
                violations.add(b.where() + ": included_event_types must filter the events delivered");
            }
            Optional<HclBlock> retry = b.block("retry_policy");
            if (retry.isEmpty() || retry.get().attribute("max_delivery_attempts").isEmpty()
                    || retry.get().attribute("event_time_to_live").isEmpty()) {
                violations.add(b.where() + ": retry_policy must set max_delivery_attempts and event_time_to_live");
            }
            if (b.block("storage_blob_dead_letter_destination").isEmpty()) {
                violations.add(b.where() + ": storage_blob_dead_letter_destination must be set");
            }
            if (b.block("dead_letter_identity").isEmpty()) {
                violations.add(b.where() + ": dead_letter_identity must be set (the storage has no keys)");
            }
        }
        return violations;
    }

    /** The storage a subscription dead-letters to: identity-only, firewalled, no public blobs. */
    public List<String> deadLetterStoragePrivate() {
        var violations = new ArrayList<String>();
        for (var subscription : project.resources(SUBSCRIPTION)) {
            String account = subscription.block().block("storage_blob_dead_letter_destination")
                    .flatMap(d -> d.attribute("storage_account_id")).orElse("").strip();
            String name = account.replaceFirst("^azurerm_storage_account\\.(\\w+)\\.id$", "$1");
            var storage = project.resources("azurerm_storage_account").stream()
                    .filter(s -> s.block().label(1).equals(name)).findFirst();
            if (storage.isEmpty()) {
                violations.add(subscription.block().where() + ": dead-letter storage account " + account + " not found");
                continue;
            }
            HclBlock s = storage.get().block();
            LockdownPolicy.require(s, "shared_access_key_enabled", "false", violations);
            LockdownPolicy.require(s, "allow_nested_items_to_be_public", "false", violations);
            LockdownPolicy.require(s, "min_tls_version", "TLS1_2", violations);
            if (!s.block("network_rules").flatMap(r -> r.literal("default_action")).orElse("").equals("Deny")) {
                violations.add(s.where() + ": network_rules.default_action must be Deny");
            }
        }
        return violations;
    }

    /** The idempotency collection is in the patient database and expires its documents. */
    public List<String> idempotencyKeysExpire() {
        var violations = new ArrayList<String>();
        var collection = project.resources("azurerm_cosmosdb_mongo_collection").stream()
                .filter(c -> c.block().literal("name").orElse("").equals("idempotencyKeys")).findFirst();
        if (collection.isEmpty()) {
            violations.add("no idempotencyKeys collection is declared");
            return violations;
        }
        HclBlock b = collection.get().block();
        if (!b.attribute("account_name").orElse("").contains("\"patient-api\"")) {
            violations.add(b.where() + ": idempotencyKeys must be in the Patient API's account");
        }
        String ttl = b.attribute("default_ttl_seconds").orElse("-1").strip();
        if (ttl.equals("-1") || ttl.equals("0")) {
            violations.add(b.where() + ": default_ttl_seconds must expire idempotency records, is " + ttl);
        }
        return violations;
    }
}
