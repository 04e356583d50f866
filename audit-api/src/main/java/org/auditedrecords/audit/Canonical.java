package org.auditedrecords.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.auditedrecords.common.time.Timestamps;

/**
 * The canonical serialization that record hashes are computed over: JSON with keys sorted at every level, absent
 * fields left out, and {@code recordedAt} with exactly millisecond precision, as stored. It covers every field of
 * the record except the hash, key version and signature themselves, so any change to a stored record, its
 * position ({@code chain}, {@code seq}) or its link ({@code prevHash}) changes the hash.
 */
public final class Canonical {
    private static final ObjectMapper SORTED = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Canonical() {
    }

    /** ISO-8601 UTC with exactly three fraction digits: one text per stored instant. */
    public static String timestamp(Instant instant) {
        return Timestamps.format(instant);
    }

    /** The canonical text of a record, given its content and chain position. */
    public static String text(String id, Instant recordedAt, AuditEntry entry, int chain, long seq, String prevHash) {
        Map<String, Object> content = new TreeMap<>();
        content.put("id", id);
        content.put("recordedAt", timestamp(recordedAt));
        content.put("chain", chain);
        content.put("seq", seq);
        content.put("prevHash", prevHash);
        put(content, "sourceSystemName", entry.sourceSystemName());
        put(content, "action", entry.action());
        Map<String, Object> resource = new TreeMap<>();
        put(resource, "type", entry.resource().type());
        put(resource, "id", entry.resource().id());
        put(resource, "operation", entry.resource().operation());
        content.put("resource", resource);
        put(content, "patientId", entry.patientId());
        put(content, "outcome", entry.outcome());
        if (entry.actor() != null) {
            Map<String, Object> actor = new TreeMap<>();
            put(actor, "clientId", entry.actor().clientId());
            put(actor, "address", entry.actor().address());
            put(actor, "requestId", entry.actor().requestId());
            content.put("actor", actor);
        }
        put(content, "correlationId", entry.correlationId());
        put(content, "relatesTo", entry.relatesTo());
        if (entry.query() != null) {
            content.put("query", new TreeMap<>(entry.query()));
        }
        put(content, "returnedPatientIds", entry.returnedPatientIds());
        try {
            return SORTED.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Maps of strings and numbers always serialize", e);
        }
    }

    /** SHA-256 of the canonical text, lower-case hex. */
    public static String hash(String canonicalText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
