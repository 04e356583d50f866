package org.auditedrecords.patientapi.functions;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.http.Endpoint;
import org.auditedrecords.common.json.Json;
import org.auditedrecords.patient.ETag;
import org.auditedrecords.patient.IfMatch;

/** What the Patient API's functions share: the edge, and the headers of single resources and updates. */
final class Responses {
    /** One edge, and so one mapper, for every function of the app. */
    static final Endpoint ENDPOINT = new Endpoint("patient-api", Json.newMapper());
    /**
     * Locations are absolute-path references as the app serves them ({@code /api/patient/{id}}), right whatever
     * trailing slash the client's URL had; the gateway rewrites the backend's path prefix to its own
     * ({@code /patient/{id}}), as its policy does for every backend URL it returns.
     */
    static final String LOCATION = "Location";
    /** The Functions route prefix (host.json's default), under which every route of the app is served. */
    private static final String ROUTE_PREFIX = "/api";
    static final String ETAG = "ETag";
    static final String IF_MATCH = "if-match";

    private Responses() {
    }

    /** A single resource: its JSON and its {@code ETag}. */
    static HttpResponseMessage.Builder single(Call call, HttpStatus status, Object view, long version) {
        return call.json(status, view).header(ETAG, ETag.of(version));
    }

    /** The absolute path of a resource of the app, from its route segments (server-made ids, so nothing to encode). */
    static String location(String... segments) {
        return ROUTE_PREFIX + "/" + String.join("/", segments);
    }

    static IfMatch ifMatch(Call call) {
        return IfMatch.parse(call.header(IF_MATCH));
    }
}
