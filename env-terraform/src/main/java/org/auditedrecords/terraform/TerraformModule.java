package org.auditedrecords.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code .tf} files of one directory, read as blocks. */
public record TerraformModule(Path dir, List<HclBlock> blocks) {

    public static TerraformModule load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<HclBlock> blocks = files
                    .filter(f -> f.getFileName().toString().endsWith(".tf"))
                    .sorted()
                    .flatMap(f -> HclReader.read(f).blocks().stream())
                    .toList();
            return new TerraformModule(dir, blocks);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    public List<HclBlock> all(String type) {
        return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }

    /** {@code resource} blocks of one resource type. */
    public List<HclBlock> resources(String resourceType) {
        return all("resource").stream().filter(b -> b.label(0).equals(resourceType)).toList();
    }

    public Optional<HclBlock> resource(String resourceType, String name) {
        return resources(resourceType).stream().filter(b -> b.label(1).equals(name)).findFirst();
    }

    public Map<String, HclBlock> variables() {
        return byLabel("variable");
    }

    public Map<String, HclBlock> outputs() {
        return byLabel("output");
    }

    public Map<String, HclBlock> moduleCalls() {
        return byLabel("module");
    }

    /** Every {@code locals} attribute of the module: name to expression. */
    public Map<String, String> locals() {
        var locals = new LinkedHashMap<String, String>();
        all("locals").forEach(b -> locals.putAll(b.attributes()));
        return locals;
    }

    /** The directory of a module call with a local source ({@code ./x} or {@code ../x}). */
    public Optional<Path> localSource(HclBlock moduleCall) {
        return moduleCall.literal("source")
                .filter(s -> s.startsWith("./") || s.startsWith("../"))
                .map(s -> dir.resolve(s).normalize());
    }

    private Map<String, HclBlock> byLabel(String type) {
        var map = new LinkedHashMap<String, HclBlock>();
        all(type).forEach(b -> map.put(b.label(0), b));
        return map;
    }

    /** The module and every local module it calls, transitively, each once. */
    public static List<TerraformModule> withChildren(Path root) {
        var seen = new LinkedHashMap<Path, TerraformModule>();
        var queue = new ArrayList<Path>(List.of(root.toAbsolutePath().normalize()));
        while (!queue.isEmpty()) {
            Path dir = queue.remove(0);
            if (seen.containsKey(dir)) {
                continue;
            }
            TerraformModule module = load(dir);
            seen.put(dir, module);
            module.moduleCalls().values().forEach(call -> module.localSource(call).ifPresent(queue::add));
        }
        return List.copyOf(seen.values());
    }
}
