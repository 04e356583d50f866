package org.auditedrecords.audit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The closed sets of values an audit record may hold (SYSTEM.md §4). */
public final class AuditVocabulary {
    public static final Set<String> ACTIONS = Set.of("create", "read", "update", "search");
    /**
     * The operation words of the original system's clients (its Patient API sent {@code find} for a read) and their
     * usual synonyms, as the action each stands for. Only in the upstream-compatible {@code resource.operation};
     * any other word is refused (400), so a record never holds an action the register cannot query by.
     */
    public static final Map<String, String> UPSTREAM_OPERATIONS = Map.of("find", "read", "get", "read", "load", "read",
            "list", "read", "insert", "create", "replace", "update", "query", "search");
    /** Every word {@code resource.operation} may hold: the actions and the upstream words. */
    public static final Set<String> OPERATIONS = union(ACTIONS, UPSTREAM_OPERATIONS.keySet());
    public static final Set<String> RESOURCE_TYPES = Set.of("patient", "test", "patient-search", "audit-search");
    /** Compliance queries: recorded only by the register itself, never accepted from a caller. */
    public static final String REGISTER_ONLY_RESOURCE_TYPE = "audit-search";
    public static final Set<String> OUTCOMES = Set.of("attempted", "success", "notFound", "failed", "replayed");

    private AuditVocabulary() {
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The action an upstream {@code resource.operation} stands for: itself when canonical, else its mapping. */
    public static Optional<String> actionOf(String operation) {
        return ACTIONS.contains(operation) ? Optional.of(operation) : Optional.ofNullable(UPSTREAM_OPERATIONS.get(operation));
    }
}
