package dev.barista.handler;

import dev.barista.Server;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every method has its registration method (and any token has {@code route}); HEAD falls back to GET without a
 * body; a path served for other methods answers 405 with the full {@code Allow} list; groups put routes under a
 * prefix, nest, and serve their own root at the prefix itself.
 */
class MethodsAndGroupsTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static Handler answering(String what) {
        return request -> Response.status(200).header("X-Served-By", what).contentType(Response.TEXT_PLAIN)
                .body(what + " " + request.method() + " body=" + request.body().asString());
    }

    private static String request(String method, String path, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (body == null ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n"
                + (body == null ? "" : body);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void everyMethodReachesItsOwnRoute(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .get("/r", answering("get"))
                .head("/r", answering("head"))
                .post("/r", answering("post"))
                .put("/r", answering("put"))
                .patch("/r", answering("patch"))
                .delete("/r", answering("delete"))
                .options("/r", answering("options"))
                .route("PROPFIND", "/r", Endpoint.blocking(answering("propfind"))));
        RawClient client = fx.raw();
        record Case(String method, String body, String servedBy) {
        }
        List<Case> cases = List.of(
                new Case("GET", null, "get"),
                new Case("POST", "p=1", "post"),
                new Case("PUT", "put-body", "put"),
                new Case("PATCH", "{\"a\":1}", "patch"),
                new Case("DELETE", null, "delete"),
                new Case("OPTIONS", null, "options"),
                new Case("PROPFIND", "<propfind/>", "propfind"));
        for (Case c : cases) {
            RawResponse response = client.send(request(c.method(), "/r", c.body())).read();
            assertThat(response.status()).as(c.method()).isEqualTo(200);
            assertThat(response.bodyText()).as(c.method())
                    .isEqualTo(c.servedBy() + " " + c.method() + " body=" + (c.body() == null ? "" : c.body()));
        }
        // HEAD has its own route here: its handler runs, and no body is sent.
        RawResponse head = client.send(request("HEAD", "/r", null)).read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("X-Served-By")).isEqualTo("head");
        assertThat(client.send(request("GET", "/r", null)).read().header("X-Served-By")).isEqualTo("get");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void headFallsBackToGetWithItsHeadersAndNoBody(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .get("/page", request -> Response.status(200).header("X-Served-By", "page")
                        .contentType(Response.TEXT_PLAIN).body("the page's body"))
                .get("/items/{id}", request -> Response.text("item " + request.pathParam("id")))
                .get("/async", Endpoint.async(request -> java.util.concurrent.CompletableFuture.completedFuture(
                        Response.text("async body")))));
        RawClient client = fx.raw();
        for (String path : List.of("/page", "/items/42", "/async")) {
            RawResponse get = client.send(request("GET", path, null)).read();
            RawResponse head = client.send(request("HEAD", path, null)).read(true);
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.header("Content-Length")).as(path).isEqualTo(String.valueOf(get.body().length));
            assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("X-Served-By")).as(path).isEqualTo(get.header("X-Served-By"));
        }
        // Had any HEAD answer carried body bytes, this would read them as a status line.
        RawResponse after = client.send(request("GET", "/items/7", null)).read();
        assertThat(after.bodyText()).isEqualTo("item 7");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aPathServedForOtherMethodsAnswers405WithEveryMethodItAllows(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .get("/thing", answering("get"))
                .post("/thing", answering("post"))
                .delete("/thing", answering("delete"))
                .get("/users/{id}", answering("user"))
                .patch("/users/{id}", answering("patch-user"))
                .put("/users/me", answering("put-me"))
                .route("PROPFIND", "/dav", Endpoint.blocking(answering("dav"))));
        RawClient client = fx.raw();
        record Case(String method, String path, String allow) {
        }
        List<Case> cases = List.of(
                new Case("PUT", "/thing", "DELETE, GET, HEAD, POST"),
                new Case("OPTIONS", "/thing", "DELETE, GET, HEAD, POST"),
                new Case("DELETE", "/users/7", "GET, HEAD, PATCH"),
                // A literal route and a pattern both match: the methods of both are allowed.
                new Case("DELETE", "/users/me", "GET, HEAD, PATCH, PUT"),
                // No GET, so no HEAD either.
                new Case("GET", "/dav", "PROPFIND"));
        for (Case c : cases) {
            RawResponse response = client.send(request(c.method(), c.path(), null)).read();
            assertThat(response.status()).as(c.method() + " " + c.path()).isEqualTo(405);
            assertThat(response.header("Allow")).as(c.method() + " " + c.path()).isEqualTo(c.allow());
            assertThat(response.closes()).isFalse();
        }
        // The pattern still serves the literal path for the methods the literal route lacks.
        assertThat(client.send(request("PATCH", "/users/me", "x")).read().header("X-Served-By")).isEqualTo("patch-user");
        assertThat(client.send(request("GET", "/nowhere", null)).read().status()).isEqualTo(404);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void groupsPutRoutesUnderTheirPrefixAndNest(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .get("/", answering("root"))
                .group("/api", api -> api
                        .get("/", answering("api-root"))
                        .get("/users", answering("users"))
                        .group("/v1", v1 -> v1
                                .get("/", answering("v1-root"))
                                .get("/items/{id}", request -> Response.text("v1 item " + request.pathParam("id")))
                                .post("/items", answering("v1-create"))))
                .group("/admin", admin -> admin.get("/users", answering("admin-users"))));
        RawClient client = fx.raw();
        record Case(String method, String path, int status, String servedBy) {
        }
        List<Case> cases = List.of(
                new Case("GET", "/", 200, "root"),
                new Case("GET", "/api", 200, "api-root"),
                new Case("GET", "/api/users", 200, "users"),
                new Case("GET", "/api/v1", 200, "v1-root"),
                new Case("POST", "/api/v1/items", 200, "v1-create"),
                new Case("GET", "/admin/users", 200, "admin-users"),
                // The prefix is not optional, and a group's root is the prefix itself, without a trailing slash.
                new Case("GET", "/users", 404, null),
                new Case("GET", "/v1/items/1", 404, null),
                new Case("GET", "/api/", 404, null),
                new Case("GET", "/api/v1/", 404, null),
                new Case("GET", "/apix/users", 404, null));
        for (Case c : cases) {
            RawResponse response = client.send(request(c.method(), c.path(), c.method().equals("POST") ? "" : null))
                    .read();
            assertThat(response.status()).as(c.method() + " " + c.path()).isEqualTo(c.status());
            if (c.servedBy() != null) {
                assertThat(response.header("X-Served-By")).as(c.path()).isEqualTo(c.servedBy());
            }
        }
        assertThat(client.send(request("GET", "/api/v1/items/a%20b", null)).read().bodyText())
                .isEqualTo("v1 item a b");
    }

    @Test
    void registrationRefusesWhatCouldNeverBeServed() {
        Server.Builder builder = ServerFixture.builder();
        assertThatThrownBy(() -> builder.route("GET /x", "/x", Endpoint.blocking(answering("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid method");
        assertThatThrownBy(() -> builder.route("", "/x", Endpoint.blocking(answering("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.get("x", answering("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> builder.group("/api/", g -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group prefix");
        assertThatThrownBy(() -> builder.group("api", g -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group prefix");
    }

    @Test
    void theSameMethodAndPathTwiceIsRefusedAtStartEvenAcrossAGroup() {
        Server.Builder literal = ServerFixture.builder()
                .get("/api/users", answering("top"))
                .group("/api", api -> api.get("/users", answering("grouped")));
        assertThatThrownBy(literal::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate route GET /api/users");

        Server.Builder pattern = ServerFixture.builder()
                .get("/api/users/{id}", answering("top"))
                .group("/api", api -> api.get("/users/{id}", answering("grouped")));
        assertThatThrownBy(pattern::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate route GET /api/users/{id}");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aStartRefusedForADuplicateRouteLeavesNoThreadsBehind(Model model) {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        Server.Builder duplicate = ServerFixture.builder().model(model).workers(3, 3)
                .get("/x", answering("one"))
                .get("/x", answering("two"));
        assertThatThrownBy(duplicate::start).isInstanceOf(IllegalArgumentException.class);
        List<String> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("barista"))
                .map(Thread::getName).toList();
        assertThat(started).isEmpty();
    }
}
