package org.auditedrecords.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, literal-minded helpers over the source text of Terraform expressions. */
public final class Expressions {

    private static final Pattern TRAVERSAL =
            Pattern.compile("(?<![\\w.\\]])([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_*][A-Za-z0-9_-]*|\\[[^\\]]*\\])*)");
    private static final Pattern STRING_LITERAL = Pattern.compile("^\"((?:[^\"\\\\$%]|\\\\.|\\$(?!\\{)|%(?!\\{))*)\"$");

    private Expressions() {
    }

    /** The value of a plain literal ({@code "text"}, {@code true}, {@code 42}), if the expression is one. */
    public static Optional<String> literal(String expression) {
        String e = expression.strip();
        Matcher m = STRING_LITERAL.matcher(e);
        if (m.matches()) {
            return Optional.of(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        if (e.matches("true|false|-?[0-9]+(\\.[0-9]+)?")) {
            return Optional.of(e);
        }
        return Optional.empty();
    }

    /**
     * The executable parts of an expression: the text outside string literals plus the code
     * inside every {@code ${...}} and {@code %{...}}, each string replaced by {@code ""}.
     */
    public static String code(String expression) {
        var out = new StringBuilder();
        codeInto(expression, 0, expression.length(), out);
        return out.toString();
    }

    private static int codeInto(String s, int from, int to, StringBuilder out) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c == '"') {
                int end = skipString(s, i);
                String literal = s.substring(i, end);
                if (indexPosition(out) && !literal.contains("${")) {
                    out.append(literal); // ["key"]: part of the reference, not data
                    i = end;
                } else {
                    out.append("\"\"");
                    i = stringCodeInto(s, i + 1, out);
                }
            } else if (c == '<' && s.startsWith("<<", i)) {
                int nl = s.indexOf('\n', i);
                if (nl < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                String marker = s.substring(i + 2, nl).replace("-", "").strip();
                int end = s.indexOf("\n", nl + 1);
                int close = nl;
                while (end >= 0 || close < s.length()) {
                    int lineEnd = end < 0 ? s.length() : end;
                    if (s.substring(close + 1, lineEnd).strip().equals(marker)) {
                        break;
                    }
                    close = lineEnd;
                    end = lineEnd < s.length() ? s.indexOf('\n', lineEnd + 1) : -1;
                    if (lineEnd >= s.length()) {
                        break;
                    }
                }
                templateCode(s.substring(nl + 1, Math.min(close, s.length())), out);
                out.append("\"\"");
                i = Math.min(s.length(), close + 1 + marker.length() + 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return i;
    }

    private static boolean indexPosition(StringBuilder out) {
        int k = out.length() - 1;
        while (k >= 0 && Character.isWhitespace(out.charAt(k))) {
            k--;
        }
        return k >= 0 && out.charAt(k) == '[';
    }

    /** Appends the interpolations of a string body starting at {@code i}; returns the index after the closing quote. */
    private static int stringCodeInto(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if ((c == '$' || c == '%') && s.startsWith(c + "{", i)) {
                if (i > 0 && s.charAt(i - 1) == c) {
                    i += 2;
                    continue;
                }
                int end = matchingBrace(s, i + 2);
                out.append(" (");
                codeInto(s, i + 2, end, out);
                out.append(") ");
                i = end + 1;
            } else {
                i++;
            }
        }
        return i;
    }

    private static void templateCode(String template, StringBuilder out) {
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                return;
            }
            int end = matchingBrace(template, start + 2);
            out.append(" (");
            codeInto(template, start + 2, end, out);
            out.append(") ");
            i = end + 1;
        }
    }

