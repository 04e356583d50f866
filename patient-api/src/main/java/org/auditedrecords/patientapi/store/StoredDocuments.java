package org.auditedrecords.patientapi.store;

import java.util.Date;
import java.util.Set;
import org.auditedrecords.common.errors.DependencyUnavailableException;
import org.bson.Document;

/**
 * Strict reading of stored documents, shared by both collections: a document with a field the app did not write,
 * or one missing or of the wrong type, is reported instead of half-read. Messages name the field, never a value.
 */
final class StoredDocuments {
    static final String ID = "_id";
    static final String PATIENT_ID = "patientId";
    static final String LAST_UPDATED = "lastUpdated";
    static final String VERSION = "version";

    private StoredDocuments() {
    }

    static void allowOnly(Document doc, Set<String> fields, String what) {
        for (String key : doc.keySet()) {
            if (!fields.contains(key)) {
                throw malformed(what, "has an unexpected field " + key);
            }
        }
    }

    static String required(Document doc, String field, String what) {
        Object value = doc.get(field);
        if (!(value instanceof String text)) {
            throw malformed(what, "has no text field " + field);
        }
        return text;
    }

    static String optional(Document doc, String field, String what) {
        Object value = doc.get(field);
        if (value != null && !(value instanceof String)) {
            throw malformed(what, "has a non-text field " + field);
        }
        return (String) value;
    }

    static Date date(Document doc, String field, String what) {
        if (!(doc.get(field) instanceof Date date)) {
            throw malformed(what, "has no date field " + field);
        }
        return date;
    }

    static long number(Document doc, String field, String what) {
        if (!(doc.get(field) instanceof Number number)) {
            throw malformed(what, "has no number field " + field);
        }
        return number.longValue();
    }

    static void put(Document doc, String field, Object value) {
        if (value != null) {
            doc.append(field, value);
        }
    }

    static DependencyUnavailableException malformed(String what, String problem) {
        return new DependencyUnavailableException("A stored " + what + " document " + problem);
    }
}
