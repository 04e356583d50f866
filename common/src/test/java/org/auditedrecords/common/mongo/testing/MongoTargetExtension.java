package org.auditedrecords.common.mongo.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/** The lifecycle behind {@link RunsOn}: skip when the server cannot be had, start it once per class, close it after. */
public final class MongoTargetExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MongoTargetExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        MongoTarget.Kind kind = kind(context);
        if (kind == MongoTarget.Kind.DOCKER && !DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.disabled("Docker is not available: the real-MongoDB variant is skipped");
        }
        if (kind == MongoTarget.Kind.ENVIRONMENT && (System.getenv(MongoTarget.ENV_URI) == null
                || System.getenv(MongoTarget.ENV_URI).isBlank())) {
            return ConditionEvaluationResult.disabled("set MONGODB_URI to run the store contract against that server");
        }
        return ConditionEvaluationResult.enabled("runs on " + kind);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MongoTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context.getParent().filter(c -> c.getTestMethod().isEmpty()).orElse(context);
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(MongoTarget.class, k -> new Started(kind(context).start()), Started.class)
                .target();
    }

    private static MongoTarget.Kind kind(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, RunsOn.class))
                .map(RunsOn::value)
                .orElseThrow(() -> new IllegalStateException("MongoTargetExtension needs @RunsOn on the test class"));
    }

    /** Closed by JUnit when the class's store is closed, i.e. after its last test. */
    private record Started(MongoTarget target) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            target.close();
        }
    }
}
