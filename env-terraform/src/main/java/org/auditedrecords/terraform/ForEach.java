package org.auditedrecords.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instances of a block with {@code for_each}, as a reviewer reads them: when the
 * {@code for_each} is an object constructor, written in place or in a {@code local}, each entry
 * gives one copy of the block with {@code each.key} and {@code each.value[.name]} replaced by
 * the entry's key and source text. So a check written for one explicit block also checks a
 * table of them, entry by entry.
 *
 * <p>A block without {@code for_each}, or whose {@code for_each} is anything else (a variable, a
 * conditional, a {@code for} expression), is its own single instance and keeps its
 * {@code each.} references: checks then see an unresolved expression, which fails them.
 */
public final class ForEach {

    private static final Pattern EACH = Pattern.compile("\\beach\\.(key\\b|value(?:\\.([A-Za-z_][A-Za-z0-9_-]*))?)");
    private static final Pattern LOCAL = Pattern.compile("local\\.([A-Za-z_][A-Za-z0-9_]*)");

    private ForEach() {
    }

    /** One instance of a block: its {@code for_each} key (null without one) and the block as that entry sees it. */
    public record Instance(String key, HclBlock block) {
    }

    public static List<Instance> instances(TerraformModule module, HclBlock block) {
        Map<String, String> entries = entries(module, block.attribute("for_each").orElse(""));
        if (entries.isEmpty()) {
            return List.of(new Instance(null, block));
        }
        var instances = new ArrayList<Instance>();
        entries.forEach((key, value) -> instances.add(new Instance(key, substitute(block, key, value, true))));
        return instances;
    }

    /** The entries a {@code for_each} expression iterates over, when it is an object constructor (or a local holding one). */
    static Map<String, String> entries(TerraformModule module, String forEach) {
        String e = forEach.strip();
        Matcher local = LOCAL.matcher(e);
        if (local.matches()) {
            e = module.locals().getOrDefault(local.group(1), "");
        }
        return Expressions.objectEntries(e);
    }

    private static HclBlock substitute(HclBlock block, String key, String value, boolean top) {
        var attributes = new LinkedHashMap<String, String>();
        block.attributes().forEach((name, expression) -> {
            if (!(top && name.equals("for_each"))) {
                attributes.put(name, substitute(expression, key, value));
            }
        });
        var blocks = block.blocks().stream().map(b -> substitute(b, key, value, false)).toList();
        var labels = new ArrayList<>(block.labels());
        if (top) {
            labels.add("[" + key + "]");
        }
        return new HclBlock(block.file(), block.line(), block.type(), List.copyOf(labels), attributes, blocks);
    }

    /** {@code each.key} becomes the quoted key, {@code each.value.x} the entry's {@code x}, {@code each.value} the entry. */
    static String substitute(String expression, String key, String value) {
        Map<String, String> fields = Expressions.objectEntries(value);
        String whole = expression.strip();
        Matcher exact = EACH.matcher(whole);
        if (exact.matches()) {
            return replacement(exact, key, value, fields, false);
        }
        Matcher m = EACH.matcher(expression);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, key, value, fields, true)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replacement(Matcher m, String key, String value, Map<String, String> fields, boolean embedded) {
        String text;
        if (m.group(1).equals("key")) {
            text = "\"" + key + "\"";
        } else if (m.group(2) == null) {
            text = value;
        } else if (fields.containsKey(m.group(2))) {
            text = fields.get(m.group(2));
        } else {
            return m.group();
        }
        // Constructors and strings stand alone; anything else keeps its own precedence in parentheses.
        boolean standsAlone = text.startsWith("\"") || text.startsWith("{") || text.startsWith("[");
        return embedded && !standsAlone ? "(" + text + ")" : text;
    }
}
