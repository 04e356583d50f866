package org.auditedrecords.host.internal;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * One HTTP-triggered function, read from its annotations.
 *
 * @param methods the accepted methods; empty means all
 * @param instance the object to call the method on, {@code null} for a static method
 */
record HttpFunction(
        String name,
        AuthorizationLevel authLevel,
        Set<HttpMethod> methods,
        RouteTemplate route,
        Object instance,
        Method method,
        List<ParameterBinder> binders) {

    boolean accepts(HttpMethod httpMethod) {
        return methods.isEmpty() || methods.contains(httpMethod);
    }

    /** Calls the function; what it throws comes out as the {@link InvocationTargetException}'s cause. */
    Object invoke(Invocation invocation) throws IllegalAccessException, InvocationTargetException {
        Object[] arguments = binders.stream().map(binder -> binder.bind(invocation)).toArray();
        return method.invoke(instance, arguments);
    }

    @Override
    public String toString() {
        return name + " " + (methods.isEmpty() ? "*" : methods) + " /api/" + route + " (" + authLevel + ")";
    }
}
