package org.auditedrecords.host;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/** One function per authorization level, plus a second FUNCTION-level one; static, to cover static functions too. */
public class AuthFunctions {

    @FunctionName("Open")
    public static HttpResponseMessage open(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ANONYMOUS)
            HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("Open").build();
    }

    @FunctionName("Guarded")
    public static HttpResponseMessage guarded(
            @HttpTrigger(name = "req", methods = HttpMethod.GET) HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("Guarded").build();
    }

    @FunctionName("OtherGuarded")
    public static HttpResponseMessage otherGuarded(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.FUNCTION)
            HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("OtherGuarded").build();
    }

    @FunctionName("Admin")
    public static HttpResponseMessage admin(
            @HttpTrigger(name = "req", methods = HttpMethod.GET, authLevel = AuthorizationLevel.ADMIN)
            HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("Admin").build();
    }
}
