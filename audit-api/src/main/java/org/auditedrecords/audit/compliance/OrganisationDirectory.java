package org.auditedrecords.audit.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which organisation holds each gateway subscription, so reports say "St Mary's Lab (integrator-stmarys)" rather
 * than an opaque id. The directory is kept with the gateway's configuration (Terraform's
 * {@code gateway_subscriptions}, the local gateway's {@code gateway-subscriptions.json}) and handed to the Audit API
 * as JSON: <code>{"integrator-stmarys": {"organisation": "St Mary's Lab", "contact": "it@stmarys.example"}}</code>.
 * It is read at start-up only; an id that is not in it is shown as such, never guessed.
 */
public final class OrganisationDirectory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("organisation", "contact");

    private final Map<String, Organisation> byClientId;

    /** @param contact how to reach the organisation about a disclosure; null when the directory gives none */
    public record Organisation(String name, String contact) {
    }

    /**
     * The recipient of a disclosure as a report names it.
     *
     * @param organisation null when the subscription is not in the directory (or the caller was not identified)
     */
    public record Recipient(String clientId, String organisation, String contact) {
        /** "Organisation (client id)"; the bare id, marked, when the directory does not know it. */
        public String label() {
            if (organisation != null) {
                return organisation + " (" + clientId + ")";
            }
            return clientId == null ? "unidentified caller" : clientId + " (not in the organisation directory)";
        }
    }

    private OrganisationDirectory(Map<String, Organisation> byClientId) {
        this.byClientId = Map.copyOf(byClientId);
    }

    public static OrganisationDirectory empty() {
        return new OrganisationDirectory(Map.of());
    }

    /**
     * Reads the directory's JSON form.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting the text) when it is not that form
     */
    public static OrganisationDirectory parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not well-formed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON object of subscription id to {organisation, contact}");
        }
        Map<String, Organisation> entries = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            JsonNode name = value.path("organisation");
            JsonNode contact = value.path("contact");
            boolean onlyKnownFields = value.isObject();
            for (Iterator<String> names = value.fieldNames(); onlyKnownFields && names.hasNext(); ) {
                onlyKnownFields = FIELDS.contains(names.next());
            }
            if (!onlyKnownFields || !name.isTextual() || name.textValue().isBlank()
                    || !(contact.isMissingNode() || contact.isNull() || contact.isTextual())) {
                throw new IllegalArgumentException("entry '" + entry.getKey()
                        + "' must be {\"organisation\": non-empty text, \"contact\": text or null}");
            }
            entries.put(entry.getKey(), new Organisation(name.textValue(), contact.isTextual() ? contact.textValue() : null));
        }
        return new OrganisationDirectory(entries);
    }

    /** The recipient behind {@code clientId} (null when the caller was not identified). */
    public Recipient recipient(String clientId) {
        Organisation organisation = clientId == null ? null : byClientId.get(clientId);
        return organisation == null ? new Recipient(clientId, null, null)
                : new Recipient(clientId, organisation.name(), organisation.contact());
    }

    public int size() {
        return byClientId.size();
    }
}
