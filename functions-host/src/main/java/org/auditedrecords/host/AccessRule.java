package org.auditedrecords.host;

import java.util.Objects;
import org.auditedrecords.host.internal.Cidr;

/**
 * One allow rule of an App Service access-restriction list.
 *
 * @param name a label for logs and for comparing with the Terraform definition
 * @param cidr the source block it admits, IPv4 or IPv6, e.g. {@code 127.0.0.10/32}
 */
public record AccessRule(String name, String cidr) {
    public AccessRule {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("An access rule needs a name.");
        }
        Cidr.parse(Objects.requireNonNull(cidr, "cidr"));
    }

    @Override
    public String toString() {
        return name + " " + cidr;
    }
}
