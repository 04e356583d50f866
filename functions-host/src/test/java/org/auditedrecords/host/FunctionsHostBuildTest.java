package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionsHostBuildTest {

    public static class InvalidRoute {
        @FunctionName("Broken")
        public HttpResponseMessage run(
                @HttpTrigger(name = "req", route = "items/{id:nope}") HttpRequestMessage<Optional<String>> request) {
            return null;
        }
    }

    public static class FirstDuplicate {
        @FunctionName("Same")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request) {
            return null;
        }
    }

    public static class SecondDuplicate {
        @FunctionName("same")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request) {
            return null;
        }
    }

    public static class UnsupportedParameter {
        @FunctionName("Odd")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request,
                @BindingName("n") int number) {
            return null;
        }
    }

    public static class UnsupportedBody {
        @FunctionName("MapRequest")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Map<String, Object>> request) {
            return null;
        }
    }

    public static class WrongReturnType {
        @FunctionName("Text")
        public String run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request) {
            return "";
        }
    }

    public static class NoPublicConstructor {
        private NoPublicConstructor() {
        }

        @FunctionName("Hidden")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request) {
            return null;
        }
    }

    public static class MixedTriggers {
        @FunctionName("Timer")
        public void tick(@TimerTrigger(name = "t", schedule = "0 * * * * *") String timer, ExecutionContext context) {
        }

        @FunctionName("Http")
        public HttpResponseMessage run(@HttpTrigger(name = "req") HttpRequestMessage<Optional<String>> request) {
            return null;
        }
    }

    @Test
    void build_invalidRouteTemplate_failsNamingFunctionAndTemplate() {
        assertThatThrownBy(() -> build(InvalidRoute.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Broken")
                .hasMessageContaining("items/{id:nope}")
                .hasMessageContaining("unsupported route constraint 'nope'");
    }

    @Test
    void build_twoFunctionsWithOneNameInAnyCase_failsNamingBothClasses() {
        assertThatThrownBy(() -> build(FirstDuplicate.class, SecondDuplicate.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("used twice")
                .hasMessageContaining("FirstDuplicate")
                .hasMessageContaining("SecondDuplicate");
    }

    @Test
    void build_unsupportedParameterKinds_failNamingFunctionAndType() {
        assertThatThrownBy(() -> build(UnsupportedParameter.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Odd")
                .hasMessageContaining("int");
        assertThatThrownBy(() -> build(UnsupportedBody.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MapRequest")
                .hasMessageContaining("Map<java.lang.String, java.lang.Object>");
    }

    @Test
    void build_functionNotReturningAResponse_fails() {
        assertThatThrownBy(() -> build(WrongReturnType.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Text must return HttpResponseMessage");
    }

    @Test
    void build_classWithoutPublicConstructorAndNoFactory_failsSayingWhatToPass() {
        assertThatThrownBy(() -> build(NoPublicConstructor.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NoPublicConstructor")
                .hasMessageContaining("instances(");
    }

    @Test
    void build_noFunctionClasses_fails() {
        assertThatThrownBy(() -> FunctionsHost.builder().appName("empty").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void build_nonHttpFunctions_areIgnored() {
        try (FunctionsHost host = build(MixedTriggers.class)) {
            host.start();

            assertThat(Http.get(host, "/api/Timer").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void builder_invalidLimits_areRejected() {
        assertThatThrownBy(() -> FunctionsHost.builder().workerThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> FunctionsHost.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> FunctionsHost.builder().functionTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("functionTimeout");
    }

    @Test
    void start_portAlreadyInUse_failsNamingTheApp() {
        try (FunctionsHost first = build(FirstDuplicate.class)) {
            first.start();
            FunctionsHost second = FunctionsHost.builder().appName("second")
                    .functionClasses(List.of(FirstDuplicate.class)).port(first.port()).build();

            assertThatThrownBy(second::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("second could not start");
        }
    }

    @Test
    void port_beforeStart_fails() {
        try (FunctionsHost host = build(FirstDuplicate.class)) {
            assertThatThrownBy(host::port)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started");
        }
    }

    private static FunctionsHost build(Class<?>... classes) {
        return FunctionsHost.builder().appName("build-test").functionClasses(List.of(classes)).build();
    }
}
