package org.auditedrecords.local.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path as the gateway authorises and forwards it: its segments decoded once, strictly. The gateway matches
 * these segments against the operations and forwards exactly these segments, each percent-encoded again, so the
 * backend sees the path that was authorised — an encoded {@code ?}, {@code #} or space stays part of its segment.
 *
 * <p>A path that cannot be decoded unambiguously is refused: malformed percent-encoding or invalid UTF-8, a segment
 * that decodes to a separator ({@code %2F}, {@code %5C}), a control character ({@code %00}), a percent sign (so a
 * double encoding such as {@code %252F} is never decoded twice further on) or a dot segment ({@code .}, {@code ..},
 * however encoded) is 400; empty segments other than one trailing slash are 404.
 */
public record RequestPath(List<String> segments) {
    /** Longer paths are refused (400): no operation has a path anywhere near this long. */
    static final int MAX_RAW_LENGTH = 2048;

    /** The path cannot be taken apart unambiguously; {@code status} is 400 or 404. */
    public static final class InvalidPathException extends RuntimeException {
        private final int status;

        InvalidPathException(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** Parses the raw (still percent-encoded) path of a request line, e.g. {@code /patient/a%20b}. */
    public static RequestPath parse(String raw) {
        if (raw == null || !raw.startsWith("/")) {
            throw new InvalidPathException(400, "The request path must be an absolute path.");
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidPathException(400, "The request path is longer than " + MAX_RAW_LENGTH + " characters.");
        }
        String body = raw.substring(1);
        if (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        List<String> segments = new ArrayList<>();
        if (!body.isEmpty()) {
            for (String encoded : body.split("/", -1)) {
                if (encoded.isEmpty()) {
                    throw new InvalidPathException(404, "The request path has an empty segment.");
                }
                segments.add(decode(encoded));
            }
        }
        return new RequestPath(segments);
    }

    /** The segments after the first {@code count}. */
    public RequestPath drop(int count) {
        return new RequestPath(segments.subList(count, segments.size()));
    }

    public boolean startsWith(List<String> prefix) {
        if (prefix.size() > segments.size()) {
            return false;
        }
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).equalsIgnoreCase(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The segments percent-encoded again (all but RFC 3986 unreserved characters), each after a {@code /}. */
    public String encoded() {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/');
            for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    path.append(c);
                } else {
                    path.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        return path.toString();
    }

    private static String decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw new InvalidPathException(400, "The request path has malformed percent-encoding.");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x7e || c < 0x21) {
                throw new InvalidPathException(400, "The request path has a character that must be percent-encoded.");
            } else {
                bytes.write(c);
            }
        }
        String segment;
        try {
            segment = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidPathException(400, "The request path is not valid UTF-8 once decoded.");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidPathException(400, "The request path has a dot segment.");
        }
        if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidPathException(400, "The request path has an encoded separator or control character.");
        }
        if (segment.indexOf('%') >= 0) {
            throw new InvalidPathException(400, "The request path is encoded twice.");
        }
        return segment;
    }
}
