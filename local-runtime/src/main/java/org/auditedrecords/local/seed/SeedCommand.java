package org.auditedrecords.local.seed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.local.StackSettings;

/**
 * {@code ./stack seed --patients N --audit-records M --ids FILE [--seconds S] [--writers W]}: seeds the data
 * directory of a stopped stack ({@code STACK_DATA_DIR}) with {@link StackSeeder}, appending the seeded ids to FILE,
 * then prints the {@link SeedResult} as one JSON line.
 */
public final class SeedCommand {
    public static final String USAGE = "./stack seed --patients N --audit-records M --ids FILE [--seconds S] [--writers W]";
    private static final List<String> OPTIONS = List.of("--patients", "--audit-records", "--ids", "--seconds", "--writers");

    private SeedCommand() {
    }

    /** @param args the arguments after {@code seed} */
    public static void run(StackSettings settings, List<String> args, PrintStream out) throws IOException {
        Map<String, String> options = options(args);
        SeedPlan plan = new SeedPlan(number(options, "--patients", null),
                number(options, "--audit-records", null),
                Duration.ofSeconds(number(options, "--seconds", (int) SeedPlan.DEFAULT_TIME_LIMIT.toSeconds())),
                number(options, "--writers", SeedPlan.DEFAULT_WRITERS));
        Path ids = Path.of(required(options, "--ids"));
        SeedResult result;
        try (Writer writer = new BufferedWriter(Files.newBufferedWriter(ids, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            result = new StackSeeder(settings, Clock.systemUTC(), line -> out.println("[seed] " + line)).seed(plan, writer);
        }
        out.println(Json.newMapper().writeValueAsString(result));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!OPTIONS.contains(args.get(i)) || i + 1 == args.size() || options.put(args.get(i), args.get(i + 1)) != null) {
                throw new IllegalArgumentException("usage: " + USAGE);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required; usage: " + USAGE);
        }
        return value;
    }

    private static int number(Map<String, String> options, String name, Integer fallback) {
        String value = fallback == null ? required(options, name) : options.getOrDefault(name, fallback.toString());
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