    private static int matchingBrace(String s, int from) {
        int depth = 1;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i = stringCodeInto(s, i + 1, new StringBuilder());
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
            i++;
        }
        throw new HclSyntaxException("unterminated interpolation in: " + s);
    }

    /** Every reference ({@code var.x}, {@code local.y}, {@code azurerm_x.name...}, {@code module.m.out}...) in the code. */
    public static List<Reference> references(String expression) {
        var refs = new ArrayList<Reference>();
        Matcher m = TRAVERSAL.matcher(code(expression));
        while (m.find()) {
            String root = m.group(1);
            List<String> steps = steps(m.group(2));
            if (!steps.isEmpty()) {
                refs.add(new Reference(root, steps, m.group()));
            }
        }
        return refs;
    }

    private static List<String> steps(String traversal) {
        var steps = new ArrayList<String>();
        Matcher m = Pattern.compile("\\.([A-Za-z_*][A-Za-z0-9_-]*)|\\[([^\\]]*)\\]").matcher(traversal);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : "[" + m.group(2) + "]");
        }
        return steps;
    }

    /**
     * The entries of an object constructor ({@code { key = value, ... }}), keys unquoted,
     * values as source text. Empty when the expression is not an object constructor.
     */
    public static Map<String, String> objectEntries(String expression) {
        var entries = new LinkedHashMap<String, String>();
        String e = expression.strip();
        if (!e.startsWith("{") || !e.endsWith("}") || e.matches("(?s)\\{\\s*for\\b.*")) {
            return entries;
        }
        for (String item : splitTopLevel(e.substring(1, e.length() - 1))) {
            int eq = topLevelAssignment(item);
            if (eq < 0) {
                continue;
            }
            String key = item.substring(0, eq).strip();
            if (key.startsWith("\"") && key.endsWith("\"")) {
                key = key.substring(1, key.length() - 1);
            }
            entries.put(key, item.substring(eq + 1).strip());
        }
        return entries;
    }

    /** Object constructors passed to {@code merge(...)}, or the expression itself. */
    public static Map<String, String> mergedObjectEntries(String expression) {
        String e = expression.strip();
        if (!e.startsWith("merge(")) {
            return objectEntries(e);
        }
        var entries = new LinkedHashMap<String, String>();
        for (String argument : splitTopLevel(e.substring("merge(".length(), e.length() - 1))) {
            entries.putAll(objectEntries(argument));
        }
        return entries;
    }

    /** Top-level arguments of a function call or items of a list/object body, split on commas and newlines. */
    public static List<String> splitTopLevel(String body) {
        var items = new ArrayList<String>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                i = skipString(body, i) - 1;
            } else if (c == '#' || body.startsWith("//", i)) {
                // Comments are skipped at any depth: their text (quotes, brackets) is not code.
                int nl = body.indexOf('\n', i);
                i = (nl < 0 ? body.length() : nl) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if ((c == ',' || c == '\n') && depth == 0) {
                add(items, body.substring(start, i));
                start = i + 1;
            }
        }
        add(items, body.substring(start));
        return items;
    }

    private static void add(List<String> items, String item) {
        String s = item.strip();
        if (!s.isEmpty() && !s.startsWith("#") && !s.startsWith("//")) {
            items.add(s);
        }
    }

    private static int skipString(String s, int quote) {
        int i = quote + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '$' && s.startsWith("${", i)) {
                i = matchingBrace(s, i + 2) + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int topLevelAssignment(String item) {
        int depth = 0;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == '"') {
                i = skipString(item, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && (c == '=' || c == ':') && !item.startsWith("==", i) && !item.startsWith("=>", i)
                    && (i == 0 || "!<>=".indexOf(item.charAt(i - 1)) < 0)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A reference in source: {@code root} is the first name ({@code var}, {@code local},
     * {@code module}, {@code data}, a resource type...), {@code steps} the attribute names and
     * {@code [index]} steps after it.
     */
    public record Reference(String root, List<String> steps, String text) {
        public String step(int i) {
            return i < steps.size() ? steps.get(i) : "";
        }

        /** The index key of step {@code i} without brackets and quotes, e.g. {@code gateway} for {@code ["gateway"]}. */
        public Optional<String> indexKey(int i) {
            String s = step(i);
            if (s.startsWith("[\"") && s.endsWith("\"]")) {
                return Optional.of(s.substring(2, s.length() - 2));
            }
            return Optional.empty();
        }

        /** The attribute names after the root, indexes dropped: {@code azurerm_subnet.this["a"].id} gives [this, id]. */
        public List<String> names() {
            return steps.stream().filter(s -> !s.startsWith("[")).toList();
        }
    }
}
