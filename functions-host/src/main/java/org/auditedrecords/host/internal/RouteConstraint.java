package org.auditedrecords.host.internal;

import java.util.regex.Pattern;

/** An inline route constraint such as {@code int} or {@code length(1,64)}: a value that fails it does not match. */
@FunctionalInterface
interface RouteConstraint {
    Pattern GUID = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    Pattern ALPHA = Pattern.compile("[A-Za-z]+");
    Pattern LENGTH = Pattern.compile("length\\((\\d+)(?:,(\\d+))?\\)");

    boolean accepts(String value);

    /** The constraints ASP.NET Core routing offers that the apps use; any other is rejected at start-up. */
    static RouteConstraint parse(String text) {
        switch (text) {
            case "int":
                return value -> parses(() -> Integer.parseInt(value));
            case "long":
                return value -> parses(() -> Long.parseLong(value));
            case "bool":
                return value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
            case "guid":
                return value -> GUID.matcher(value).matches();
            case "alpha":
                return value -> ALPHA.matcher(value).matches();
            default:
                var length = LENGTH.matcher(text);
                if (!length.matches()) {
                    throw new IllegalArgumentException("unsupported route constraint '" + text
                            + "' (supported: int, long, bool, guid, alpha, length(n), length(min,max))");
                }
                int min = Integer.parseInt(length.group(1));
                int max = length.group(2) == null ? min : Integer.parseInt(length.group(2));
                return value -> value.length() >= min && value.length() <= max;
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
