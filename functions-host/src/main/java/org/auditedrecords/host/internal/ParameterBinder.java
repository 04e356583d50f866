package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.auditedrecords.host.SimpleHttpRequest;

/** Produces the argument for one function parameter. */
@FunctionalInterface
interface ParameterBinder {
    String SUPPORTED = "supported: @HttpTrigger HttpRequestMessage<Optional<String>>, <String>, <Optional<byte[]>>"
            + " or <byte[]>; @BindingName String; ExecutionContext";

    Object bind(Invocation invocation);

    /** The binder for {@code parameter}, or {@link IllegalArgumentException} for a kind the local host cannot bind. */
    static ParameterBinder of(Parameter parameter, String functionName) {
        if (parameter.isAnnotationPresent(HttpTrigger.class)) {
            Function<byte[], Object> body = bodyConverter(parameter.getParameterizedType(), functionName);
            return invocation -> new SimpleHttpRequest<>(invocation.uri(), invocation.method(), invocation.headers(),
                    invocation.queryParameters(), body.apply(invocation.body()));
        }
        BindingName binding = parameter.getAnnotation(BindingName.class);
        if (binding != null && parameter.getType() == String.class) {
            return invocation -> invocation.routeValues().get(binding.value());
        }
        if (binding == null && parameter.getType() == ExecutionContext.class) {
            return Invocation::context;
        }
        throw unsupported(parameter.getParameterizedType(), functionName);
    }

    // The worker hands an absent body to the function as Optional.empty() or null.
    private static Function<byte[], Object> bodyConverter(Type type, String functionName) {
        if (type instanceof ParameterizedType request && request.getRawType() == HttpRequestMessage.class) {
            Type body = request.getActualTypeArguments()[0];
            if (body == String.class) {
                return bytes -> bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
            }
            if (body == byte[].class) {
                return bytes -> bytes;
            }
            if (body instanceof ParameterizedType optional && optional.getRawType() == Optional.class) {
                Type content = optional.getActualTypeArguments()[0];
                if (content == String.class) {
                    return bytes -> Optional.ofNullable(bytes).map(b -> new String(b, StandardCharsets.UTF_8));
                }
                if (content == byte[].class) {
                    return Optional::ofNullable;
                }
            }
        }
        throw unsupported(type, functionName);
    }

    private static IllegalArgumentException unsupported(Type type, String functionName) {
        return new IllegalArgumentException("Function " + functionName + " has a parameter of type "
                + type.getTypeName() + " that the local host cannot bind (" + SUPPORTED + ").");
    }
}
