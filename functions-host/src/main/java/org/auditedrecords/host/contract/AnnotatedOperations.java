package org.auditedrecords.host.contract;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/** The operations the functions' annotations define: what function.json is generated from and the host serves. */
public final class AnnotatedOperations {
    private AnnotatedOperations() {
    }

    /** One operation per function and method, with path {@code "/" + route} (the function name when no route). */
    public static List<ApiOperation> of(List<Class<?>> functionClasses) {
        List<ApiOperation> operations = new ArrayList<>();
        for (Class<?> type : functionClasses) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    HttpTrigger trigger = parameter.getAnnotation(HttpTrigger.class);
                    if (trigger != null) {
                        String route = trigger.route().isEmpty() ? name.value() : trigger.route();
                        for (HttpMethod httpMethod : trigger.methods()) {
                            operations.add(new ApiOperation(httpMethod.name(), "/" + route, name.value()));
                        }
                    }
                }
            }
        }
        return List.copyOf(operations);
    }
}
