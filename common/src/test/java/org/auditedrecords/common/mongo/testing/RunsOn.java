package org.auditedrecords.common.mongo.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a store contract class against one kind of {@link MongoTarget}, started once for the class and handed to
 * test methods and {@code @BeforeEach} methods that take a {@code MongoTarget} parameter. DOCKER is skipped when
 * Docker is not available and ENVIRONMENT when {@code MONGODB_URI} is unset, each with that reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MongoTargetExtension.class)
public @interface RunsOn {
    MongoTarget.Kind value();
}
