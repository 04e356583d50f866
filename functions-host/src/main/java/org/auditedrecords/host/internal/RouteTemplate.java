package org.auditedrecords.host.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A route template in the ASP.NET Core syntax Azure Functions uses: literal segments (case-insensitive),
 * {@code {name}}, {@code {name:constraint}}, optional {@code {name?}} at the end and a final catch-all {@code {*rest}}.
 * Complex segments such as {@code {a}-{b}} and default values are rejected rather than half supported.
 */
final class RouteTemplate {
    private static final Pattern NAME = Pattern.compile("\\w+");

    /** Routes tried first are the more specific: per segment, literal before constrained before plain parameter. */
    static final Comparator<RouteTemplate> PRECEDENCE = (a, b) -> Arrays.compare(a.ranks, b.ranks);

    private sealed interface Segment permits Literal, Parameter, CatchAll {
        int rank();
    }

    private record Literal(String text) implements Segment {
        public int rank() {
            return 0;
        }
    }

    private record Parameter(String name, List<RouteConstraint> constraints, boolean optional) implements Segment {
        public int rank() {
            return constraints.isEmpty() ? 2 : 1;
        }
    }

    private record CatchAll(String name) implements Segment {
        public int rank() {
            return 3;
        }
    }

    private final String text;
    private final List<Segment> segments;
    private final int[] ranks;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
        this.ranks = segments.stream().mapToInt(Segment::rank).toArray();
    }

    /** Parses a template; an invalid one throws {@link IllegalArgumentException} saying what is wrong. */
    static RouteTemplate parse(String template) {
        String trimmed = template.startsWith("/") ? template.substring(1) : template;
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String part : trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1)) {
            Segment segment = segment(part, template);
            Segment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (previous instanceof CatchAll) {
                throw invalid(template, "a catch-all parameter must be the last segment");
            }
            if (isOptional(previous) && !isOptional(segment)) {
                throw invalid(template, "only trailing segments may be optional");
            }
            String name = segment instanceof Parameter p ? p.name() : segment instanceof CatchAll c ? c.name() : null;
            if (name != null && !names.add(name.toLowerCase(Locale.ROOT))) {
                throw invalid(template, "parameter '" + name + "' appears twice");
            }
            segments.add(segment);
        }
        return new RouteTemplate(template, List.copyOf(segments));
    }

    /**
     * Matches the path segments below the route prefix; returns the route values (case-insensitive names) or empty.
     */
    Optional<Map<String, String>> match(List<String> path) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment instanceof CatchAll catchAll) {
                String rest = String.join("/", path.subList(Math.min(i, path.size()), path.size()));
                if (!rest.isEmpty()) {
                    values.put(catchAll.name(), rest);
                }
                return Optional.of(Collections.unmodifiableMap(values));
            }
            if (i >= path.size()) {
                if (isOptional(segment)) {
                    continue;
                }
                return Optional.empty();
            }
            String value = path.get(i);
            if (segment instanceof Literal literal && !literal.text().equalsIgnoreCase(value)) {
                return Optional.empty();
            }
            if (segment instanceof Parameter parameter) {
                if (value.isEmpty() || !parameter.constraints().stream().allMatch(c -> c.accepts(value))) {
                    return Optional.empty();
                }
                values.put(parameter.name(), value);
            }
        }
        return path.size() <= segments.size() ? Optional.of(Collections.unmodifiableMap(values)) : Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }

    private static Segment segment(String part, String template) {
        if (part.isEmpty()) {
            throw invalid(template, "empty segment");
        }
        boolean braced = part.startsWith("{") && part.endsWith("}");
        String inner = braced ? part.substring(1, part.length() - 1) : part;
        if (inner.contains("{") || inner.contains("}")) {
            throw invalid(template, "segment '" + part + "' mixes text and parameters (not supported locally)");
        }
        if (!braced) {
            return new Literal(part);
        }
        if (inner.contains("=")) {
            throw invalid(template, "default values ('" + part + "') are not supported");
        }
        if (inner.startsWith("*")) {
            return new CatchAll(name(inner.replaceFirst("^\\*\\*?", ""), template));
        }
        boolean optional = inner.endsWith("?");
        String[] pieces = (optional ? inner.substring(0, inner.length() - 1) : inner).split(":", -1);
        List<RouteConstraint> constraints = new ArrayList<>();
        for (int i = 1; i < pieces.length; i++) {
            try {
                constraints.add(RouteConstraint.parse(pieces[i]));
            } catch (IllegalArgumentException e) {
                throw invalid(template, e.getMessage());
            }
        }
        return new Parameter(name(pieces[0], template), List.copyOf(constraints), optional);
    }

    private static String name(String name, String template) {
        if (!NAME.matcher(name).matches()) {
            throw invalid(template, "'" + name + "' is not a parameter name");
        }
        return name;
    }

    private static boolean isOptional(Segment segment) {
        return segment instanceof Parameter parameter && parameter.optional();
    }

    private static IllegalArgumentException invalid(String template, String reason) {
        return new IllegalArgumentException("Route template '" + template + "' is invalid: " + reason + ".");
    }
}
