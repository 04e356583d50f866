package org.auditedrecords.host.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operations of an OpenAPI 3 document — the document API Management imports in Azure. The local gateway serves
 * exactly these, and the apps' tests check them against the functions' annotations, so the two cannot drift.
 */
public final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private OpenApiDocument() {
    }

    /** Every operation, with its path as written in the document (relative to the API's base path). */
    public static List<ApiOperation> operations(Path document) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(document.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document " + document, e);
        }
        List<ApiOperation> operations = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                operations.add(new ApiOperation(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        operation.getValue().path("operationId").asText(null)));
            }
        }));
        if (operations.isEmpty()) {
            throw new IllegalArgumentException(document + " defines no operations");
        }
        return List.copyOf(operations);
    }
}
