package org.auditedrecords.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionsHostRoutingTest {
    private static final String GUID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private FunctionsHost host;

    @BeforeEach
    void startHost() {
        host = FunctionsHost.builder().appName("routing").functionClasses(List.of(RoutingFunctions.class)).build();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void get_guidRouteValue_bindsItToTheFunction() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/records/" + GUID);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("LoadRecord " + GUID);
    }

    @Test
    void get_valueFailingGuidConstraint_isNotFoundProblem() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/records/not-a-guid");

        // then
        Problems.assertProblem(response, 404, "not-found");
    }

    @Test
    void get_literalSegmentAlsoMatchingAParameter_literalRouteWins() {
        // when
        HttpResponse<String> verify = Http.get(host, "/api/records/verify");
        HttpResponse<String> person = Http.get(host, "/api/people/p-1");

        // then
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(verify.body()).isEqualTo("VerifyRecords");
        assertThat(person.body()).isEqualTo("LoadPerson p-1");
    }

    @Test
    void post_literalRouteOfAnotherMethod_literalRouteServesItsMethodOnly() {
        // when
        HttpResponse<String> search = Http.post(host, "/api/people/search", "{}");
        HttpResponse<String> getSearch = Http.get(host, "/api/people/search");

        // then: GET falls through to the parameter route, as ASP.NET Core routing does
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).isEqualTo("SearchPeople");
        assertThat(getSearch.statusCode()).isEqualTo(200);
        assertThat(getSearch.body()).isEqualTo("LoadPerson search");
    }

    @Test
    void get_nestedParameters_bindsEach() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/people/p-1/tests/t-2");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("LoadTest p-1 t-2");
    }

    @Test
    void get_optionalSegmentPresentOrAbsent_matchesBoth() {
        // when
        HttpResponse<String> with = Http.get(host, "/api/things/tools");
        HttpResponse<String> without = Http.get(host, "/api/things");

        // then
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).isEqualTo("ListThings tools");
        assertThat(without.statusCode()).isEqualTo(200);
        assertThat(without.body()).isEqualTo("ListThings null");
    }

    @Test
    void get_catchAll_receivesTheRestOfThePathDecoded() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/files/a/b%20c/d.txt");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ServeFile a/b c/d.txt");
    }

    @Test
    void get_trailingSlash_matchesTheRouteWithout() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/people/p-1/");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("LoadPerson p-1");
    }

    @Test
    void get_literalsInAnotherCase_stillMatch() {
        // when
        HttpResponse<String> response = Http.get(host, "/API/Records/VERIFY");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("VerifyRecords");
    }

    @Test
    void get_functionWithoutRoute_isServedAtItsName() {
        // when
        HttpResponse<String> response = Http.get(host, "/api/Ping");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Ping");
    }

    @Test
    void request_methodTheFunctionDoesNotAccept_isNotFound() {
        // when
        HttpResponse<String> response = Http.send(Http.request(host, "/api/Ping")
                .DELETE().build());

        // then
        Problems.assertProblem(response, 404, "not-found");
    }

    @Test
    void request_functionWithoutMethods_acceptsEveryMethod() {
        // when
        HttpResponse<String> put = Http.send(Http.request(host, "/api/any")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        HttpResponse<String> patch = Http.send(Http.request(host, "/api/any")
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());

        // then
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("AnyMethod PUT");
        assertThat(patch.body()).isEqualTo("AnyMethod PATCH");
    }

    @Test
    void get_pathOutsideTheRoutePrefixOrUnknown_isNotFoundWithoutServerDetails() {
        // when
        HttpResponse<String> outside = Http.get(host, "/records/verify");
        HttpResponse<String> unknown = Http.get(host, "/api/nothing/here");

        // then
        assertThat(outside.statusCode()).isEqualTo(404);
        Problems.assertProblem(unknown, 404, "not-found");
        assertThat(unknown.headers().firstValue("server")).isEmpty();
    }

    @Test
    void get_undecodableOrAmbiguousPath_isClientErrorProblemNeverAFunctionOr500() throws IOException {
        for (String path : List.of("/api/people/a%2Fb", "/api/people/%zz", "/api/people/a%00b", "/api/people/%C0%AE",
                "/api/people/..%2F..%2Fetc", "/api/people/%252F", "/api/people/a%5Cb", "/api/people/%2e%2e/tests/1")) {
            // when
            RawHttp.Response response = RawHttp.exchange(host, RawHttp.head("GET " + path + " HTTP/1.1",
                    "Connection: close"), new byte[0]);

            // then
            assertThat(response.status()).as(path).isIn(400, 404);
            if (response.status() == 400) {
                Problems.assertProblem(response.headers().get("content-type"), response.body(), 400, "malformed-request");
            } else {
                assertThat(response.body()).as(path).doesNotStartWith("LoadPerson");
                Problems.assertProblem(response.headers().get("content-type"), response.body(), 404, "not-found");
            }
        }
    }
}
