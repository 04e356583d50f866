package org.auditedrecords.common.mongo;

import java.util.List;

/**
 * An ascending index an app needs, as data, so that the Terraform declaring the same collection can be checked
 * against it (azurerm rewrites a collection's whole index list on every change).
 */
public record IndexSpec(List<String> keys, boolean unique) {
    public IndexSpec {
        keys = List.copyOf(keys);
    }

    public static IndexSpec on(String... keys) {
        return new IndexSpec(List.of(keys), false);
    }

    public static IndexSpec uniqueOn(String... keys) {
        return new IndexSpec(List.of(keys), true);
    }
}
