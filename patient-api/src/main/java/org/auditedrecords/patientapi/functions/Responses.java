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
     * Locations are relative references (RFC 9110 §10.2.2), resolved against the request's own URI, so they are right
     * both on the app ({@code /api/patient}) and through the gateway ({@code /patient}) without any rewriting.
     */
    static final String LOCATION = "Location";
    static final String ETAG = "ETag";
    static final String IF_MATCH = "if-match";

    private Responses() {
    }

    /** A single resource: its JSON and its {@code ETag}. */
    static HttpResponseMessage.Builder single(Call call, HttpStatus status, Object view, long version) {
        return call.json(status, view).header(ETAG, ETag.of(version));
    }

    static IfMatch ifMatch(Call call) {
        return IfMatch.parse(call.header(IF_MATCH));
    }
}
