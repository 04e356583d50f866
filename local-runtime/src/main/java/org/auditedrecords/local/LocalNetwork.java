package org.auditedrecords.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The local stand-in for the Azure VNet, read from {@code network.json}: every Terraform subnet is a loopback /24,
 * a service sends from and listens on the first address of its subnet, and each app admits only the subnets its
 * Terraform access restrictions allow.
 */
public record LocalNetwork(Map<String, String> subnets, Map<String, List<String>> allow) {

    public static LocalNetwork load() {
        try (InputStream in = LocalNetwork.class.getResourceAsStream("/network.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, String> subnets = new LinkedHashMap<>();
            root.get("subnets").fields().forEachRemaining(e -> subnets.put(e.getKey(), e.getValue().asText()));
            Map<String, List<String>> allow = new LinkedHashMap<>();
            root.get("allow").fields().forEachRemaining(e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                allow.put(e.getKey(), List.copyOf(names));
            });
            return new LocalNetwork(Map.copyOf(subnets), Map.copyOf(allow));
        } catch (IOException e) {
            throw new UncheckedIOException("network.json is missing from the class path", e);
        }
    }

    /** The address a service of {@code subnet} binds to: the first host address of the subnet. */
    public InetAddress address(String subnet) {
        String cidr = subnets.get(subnet);
        if (cidr == null) {
            throw new IllegalArgumentException("No subnet named " + subnet);
        }
        String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        try {
            return InetAddress.getByName(octets[0] + "." + octets[1] + "." + octets[2] + ".1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Not an IPv4 address: " + cidr, e);
        }
    }

    /** Which subnets may call each app, sorted: the graph compared with the Terraform's. */
    public Map<String, TreeSet<String>> graph() {
        Map<String, TreeSet<String>> graph = new TreeMap<>();
        allow.forEach((app, names) -> graph.put(app, new TreeSet<>(names)));
        return graph;
    }
}
