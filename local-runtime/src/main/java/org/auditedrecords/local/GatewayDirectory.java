package org.auditedrecords.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.auditedrecords.local.gateway.Subscription;

/**
 * The local gateway's subscriptions and who holds them, read from {@code gateway-subscriptions.json}: the same table
 * gives the gateway its subscriptions and the Audit API its organisation directory, as Terraform's
 * {@code gateway_subscriptions} does in Azure.
 */
public record GatewayDirectory(List<Entry> entries) {
    /** Which gateway APIs each product grants (env-terraform's apim_products). */
    static final Map<String, Set<String>> PRODUCT_APIS = Map.of("integrator", Set.of("patient"), "compliance", Set.of("audit"));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One subscription: its id (the caller identity), product, vault key secret, organisation and contact. */
    public record Entry(String id, String product, String keySecret, String organisation, String contact) {
    }

    public static GatewayDirectory load() {
        try (InputStream in = GatewayDirectory.class.getResourceAsStream("/gateway-subscriptions.json")) {
            if (in == null) {
                throw new IllegalStateException("gateway-subscriptions.json is missing from the class path");
            }
            List<Entry> entries = new ArrayList<>();
            JSON.readTree(in).get("subscriptions").fields().forEachRemaining(e -> {
                JsonNode s = e.getValue();
                String product = s.path("product").asText();
                if (!PRODUCT_APIS.containsKey(product)) {
                    throw new IllegalStateException("Subscription " + e.getKey() + " names an unknown product: " + product);
                }
                entries.add(new Entry(e.getKey(), product, s.path("keySecret").asText(), s.path("organisation").asText(),
                        s.path("contact").isTextual() ? s.path("contact").asText() : null));
            });
            return new GatewayDirectory(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException("gateway-subscriptions.json could not be read", e);
        }
    }

    /** The gateway's subscriptions. */
    public List<Subscription> subscriptions() {
        return entries.stream().map(e -> new Subscription(e.id(), e.product(), e.keySecret(), PRODUCT_APIS.get(e.product())))
                .toList();
    }

    /** The Audit API's {@code ORGANISATION_DIRECTORY}: names and contacts only, never a key or its secret's name. */
    public String organisationDirectoryJson() {
        Map<String, Map<String, String>> directory = new LinkedHashMap<>();
        for (Entry e : entries) {
            Map<String, String> organisation = new LinkedHashMap<>();
            organisation.put("organisation", e.organisation());
            organisation.put("contact", e.contact());
            directory.put(e.id(), organisation);
        }
        try {
            return JSON.writeValueAsString(directory);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    public Entry entry(String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No local subscription " + id));
    }
}
