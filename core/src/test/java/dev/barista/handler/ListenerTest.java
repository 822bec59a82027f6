package dev.barista.handler;

import dev.barista.http.RequestHead;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.runtime.ServerContext;
import dev.barista.testing.Await;
import dev.barista.testing.LogRecords;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link ExchangeListener} is told of every answer the server gives: handlers' answers with their route and
 * latency, the server's own 404 and 405 (no route), and the codec's answer to a message that never became a
 * request (no head either). A listener that throws changes no answer.
 */
class ListenerTest {
    private final ServerFixture fx = new ServerFixture();
    private final ConcurrentLinkedQueue<Told> told = new ConcurrentLinkedQueue<>();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** One call to the listener. */
    record Told(String method, String path, String route, int status, long nanos, InetSocketAddress remote) {
    }

    private final ExchangeListener recording = (RequestHead head, Route route, Response response, long nanos,
                                                 InetSocketAddress remote) -> told.add(new Told(
            head == null ? null : head.method(), head == null ? null : head.path(),
            route == null ? null : route.toString(), response.status(), nanos, remote));

    private List<Told> awaitTold(int count) {
        Await.until(count + " answers told", () -> told.size() >= count);
        return List.copyOf(told);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void everyAnswerIsToldWithItsRouteAndLatency(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model).listener(recording)
                .get("/users/{id}", request -> Response.text("user"))
                .get("/slow", request -> {
                    Thread.sleep(50);
                    return Response.text("slow");
                })
                .get("/later", Endpoint.async(request -> CompletableFuture.supplyAsync(() -> Response.text("later"),
                        CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))))
                .get("/boom", request -> {
                    throw new IllegalStateException("expected by the test");
                }));
        RawClient client = fx.raw();
        InetSocketAddress us = (InetSocketAddress) client.socket().getLocalSocketAddress();

        for (String path : List.of("/users/7", "/slow", "/later", "/boom", "/nowhere")) {
            client.send(RawClient.get(path)).read();
        }
        assertThat(client.send("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").read().status())
                .isEqualTo(405);

        List<Told> answers = awaitTold(6);
        assertThat(answers).extracting(Told::path, Told::route, Told::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/users/7", "GET /users/{id}", 200),
                org.assertj.core.groups.Tuple.tuple("/slow", "GET /slow", 200),
                org.assertj.core.groups.Tuple.tuple("/later", "GET /later", 200),
                org.assertj.core.groups.Tuple.tuple("/boom", "GET /boom", 500),
                org.assertj.core.groups.Tuple.tuple("/nowhere", null, 404),
                org.assertj.core.groups.Tuple.tuple("/slow", null, 405));
        assertThat(answers).allSatisfy(t -> {
            assertThat(t.remote()).isEqualTo(us);
            assertThat(t.nanos()).isNotNegative();
        });
        // The latency covers the handler's time: from the head's arrival to the answer.
        assertThat(answers.get(1).nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(answers.get(2).nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void anUnparseableMessageIsToldWithNoHeadAndNoRoute(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model).listener(recording)
                .get("/ok", request -> Response.text("ok")));
        RawClient client = fx.raw();

        RawResponse ok = client.send(RawClient.get("/ok")).read();
        assertThat(ok.status()).isEqualTo(200);
        RawResponse bad = client.send("GET /ok HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n").read();
        assertThat(bad.status()).isEqualTo(400);

        List<Told> answers = awaitTold(2);
        assertThat(answers.get(1).method()).isNull();
        assertThat(answers.get(1).route()).isNull();
        assertThat(answers.get(1).status()).isEqualTo(400);
        assertThat(answers.get(1).remote()).isEqualTo(client.socket().getLocalSocketAddress());
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aListenerThatThrowsChangesNoAnswerAndTheOthersAreStillTold(Model model) throws Exception {
        try (LogRecords log = LogRecords.of(ServerContext.class)) {
            fx.start(ServerFixture.builder().model(model)
                    .listener((head, route, response, nanos, remote) -> {
                        throw new IllegalStateException("listener bug, expected by the test");
                    })
                    .listener(recording)
                    .get("/ok", request -> Response.text("ok")));
            RawClient client = fx.raw();
            for (int i = 0; i < 3; i++) assertThat(client.send(RawClient.get("/ok")).read().bodyText()).isEqualTo("ok");
            assertThat(awaitTold(3)).extracting(Told::status).containsExactly(200, 200, 200);
            assertThat(log.errors()).hasSize(3);
            assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
        }
    }
}
