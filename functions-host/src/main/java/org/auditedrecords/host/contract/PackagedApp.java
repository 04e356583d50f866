package org.auditedrecords.host.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what {@code azure-functions-maven-plugin} packaged — the deployable app folder with one
 * {@code function.json} per function — and the committed {@code local.settings.json} template, so each app's
 * tests can check them against the contract.
 */
public final class PackagedApp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9_+/=-]{40,}");

    /** An HTTP function as deployed: its trigger's route, methods and auth level. */
    public record DeployedFunction(String route, List<String> methods, String authLevel) {
    }

    private static final String TIMER = "timerTrigger";

    private PackagedApp() {
    }

    /**
     * Every HTTP function of the packaged app by name. Fails when a function.json is neither an HTTP trigger with an
     * HTTP output nor a timer trigger ({@link #timers}), which is all this system deploys.
     */
    public static Map<String, DeployedFunction> functions(Path appDir) {
        Map<String, DeployedFunction> functions = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(appDir)) {
            for (Path json : dirs.map(d -> d.resolve("function.json")).filter(Files::exists).toList()) {
                JsonNode bindings = JSON.readTree(json.toFile()).path("bindings");
                JsonNode trigger = bindings.path(0);
                if (trigger.path("type").asText().equals(TIMER)) {
                    continue;
                }
                if (!trigger.path("type").asText().equals("httpTrigger") || !bindings.path(1).path("type").asText().equals("http")) {
                    throw new IllegalStateException(json + " is not an HTTP-triggered function");
                }
                List<String> methods = new ArrayList<>();
                trigger.path("methods").forEach(m -> methods.add(m.asText()));
                functions.put(json.getParent().getFileName().toString(),
                        new DeployedFunction(trigger.path("route").asText(), methods, trigger.path("authLevel").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged app in " + appDir, e);
        }
        return functions;
    }

    /** Every timer-triggered function of the packaged app by name, with its schedule as packaged. */
    public static Map<String, String> timers(Path appDir) {
        Map<String, String> timers = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(appDir)) {
            for (Path json : dirs.map(d -> d.resolve("function.json")).filter(Files::exists).toList()) {
                JsonNode trigger = JSON.readTree(json.toFile()).path("bindings").path(0);
                if (trigger.path("type").asText().equals(TIMER)) {
                    timers.put(json.getParent().getFileName().toString(), trigger.path("schedule").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged app in " + appDir, e);
        }
        return timers;
    }

    /**
     * The telemetry types host.json exempts from Application Insights sampling: with Request and Exception exempt,
     * sampling never drops a request, failed ones included.
     */
    public static List<String> samplingExemptTypes(Path hostJson) {
        try {
            JsonNode sampling = JSON.readTree(hostJson.toFile()).path("logging").path("applicationInsights").path("samplingSettings");
            if (!sampling.path("isEnabled").asBoolean(true)) {
                return List.of("*");
            }
            return List.of(sampling.path("excludedTypes").asText("").split(";"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + hostJson, e);
        }
    }

    /** The names of local.settings.json values that hold something secret-looking instead of a secret's name. */
    public static List<String> secretLookingSettings(Path localSettings) {
        List<String> suspicious = new ArrayList<>();
        try {
            JSON.readTree(localSettings.toFile()).path("Values").fields().forEachRemaining(setting -> {
                String name = setting.getKey();
                String value = setting.getValue().asText();
                boolean secretSlot = name.endsWith("KEY") || name.contains("CONNECTION") || name.equals("AzureWebJobsStorage");
                if ((secretSlot && !value.isEmpty()) || value.contains("mongodb://") || value.contains("mongodb+srv://")
                        || KEY_LIKE.matcher(value).find()) {
                    suspicious.add(name);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + localSettings, e);
        }
        return suspicious;
    }
}
