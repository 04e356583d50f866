package org.auditedrecords.terraform;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HCL block as written: its type, labels, attributes (name to the raw expression text)
 * and nested blocks. A file is represented as a block of type {@code ""} with no labels.
 * {@code dynamic "x" { content { ... } }} is kept as written; {@link #blocksNamed} sees
 * through it.
 */
public record HclBlock(Path file, int line, String type, List<String> labels,
                       Map<String, String> attributes, List<HclBlock> blocks) {

    /** The first label, or {@code ""}: the resource type, variable name, module name... */
    public String label(int index) {
        return index < labels.size() ? labels.get(index) : "";
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The attribute's value when it is a plain string or bool/number literal. */
    public Optional<String> literal(String name) {
        return attribute(name).flatMap(Expressions::literal);
    }

    public Optional<HclBlock> block(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).findFirst();
    }

    /** Static blocks of that type plus the {@code content} of {@code dynamic "type"} blocks. */
    public List<NestedBlock> blocksNamed(String type) {
        var result = new java.util.ArrayList<NestedBlock>();
        for (HclBlock b : blocks) {
            if (b.type().equals(type)) {
                result.add(new NestedBlock(b, null));
            } else if (b.type().equals("dynamic") && b.label(0).equals(type)) {
                b.block("content").ifPresent(content -> result.add(new NestedBlock(content, b)));
            }
        }
        return result;
    }

    /** {@code file:line type "labels"}, for messages. */
    public String where() {
        return file.getFileName() + ":" + line + " " + type
                + (labels.isEmpty() ? "" : " " + String.join(".", labels));
    }

    /** A nested block, with the {@code dynamic} block that generates it when there is one. */
    public record NestedBlock(HclBlock body, HclBlock dynamic) {
        public boolean isDynamic() {
            return dynamic != null;
        }

        /** The {@code for_each} expression of the generating dynamic block. */
        public Optional<String> forEach() {
            return dynamic == null ? Optional.empty() : dynamic.attribute("for_each");
        }
    }
}
