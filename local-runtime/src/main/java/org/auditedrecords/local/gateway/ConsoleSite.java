package org.auditedrecords.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The compliance console's files ({@code compliance-console/}), served by the gateway under {@value #PREFIX} as
 * APIM's console API serves them in Azure: without a subscription key, since the files hold no data and a browser
 * cannot send a header when it opens a page; every call the page then makes to {@code /audit/...} needs the
 * compliance key. Each file carries the headers of {@code headers.json}. Read once at start-up.
 */
public final class ConsoleSite {
    public static final String PREFIX = "/console";
    /** The console's files and their media types: the page, its script and its style sheet. */
    public static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final Map<String, GatewayResponse> byPath;

    private ConsoleSite(Map<String, GatewayResponse> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** Reads the console from {@code dir}; fails at start-up, not on a request, if a file is missing. */
    public static ConsoleSite load(Path dir) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode declared = new ObjectMapper().readTree(dir.resolve("headers.json").toFile());
            declared.fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("_")) {
                    headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue().asText());
                }
            });
            Map<String, GatewayResponse> byPath = new LinkedHashMap<>();
            for (Map.Entry<String, String> file : FILES.entrySet()) {
                Map<String, String> fileHeaders = new LinkedHashMap<>(headers);
                fileHeaders.put("content-type", file.getValue());
                GatewayResponse response = new GatewayResponse(200, Map.copyOf(fileHeaders),
                        Files.readAllBytes(dir.resolve(file.getKey())));
                if (file.getKey().equals("index.html")) {
                    byPath.put(PREFIX, response);
                    byPath.put(PREFIX + "/", response);
                }
                byPath.put(PREFIX + "/" + file.getKey(), response);
            }
            return new ConsoleSite(byPath);
        } catch (IOException e) {
            throw new UncheckedIOException("The compliance console could not be read from " + dir, e);
        }
    }

    /**
     * The file a request asks for; a 404 for anything else under the prefix (as APIM answers an undefined operation);
     * empty when the request is not the console's.
     */
    public Optional<GatewayResponse> serve(String method, String path) {
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        GatewayResponse file = byPath.get(path);
        if (file == null || !method.equals("GET")) {
            return Optional.of(GatewayResponse.error(404, "Resource not found"));
        }
        return Optional.of(file);
    }
}
