package org.auditedrecords.patientapi.functions;

import static org.auditedrecords.patientapi.functions.Responses.ENDPOINT;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.util.Map;
import java.util.function.Function;
import org.auditedrecords.common.errors.ValidationException;
import org.auditedrecords.common.http.Call;
import org.auditedrecords.common.paging.ContinuationToken;
import org.auditedrecords.common.paging.PageLimit;
import org.auditedrecords.patient.Ids;
import org.auditedrecords.patient.Page;

/**
 * The paging of every list of the Patient API (search and a patient's tests, SYSTEM.md §3): {@code ?limit=} from 1 to
 * {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}; {@code ?continuationToken=} from the previous page's
 * {@value #CONTINUATION_HEADER} header, which is present only when more results exist. A token is bound to the query
 * it came from; any other token is 400.
 */
final class Pages {
    static final String CONTINUATION_HEADER = "x-continuation-token";
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final ContinuationToken TOKENS = new ContinuationToken(ENDPOINT.mapper());
    private static final String AFTER_ID = "i";

    /** The page size and start a request asks for, for the query identified by {@code fingerprint}. */
    record Request(int limit, String afterId, String fingerprint) {
    }

    private Pages() {
    }

    /** Reads {@code limit} and {@code continuationToken}; 400 naming the parameter when either is wrong. */
    static Request request(Call call, Map<String, String> query) {
        int limit = PageLimit.parse(call.query("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        String fingerprint = ContinuationToken.fingerprint(query);
        String afterId = TOKENS.decode(call.query("continuationToken"), fingerprint).map(Pages::afterId).orElse(null);
        return new Request(limit, afterId, fingerprint);
    }

    /** 200 with the page's items as a JSON array, and the token of the next page when there is one. */
    static <T> HttpResponseMessage response(Call call, Request request, Page<T> page, Function<T, Object> view) {
        HttpResponseMessage.Builder response = call.json(HttpStatus.OK, page.items().stream().map(view).toList());
        page.nextAfter().ifPresent(last ->
                response.header(CONTINUATION_HEADER, TOKENS.encode(Map.of(AFTER_ID, last), request.fingerprint())));
        return response.build();
    }

    private static String afterId(Map<String, String> position) {
        String id = position.get(AFTER_ID);
        if (!Ids.isWellFormed(id)) {
            throw ValidationException.of("continuationToken", "is not a continuation token for this query");
        }
        return id;
    }
}
