package org.auditedrecords.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON Canonicalization Scheme, RFC 8785, for the values an audit record holds: object members sorted by the
 * UTF-16 code units of their names, no whitespace, strings escaped as ECMAScript's JSON.stringify does (only
 * {@code "} {@code \} and control characters; {@code \b \t \n \f \r} by name, other controls as lower-case
 * {@code \}{@code u00xx}), UTF-8 output. Numbers are limited to integers of at most 2^53 in magnitude, which
 * serialize the same in every JSON implementation; the register stores no other numbers, so any other is refused
 * rather than guessed at.
 */
public final class Jcs {
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Jcs() {
    }

    public static byte[] canonicalize(JsonNode value) {
        // An audit record's canonical form is 300 to 700 characters: start big enough not to grow.
        StringBuilder out = new StringBuilder(1024);
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonNode value, StringBuilder out) {
        switch (value.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                // String.compareTo orders by UTF-16 code units, which is what RFC 8785 section 3.2.3 specifies.
                names.sort(String::compareTo);
                out.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names.get(i), out);
                    out.append(':');
                    write(value.get(names.get(i)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < value.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(value.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(value.textValue(), out);
            case BOOLEAN -> out.append(value.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (!value.canConvertToExactIntegral() || !value.canConvertToLong()
                        || Math.abs(value.longValue()) > MAX_SAFE_INTEGER) {
                    throw new IllegalArgumentException("only integers up to 2^53 are canonicalized");
                }
                out.append(value.longValue());
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getNodeType());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        // Most strings (ids, names, times) need no escape: copied whole.
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
