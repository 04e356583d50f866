package org.auditedrecords.patient;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@code If-Match} precondition (RFC 9110 §13.1.1) against {@link ETag}s. Comparison is strong, so a weak tag
 * ({@code W/"3"}) or anything that is not a tag never matches and the update fails with 412 rather than guessing.
 *
 * @param given    whether the request carried the header at all
 * @param any      {@code *}: any current version
 * @param versions the versions named by strong tags
 */
public record IfMatch(boolean given, boolean any, Set<Long> versions) {
    private static final int MAX_DIGITS = 18;

    public IfMatch {
        versions = Set.copyOf(versions);
    }

    /** No precondition: the update applies to whatever version is current. */
    public static IfMatch none() {
        return new IfMatch(false, false, Set.of());
    }

    public static IfMatch parse(Optional<String> header) {
        if (header.isEmpty()) {
            return none();
        }
        boolean any = false;
        Set<Long> versions = new TreeSet<>();
        for (String tag : header.get().split(",")) {
            String t = tag.strip();
            if (t.equals("*")) {
                any = true;
            } else if (isVersionTag(t)) {
                versions.add(Long.parseLong(t.substring(1, t.length() - 1)));
            }
        }
        return new IfMatch(true, any, versions);
    }

    /** A strong tag of up to 18 ASCII digits: every version this app issues, and never too long for a long. */
    private static boolean isVersionTag(String tag) {
        return tag.length() > 2 && tag.length() <= MAX_DIGITS + 2 && tag.startsWith("\"") && tag.endsWith("\"")
                && tag.substring(1, tag.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Whether an update of the resource at {@code version} may go ahead. */
    public boolean matches(long version) {
        return !given || any || versions.contains(version);
    }
}
