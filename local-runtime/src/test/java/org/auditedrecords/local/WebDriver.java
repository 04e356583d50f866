package org.auditedrecords.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Headless Chromium driven through chromedriver's W3C WebDriver HTTP API, on java.net.http: the few commands the
 * console tests need. chromedriver listens on a free loopback port; Chromium starts with a fresh profile and every
 * background service off, so the only traffic is the test's own, to the local gateway.
 */
final class WebDriver implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The W3C web element identifier: the key under which an element reference comes. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Why the browser tests cannot run here, or empty when they can. */
    static Optional<String> unavailable() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("Debian's chromium and chromium-driver are not installed "
                    + "(apt-get install chromium chromium-driver; .ci/run installs them)");
        }
        return Optional.empty();
    }

    WebDriver(Path profile, Path downloads) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromedriver.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        try {
            waitFor(this::ready, "chromedriver to start");
            ObjectNode options = JSON.createObjectNode();
            options.put("binary", CHROMIUM.toString());
            var args = options.putArray("args");
            for (String arg : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile)) {
                args.add(arg);
            }
            options.putObject("prefs").put("download.default_directory", downloads.toString())
                    .put("download.prompt_for_download", false);
            ObjectNode capabilities = JSON.createObjectNode();
            capabilities.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                    .set("goog:chromeOptions", options);
            session = command("POST", "/session", capabilities).path("sessionId").asText();
        } catch (Exception e) {
            driver.destroy();
            throw e;
        }
    }

    private boolean ready() {
        try {
            return command("GET", "/status", null).path("ready").asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    void open(URI url) {
        command("POST", session("/url"), JSON.createObjectNode().put("url", url.toString()));
    }

    /** The element the CSS selector names, waiting until the page has it. */
    String find(String css) {
        return waitFor(() -> {
            JsonNode found = command("POST", session("/elements"),
                    JSON.createObjectNode().put("using", "css selector").put("value", css));
            return found.size() == 0 ? null : found.get(0).path(ELEMENT).asText(null);
        }, "an element " + css);
    }

    void click(String css) {
        command("POST", session("/element/" + find(css) + "/click"), JSON.createObjectNode());
    }

    void type(String css, String text) {
        String element = find(css);
        command("POST", session("/element/" + element + "/clear"), JSON.createObjectNode());
        command("POST", session("/element/" + element + "/value"), JSON.createObjectNode().put("text", text));
    }

    String text(String css) {
        return command("GET", session("/element/" + find(css) + "/text"), null).asText();
    }

    /** Runs a script in the page and returns its result as JSON. */
    JsonNode script(String script, Object... args) {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        var array = body.putArray("args");
        for (Object arg : args) {
            array.add(String.valueOf(arg));
        }
        return command("POST", session("/execute/sync"), body);
    }

    /** Waits until the element's text satisfies the condition, and returns that text. */
    String waitForText(String css, java.util.function.Predicate<String> condition, String what) {
        return waitFor(() -> {
            String text = text(css);
            return condition.test(text) ? text : null;
        }, what);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(command("GET", session("/screenshot"), null).asText()));
    }

    <T> T waitFor(Supplier<T> probe, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what);
    }

    private String session(String path) {
        return "/session/" + session + path;
    }

    private JsonNode command(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode value = JSON.readTree(response.body()).path("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + " answered " + response.statusCode()
                        + ": " + value.path("message").asText());
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("chromedriver did not answer " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                command("DELETE", session(""), null);
            }
        } catch (RuntimeException e) {
            // the driver is stopped below either way
        } finally {
            driver.destroy();
            try {
                driver.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (driver.isAlive()) {
                driver.destroyForcibly();
            }
        }
    }
}
