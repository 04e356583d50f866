package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the HTTP functions of the given classes from the same annotations that produce their function.json, so the
 * local host and Azure serve one route table. Everything that could fail at request time fails here instead.
 */
public final class FunctionScanner {
    private FunctionScanner() {
    }

    /**
     * @param instances called once per class that has an instance function
     * @throws IllegalArgumentException for a function the local host cannot serve, or a name used twice
     */
    public static RouteTable scan(List<Class<?>> classes, Function<Class<?>, Object> instances) {
        List<HttpFunction> functions = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Class<?> type : classes) {
            Object instance = null;
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                Optional<HttpTrigger> trigger = Arrays.stream(method.getParameters())
                        .map(p -> p.getAnnotation(HttpTrigger.class)).filter(Objects::nonNull).findFirst();
                if (name == null || trigger.isEmpty()) {
                    continue;
                }
                String previous = seen.put(name.value().toLowerCase(Locale.ROOT), type.getName());
                if (previous != null) {
                    throw new IllegalArgumentException("Function name " + name.value() + " is used twice (in "
                            + previous + " and " + type.getName() + ").");
                }
                if (instance == null && !Modifier.isStatic(method.getModifiers())) {
                    instance = Objects.requireNonNull(instances.apply(type), "instance of " + type.getName());
                }
                functions.add(function(name.value(), trigger.get(), method,
                        Modifier.isStatic(method.getModifiers()) ? null : instance));
            }
        }
        return new RouteTable(functions);
    }

    private static HttpFunction function(String name, HttpTrigger trigger, Method method, Object instance) {
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
            throw new IllegalArgumentException("Function " + name + " must be in a public class, as Azure requires.");
        }
        if (!HttpResponseMessage.class.isAssignableFrom(method.getReturnType())) {
            throw new IllegalArgumentException("Function " + name + " must return HttpResponseMessage, not "
                    + method.getReturnType().getName() + ".");
        }
        List<ParameterBinder> binders = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            binders.add(ParameterBinder.of(parameter, name));
        }
        RouteTemplate route;
        try {
            route = RouteTemplate.parse(trigger.route().isBlank() ? name : trigger.route());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Function " + name + ": " + e.getMessage(), e);
        }
        return new HttpFunction(name, trigger.authLevel(), Set.of(trigger.methods()), route, instance, method,
                List.copyOf(binders));
    }
}
