package org.auditedrecords.patient;

/** The entity tag of a {@link Versioned} resource: its version as a strong tag, e.g. {@code "3"}. */
public final class ETag {
    private ETag() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }
}
