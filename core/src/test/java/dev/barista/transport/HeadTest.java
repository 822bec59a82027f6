package dev.barista.transport;

import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** HEAD is answered by the GET route with the same head, Content-Length included, and no body. */
class HeadTest {
    private static final String BODY = "a body of some length\n".repeat(100);

    private final ServerFixture fx = new ServerFixture();

    @TempDir
    Path tempDir;

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private void start(Model model) throws Exception {
        Path file = Files.writeString(tempDir.resolve("f.txt"), BODY);
        fx.start(ServerFixture.builder().model(model)
                .get("/text", Endpoint.nonBlocking(r -> Response.status(200).contentType("text/plain").header("X-Route", "text")
                        .body(BODY)))
                .get("/blocking", r -> Response.status(200).header("X-Route", "blocking").body(BODY))
                .get("/file", r -> Response.status(200).body(ResponseBody.file(file)))
                .get("/stream", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(BODY.getBytes()), -1))))
                .get("/stream-known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(BODY.getBytes()), BODY.length())))));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void headGetsTheGetHeadersWithoutABody(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        for (String path : new String[]{"/text", "/blocking", "/file", "/stream-known"}) {
            RawResponse get = client.send(RawClient.get(path)).read();
            RawResponse head = client.send(RawClient.request("HEAD", path)).read(true);
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.header("Content-Length")).as(path).isEqualTo(String.valueOf(BODY.length()))
                    .isEqualTo(get.header("Content-Length"));
            assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("X-Route")).as(path).isEqualTo(get.header("X-Route"));
            assertThat(head.hasHeader("Transfer-Encoding")).as(path).isFalse();
            assertThat(head.closes()).as(path).isFalse();
        }
        // Had any body byte followed a HEAD response, this response would not parse.
        assertThat(client.send(RawClient.get("/text")).read().bodyText()).isEqualTo(BODY);
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void headOfAStreamOfUnknownLengthHasNoBodyAndNoFraming(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse head = client.send(RawClient.request("HEAD", "/stream")).read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.hasHeader("Content-Length")).isFalse();
        assertThat(head.closes()).isFalse();
        assertThat(client.send(RawClient.get("/stream")).read().bodyText()).isEqualTo(BODY);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void pipelinedHeadAndGetStayInSync(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        String[] paths = {"/text", "/file", "/stream", "/blocking"};
        StringBuilder all = new StringBuilder();
        for (String path : paths) all.append(RawClient.request("HEAD", path)).append(RawClient.get(path));
        client.send(all.toString());
        for (String path : paths) {
            RawResponse head = client.read(true);
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(client.read().bodyText()).as(path).isEqualTo(BODY);
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
    }
}
