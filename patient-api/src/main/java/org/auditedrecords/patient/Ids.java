package org.auditedrecords.patient;

import java.util.UUID;
import java.util.regex.Pattern;

/** Resource ids: server-generated lower-case UUIDs (SYSTEM.md §3). */
public final class Ids {
    /** A lower-case UUID. */
    public static final Pattern FORMAT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Ids() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code id} can name a resource at all; anything else is answered 404 without asking the store. */
    public static boolean isWellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    /** {@code id} when well formed, else null: what an audit entry may name. */
    public static String wellFormedOrNull(String id) {
        return isWellFormed(id) ? id : null;
    }
}
