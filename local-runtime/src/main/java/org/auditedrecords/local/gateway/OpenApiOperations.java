package org.auditedrecords.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the operations of an OpenAPI 3 document — the same document API Management imports in Azure — so the
 * local gateway exposes exactly the operations the cloud one does.
 */
public final class OpenApiOperations {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiOperations() {
    }

    public static List<Api.Operation> read(Path document) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(document.toFile());
            List<Api.Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (METHODS.contains(op.getKey())) {
                        operations.add(new Api.Operation(op.getValue().path("operationId").asText(),
                                op.getKey().toUpperCase(java.util.Locale.ROOT), PathTemplate.parse(path.getKey())));
                    }
                }
            }
            if (operations.isEmpty()) {
                throw new IllegalArgumentException(document + " defines no operations");
            }
            return List.copyOf(operations);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the OpenAPI document " + document, e);
        }
    }
}
