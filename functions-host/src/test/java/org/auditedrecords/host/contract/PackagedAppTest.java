package org.auditedrecords.host.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedAppTest {

    @Test
    void functions_readsEachFunctionJson(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("LoadThing"));
        Files.writeString(app.resolve("LoadThing/function.json"), """
                {"bindings":[{"type":"httpTrigger","direction":"in","name":"req","route":"thing/{id}",
                "methods":["GET"],"authLevel":"FUNCTION"},{"type":"http","direction":"out","name":"$return"}]}""");
        Files.createDirectories(app.resolve("lib"));

        assertThat(PackagedApp.functions(app))
                .isEqualTo(Map.of("LoadThing", new PackagedApp.DeployedFunction("thing/{id}", List.of("GET"), "FUNCTION")));
    }

    @Test
    void functions_neitherHttpNorTimerFunction_isRejected(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("Queue"));
        Files.writeString(app.resolve("Queue/function.json"), "{\"bindings\":[{\"type\":\"queueTrigger\"}]}");

        assertThatThrownBy(() -> PackagedApp.functions(app))
                .hasMessage("Queue is neither an HTTP- nor a timer-triggered function");
    }

    @Test
    void timers_readTheTimerFunctionsScheduleAndFunctionsLeaveThemOut(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("Relay"));
        Files.writeString(app.resolve("Relay/function.json"),
                "{\"bindings\":[{\"type\":\"timerTrigger\",\"name\":\"timer\",\"schedule\":\"*/5 * * * * *\"}]}");

        assertThat(PackagedApp.timers(app)).isEqualTo(Map.of("Relay", "*/5 * * * * *"));
        assertThat(PackagedApp.functions(app)).isEmpty();
    }

    @Test
    void timers_timerFunction_isListedWithItsScheduleAndNotAmongHttpFunctions(@TempDir Path app) throws Exception {
        Files.createDirectories(app.resolve("Timer"));
        Files.writeString(app.resolve("Timer/function.json"),
                "{\"bindings\":[{\"type\":\"timerTrigger\",\"direction\":\"in\",\"name\":\"timer\",\"schedule\":\"%SCHEDULE%\"}]}");

        assertThat(PackagedApp.timers(app)).isEqualTo(Map.of("Timer", "%SCHEDULE%"));
        assertThat(PackagedApp.functions(app)).isEmpty();
    }

    @Test
    void secretLookingSettings_flagsValuesThatAreSecretsRatherThanTheirNames(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("local.settings.json");
        Files.writeString(settings, """
                {"Values":{"FUNCTIONS_WORKER_RUNTIME":"java","MONGODB_URI_SECRET":"audit-mongodb-uri",
                "AzureWebJobsStorage":"UseDevelopmentStorage=true","LEAK":"mongodb://user:pw@host",
                "TOKEN":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST","APPLICATIONINSIGHTS_CONNECTION_STRING":""}}""");

        assertThat(PackagedApp.secretLookingSettings(settings)).containsExactlyInAnyOrder("AzureWebJobsStorage", "LEAK", "TOKEN");
    }

    @Test
    void samplingExemptTypes_readsHostJsonAndTreatsDisabledSamplingAsExemptingAll(@TempDir Path dir) throws Exception {
        Path sampled = dir.resolve("host.json");
        Files.writeString(sampled, "{\"logging\":{\"applicationInsights\":{\"samplingSettings\":{\"isEnabled\":true,"
                + "\"excludedTypes\":\"Request;Exception\"}}}}");
        Path unsampled = dir.resolve("host-off.json");
        Files.writeString(unsampled, "{\"logging\":{\"applicationInsights\":{\"samplingSettings\":{\"isEnabled\":false}}}}");

        assertThat(PackagedApp.samplingExemptTypes(sampled)).containsExactly("Request", "Exception");
        assertThat(PackagedApp.samplingExemptTypes(unsampled)).containsExactly("*");
    }
}
