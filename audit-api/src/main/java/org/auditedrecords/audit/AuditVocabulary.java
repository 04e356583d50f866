package org.auditedrecords.audit;

import java.util.Set;

/** The closed sets of values an audit record may hold (SYSTEM.md §4). */
public final class AuditVocabulary {
    public static final Set<String> ACTIONS = Set.of("create", "read", "update", "search");
    public static final Set<String> RESOURCE_TYPES = Set.of("patient", "test", "patient-search", "audit-search");
    /** Compliance queries: recorded only by the register itself, never accepted from a caller. */
    public static final String REGISTER_ONLY_RESOURCE_TYPE = "audit-search";
    public static final Set<String> OUTCOMES = Set.of("attempted", "success", "notFound", "failed");

    private AuditVocabulary() {
    }
}
