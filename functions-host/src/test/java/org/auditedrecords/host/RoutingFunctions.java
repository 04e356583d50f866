package org.auditedrecords.host;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** Functions whose answers name the function and the route values it received. */
public class RoutingFunctions {

    @FunctionName("LoadRecord")
    public HttpResponseMessage loadRecord(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "records/{id:guid}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id) {
        return answer(request, "LoadRecord " + id);
    }

    @FunctionName("VerifyRecords")
    public HttpResponseMessage verifyRecords(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "records/verify",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return answer(request, "VerifyRecords");
    }

    @FunctionName("LoadPerson")
    public HttpResponseMessage loadPerson(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "people/{personId}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("personId") String personId) {
        return answer(request, "LoadPerson " + personId);
    }

    @FunctionName("SearchPeople")
    public HttpResponseMessage searchPeople(
            @HttpTrigger(name = "req", methods = HttpMethod.POST, route = "people/search",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return answer(request, "SearchPeople");
    }

    @FunctionName("LoadTest")
    public HttpResponseMessage loadTest(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "people/{personId}/tests/{testId}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("personId") String personId, @BindingName("testId") String testId) {
        return answer(request, "LoadTest " + personId + " " + testId);
    }

    @FunctionName("ListThings")
    public HttpResponseMessage listThings(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "things/{category?}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("category") String category) {
        return answer(request, "ListThings " + category);
    }

    @FunctionName("ServeFile")
    public HttpResponseMessage serveFile(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, route = "files/{*path}",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request,
            @BindingName("path") String path) {
        return answer(request, "ServeFile " + path);
    }

    @FunctionName("Ping")
    public HttpResponseMessage ping(
            @HttpTrigger(name = "req", methods = HttpMethod.GET,
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> request) {
        return answer(request, "Ping");
    }

    @FunctionName("AnyMethod")
    public HttpResponseMessage anyMethod(
            @HttpTrigger(name = "req", route = "any", authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request) {
        return answer(request, "AnyMethod " + request.getHttpMethod());
    }

    private static HttpResponseMessage answer(HttpRequestMessage<Optional<String>> request, String text) {
        return request.createResponseBuilder(HttpStatus.OK).body(text).build();
    }
}
