package org.auditedrecords.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the structure of an HCL file (blocks, labels, attributes) and keeps every attribute
 * expression as its source text. Terraform expressions are not evaluated: the policy checks
 * reason about what is written, which is what a reviewer sees. Strings, interpolations,
 * heredocs and comments are skipped correctly, so a brace inside a string never ends a block.
 */
public final class HclReader {

    private final Path file;
    private final String src;
    private int pos;
    private int line = 1;

    private HclReader(Path file, String src) {
        this.file = file;
        this.src = src;
    }

    public static HclBlock read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static HclBlock parse(Path file, String source) {
        var reader = new HclReader(file, source);
        var attributes = new LinkedHashMap<String, String>();
        var blocks = new ArrayList<HclBlock>();
        reader.body(attributes, blocks, false);
        return new HclBlock(file, 1, "", List.of(), attributes, blocks);
    }

    private void body(Map<String, String> attributes, List<HclBlock> blocks, boolean nested) {
        while (true) {
            skipBlank(true);
            if (pos >= src.length()) {
                if (nested) {
                    throw error("unterminated block");
                }
                return;
            }
            char c = src.charAt(pos);
            if (c == '}') {
                if (!nested) {
                    throw error("unexpected '}'");
                }
                pos++;
                return;
            }
            int startLine = line;
            String name = c == '"' ? quoted() : identifier();
            skipBlank(false);
            if (peek('=') && !peek("==")) {
                pos++;
                if (attributes.put(name, expression()) != null) {
                    throw error("duplicate attribute " + name);
                }
                continue;
            }
            var labels = new ArrayList<String>();
            while (pos < src.length() && src.charAt(pos) != '{') {
                labels.add(src.charAt(pos) == '"' ? quoted() : identifier());
                skipBlank(false);
            }
            if (pos >= src.length()) {
                throw error("expected '{' after " + name);
            }
            pos++;
            var childAttributes = new LinkedHashMap<String, String>();
            var childBlocks = new ArrayList<HclBlock>();
            body(childAttributes, childBlocks, true);
            blocks.add(new HclBlock(file, startLine, name, List.copyOf(labels), childAttributes, childBlocks));
        }
    }

    /** From after '=' to the end of the line, continuing across lines inside brackets. */
    private String expression() {
        int start = pos;
        int depth = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"') {
                quoted();
                continue;
            }
            if (c == '<' && peek("<<") && heredocAhead()) {
                heredoc();
                continue;
            }
            if (c == '#' || peek("//")) {
                if (depth == 0) {
                    break;
                }
                skipLineComment();
                continue;
            }
            if (peek("/*")) {
                skipBlockComment();
                continue;
            }
            if (c == '\n') {
                if (depth == 0) {
                    break;
                }
                line++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            }
            pos++;
        }
        if (depth != 0) {
            throw error("unbalanced brackets in expression");
        }
        String text = src.substring(start, pos).strip();
        if (text.isEmpty()) {
            throw error("missing expression");
        }
        return text;
    }

    /** Skips a quoted template (with escapes and nested interpolations); returns its raw content. */
    private String quoted() {
        int startLine = line;
        int start = ++pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '"') {
                return src.substring(start, pos++);
            } else if ((c == '$' || c == '%') && peek(c + "{")) {
                if (pos > 0 && src.charAt(pos - 1) == c && pos - 1 >= start) {
                    pos += 2; // $${ and %%{ are escapes
                    continue;
                }
                pos += 2;
                templateCode();
            } else if (c == '\n') {
                throw error("newline in string started on line " + startLine);
            } else {
                pos++;
            }
        }
        throw error("unterminated string started on line " + startLine);
    }

    private void templateCode() {
        int depth = 1;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"') {
                quoted();
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                pos++;
                return;
            }
            pos++;
        }
        throw error("unterminated interpolation");
    }

    private boolean heredocAhead() {
        int p = pos + 2;
        if (p < src.length() && src.charAt(p) == '-') {
            p++;
        }
        return p < src.length() && Character.isLetter(src.charAt(p));
    }

    private void heredoc() {
        pos += 2;
        if (src.charAt(pos) == '-') {
            pos++;
        }
        int start = pos;
        while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
        String marker = src.substring(start, pos);
        while (pos < src.length()) {
            int eol = src.indexOf('\n', pos);
            if (eol < 0) {
                break;
            }
            pos = eol + 1;
            line++;
            int next = src.indexOf('\n', pos);
            String candidate = src.substring(pos, next < 0 ? src.length() : next).strip();
            if (candidate.equals(marker)) {
                pos += src.substring(pos, next < 0 ? src.length() : next).length();
                return;
            }
        }
        throw error("unterminated heredoc " + marker);
    }

    private String identifier() {
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                break;
            }
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character '" + src.charAt(pos) + "'");
        }
        return src.substring(start, pos);
    }

    private void skipBlank(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                if (!newlines) {
                    return;
                }
                line++;
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || peek("//")) {
                skipLineComment();
            } else if (peek("/*")) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipLineComment() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int end = src.indexOf("*/", pos + 2);
        if (end < 0) {
            throw error("unterminated comment");
        }
        line += (int) src.substring(pos, end).chars().filter(ch -> ch == '\n').count();
        pos = end + 2;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private boolean peek(String s) {
        return src.startsWith(s, pos);
    }

    private HclSyntaxException error(String message) {
        return new HclSyntaxException(file + ":" + line + ": " + message);
    }
}
