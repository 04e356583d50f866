package org.auditedrecords.host;

import java.net.InetAddress;
import java.util.List;
import org.auditedrecords.host.internal.Cidr;

/**
 * Which source addresses may reach the app at all, like App Service access restrictions: either everyone, or only
 * the addresses some rule admits (default deny). The host checks them before anything else, authentication included.
 */
public final class AccessRestrictions {
    private final boolean allowAll;
    private final List<AccessRule> rules;
    private final List<Cidr> blocks;

    private AccessRestrictions(boolean allowAll, List<AccessRule> rules) {
        this.allowAll = allowAll;
        this.rules = List.copyOf(rules);
        this.blocks = this.rules.stream().map(rule -> Cidr.parse(rule.cidr())).toList();
    }

    /** No restriction: every source address is admitted. */
    public static AccessRestrictions allowAll() {
        return new AccessRestrictions(true, List.of());
    }

    /** Only addresses in one of {@code rules}; an empty list admits nobody. */
    public static AccessRestrictions allowOnly(List<AccessRule> rules) {
        return new AccessRestrictions(false, rules);
    }

    public boolean isAllowAll() {
        return allowAll;
    }

    /** The allow rules, in the order given; empty for {@link #allowAll()}. */
    public List<AccessRule> rules() {
        return rules;
    }

    public boolean permits(InetAddress source) {
        return allowAll || blocks.stream().anyMatch(block -> block.contains(source));
    }

    @Override
    public String toString() {
        return allowAll ? "allow all" : "allow only " + rules;
    }
}
