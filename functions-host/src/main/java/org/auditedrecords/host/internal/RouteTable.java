package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.HttpMethod;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The functions in matching order, found by method and path under the {@code api} route prefix. */
public final class RouteTable {
    private static final String PREFIX = "/api";

    /** A function and the route values its template took from the path. */
    record Match(HttpFunction function, Map<String, String> routeValues) {
    }

    private final List<HttpFunction> functions;

    RouteTable(List<HttpFunction> functions) {
        this.functions = functions.stream()
                .sorted(Comparator.comparing(HttpFunction::route, RouteTemplate.PRECEDENCE))
                .toList();
    }

    /** The first function, most specific route first, whose route matches the decoded path and accepts the method. */
    Optional<Match> match(HttpMethod method, String decodedPath) {
        boolean underPrefix = decodedPath.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && (decodedPath.length() == PREFIX.length() || decodedPath.charAt(PREFIX.length()) == '/');
        if (!underPrefix) {
            return Optional.empty();
        }
        List<String> segments = segments(decodedPath.substring(PREFIX.length()));
        for (HttpFunction function : functions) {
            if (function.accepts(method)) {
                Optional<Map<String, String>> values = function.route().match(segments);
                if (values.isPresent()) {
                    return Optional.of(new Match(function, values.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** One line per function: name, methods, route and authorization level. */
    @Override
    public String toString() {
        return functions.stream().map(HttpFunction::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    // ASP.NET Core routing ignores one trailing slash: "/api/patient/" is "/api/patient".
    private static List<String> segments(String belowPrefix) {
        String path = belowPrefix.startsWith("/") ? belowPrefix.substring(1) : belowPrefix;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? List.of() : List.of(path.split("/", -1));
    }
}
