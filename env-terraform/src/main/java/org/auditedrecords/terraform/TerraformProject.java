package org.auditedrecords.terraform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A root module and the local modules it calls, with the calls that connect them, so that a
 * check can follow a value from a module's variable back to what its caller passed.
 */
public final class TerraformProject {

    private final List<TerraformModule> modules;

    private TerraformProject(List<TerraformModule> modules) {
        this.modules = modules;
    }

    public static TerraformProject load(Path rootDir) {
        return new TerraformProject(TerraformModule.withChildren(rootDir));
    }

    public List<TerraformModule> modules() {
        return modules;
    }

    public TerraformModule root() {
        return modules.get(0);
    }

    /**
     * Every instance of every resource block of a type, in any module, with the module it is in:
     * a block with {@code for_each} over a table counts once per entry (see {@link ForEach}).
     */
    public List<Located> resources(String resourceType) {
        var result = new ArrayList<Located>();
        for (TerraformModule m : modules) {
            m.resources(resourceType).forEach(b -> ForEach.instances(m, b).forEach(i -> result.add(new Located(m, i.block()))));
        }
        return result;
    }

    /** The calls of a module, from any module of the project, one per instance of a {@code for_each} call. */
    public List<Call> callsOf(TerraformModule callee) {
        var calls = new ArrayList<Call>();
        for (TerraformModule caller : modules) {
            for (HclBlock call : caller.moduleCalls().values()) {
                if (caller.localSource(call).filter(callee.dir()::equals).isPresent()) {
                    ForEach.instances(caller, call).forEach(i -> calls.add(new Call(caller, i.block(), i.key())));
                }
            }
        }
        return calls;
    }

    public Optional<TerraformModule> module(Path dir) {
        Path normalized = dir.toAbsolutePath().normalize();
        return modules.stream().filter(m -> m.dir().equals(normalized)).findFirst();
    }

    /**
     * The expression a local, a module output or a module variable stands for, followed
     * through up to a few hops: used to see what a reference finally points at.
     */
    public List<String> expand(TerraformModule module, String expression) {
        var out = new ArrayList<String>();
        expand(module, expression, 0, out);
        return out;
    }

    private void expand(TerraformModule module, String expression, int depth, List<String> out) {
        out.add(expression);
        if (depth > 6) {
            return;
        }
        for (Expressions.Reference ref : Expressions.references(expression)) {
            switch (ref.root()) {
                case "local" -> {
                    String local = module.locals().get(ref.step(0));
                    if (local != null) {
                        expand(module, local, depth + 1, out);
                    }
                }
                case "module" -> {
                    HclBlock call = module.moduleCalls().get(ref.step(0));
                    if (call == null) {
                        break;
                    }
                    module.localSource(call).flatMap(this::module).ifPresent(child -> {
                        HclBlock output = child.outputs().get(ref.names().size() > 1 ? ref.names().get(1) : "");
                        if (output != null) {
                            output.attribute("value").ifPresent(v -> expand(child, v, depth + 1, out));
                        }
                    });
                }
                default -> {
                }
            }
        }
    }

    /** A block and the module it is declared in. */
    public record Located(TerraformModule module, HclBlock block) {
    }

    /** A module call (one instance of it, with its {@code for_each} key when it has one) and the module it is written in. */
    public record Call(TerraformModule caller, HclBlock block, String key) {
    }
}
