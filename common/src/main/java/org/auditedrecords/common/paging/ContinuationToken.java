package org.auditedrecords.common.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.auditedrecords.common.errors.ValidationException;

/**
 * An opaque keyset cursor: the position after the last item of a page, bound to the query it came from so
 * that a token cannot be replayed against other criteria or another sort order.
 */
public final class ContinuationToken {
    private static final String QUERY_KEY = "q";
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() { };

    private final ObjectMapper mapper;

    public ContinuationToken(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Encodes {@code position} (e.g. last sort value and id) for the query identified by {@code queryFingerprint}. */
    public String encode(Map<String, String> position, String queryFingerprint) {
        TreeMap<String, String> content = new TreeMap<>(position);
        content.put(QUERY_KEY, queryFingerprint);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mapper.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A string map always serializes", e);
        }
    }

    /** Decodes a token given with the same query, or throws a 400 naming {@code continuationToken}. */
    public Optional<Map<String, String>> decode(Optional<String> token, String queryFingerprint) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            TreeMap<String, String> content = mapper.readValue(Base64.getUrlDecoder().decode(token.get()), MAP);
            if (queryFingerprint.equals(content.remove(QUERY_KEY))) {
                return Optional.of(content);
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // fall through: any undecodable token is the client's error
        }
        throw ValidationException.of("continuationToken", "is not a continuation token for this query");
    }

    /** A short stable digest of the query's criteria and order, for {@link #encode}. */
    public static String fingerprint(Map<String, String> criteria) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(criteria).forEach((k, v) -> {
                digest.update(k.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
