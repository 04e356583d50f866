package org.auditedrecords.local.gateway;

import java.util.Set;

/** The key values currently accepted under a secret name (every enabled version, so rotations overlap). */
@FunctionalInterface
public interface KeySet {
    Set<String> accepted(String secretName);
}
