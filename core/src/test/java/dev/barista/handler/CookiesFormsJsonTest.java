package dev.barista.handler;

import dev.barista.dispatch.Failures;
import dev.barista.http.Cookie;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.LogRecords;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request's body and fields mean to a handler: cookies read and set, urlencoded form fields and text
 * decoded in the charset the request's {@code Content-Type} names, and JSON that needs a mapper (without one,
 * a 500 whose log says what to add). JSON through Jackson is the {@code barista-jackson} module's test.
 */
class CookiesFormsJsonTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static byte[] post(String path, String contentType, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void cookiesAreReadFromEveryCookieFieldAndSetOneSetCookieEach(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .get("/cookies", request -> Response.status(200)
                        .cookie(Cookie.of("session", "abc123").path("/").httpOnly().secure()
                                .sameSite(Cookie.SameSite.LAX).build())
                        .cookie(Cookie.of("theme", "dark").maxAge(Duration.ofDays(30)).build())
                        .contentType(Response.TEXT_PLAIN)
                        .body(new TreeMap<>(request.cookies()) + " a=" + request.cookie("a")
                                + " missing=" + request.cookie("missing"))));
        RawClient client = fx.raw();

        RawResponse response = client.send("GET /cookies HTTP/1.1\r\nHost: x\r\n"
                + "Cookie: a=1; b=two; quoted=\"q v\"\r\nCookie: a=3; c=\r\n\r\n").read();

        // The first of a repeated name wins, across fields; a quoted value is unwrapped.
        assertThat(response.bodyText()).isEqualTo("{a=1, b=two, c=, quoted=q v} a=1 missing=null");
        List<String> setCookies = response.headers().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Set-Cookie")).map(Map.Entry::getValue).toList();
        assertThat(setCookies).hasSize(2);
        assertThat(setCookies.get(0)).startsWith("session=abc123").contains("Path=/", "HttpOnly", "Secure",
                "SameSite=Lax");
        assertThat(setCookies.get(1)).startsWith("theme=dark").contains("Max-Age=2592000");

        RawResponse none = client.send(RawClient.get("/cookies")).read();
        assertThat(none.bodyText()).startsWith("{} a=null");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void formFieldsAreDecodedInTheBodysCharset(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model).maxFormFields(4)
                .post("/form", request -> Response.text(new TreeMap<>(request.form()).toString()
                        + " name=" + request.formParam("name")))
                .post("/streamed-form", Endpoint.streaming(request -> Response.text("name=" + request.formParam("name")))));
        RawClient client = fx.raw();
        record Case(String contentType, byte[] body, String expected) {
        }
        String form = "application/x-www-form-urlencoded";
        List<Case> cases = List.of(
                new Case(form, bytes("name=Jos%C3%A9&city=M%C3%BCnchen", StandardCharsets.US_ASCII),
                        "{city=[München], name=[José]} name=José"),
                new Case(form + "; charset=ISO-8859-1", bytes("name=Jos%E9&city=M%FCnchen", StandardCharsets.US_ASCII),
                        "{city=[München], name=[José]} name=José"),
                // Raw (unescaped) bytes of the named charset too.
                new Case(form + "; charset=iso-8859-1", bytes("name=José+Ñ", StandardCharsets.ISO_8859_1),
                        "{name=[José Ñ]} name=José Ñ"),
                new Case(form, bytes("name=a&name=b&empty=&flag", StandardCharsets.US_ASCII),
                        "{empty=[], flag=[], name=[a, b]} name=a"),
                // Any other content type has no form fields.
                new Case("text/plain", bytes("name=x", StandardCharsets.US_ASCII), "{} name=null"),
                new Case(null, bytes("name=x", StandardCharsets.US_ASCII), "{} name=null"));
        for (Case c : cases) {
            RawResponse response = client.send(post("/form", c.contentType(), c.body())).read();
            assertThat(response.status()).as(c.contentType()).isEqualTo(200);
            assertThat(response.bodyText()).as(c.contentType() + " " + new String(c.body(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(c.expected());
        }
        RawResponse streamed = client.send(post("/streamed-form", form + "; charset=ISO-8859-1",
                bytes("name=Jos%E9", StandardCharsets.US_ASCII))).read();
        assertThat(streamed.bodyText()).isEqualTo("name=José");

        RawResponse tooMany = client.send(post("/form", form, bytes("a=1&b=2&c=3&d=4&e=5", StandardCharsets.US_ASCII)))
                .read();
        assertThat(tooMany.status()).as("past maxFormFields").isEqualTo(413);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void bodyAsStringUsesTheContentTypesCharset(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .post("/text", request -> Response.text(request.body().asString() + " (" + request.body().charset() + ")")));
        RawClient client = fx.raw();
        record Case(String contentType, byte[] body, String expected) {
        }
        List<Case> cases = List.of(
                new Case("text/plain; charset=ISO-8859-1", bytes("café", StandardCharsets.ISO_8859_1), "café (ISO-8859-1)"),
                new Case("text/plain; charset=\"UTF-16BE\"", bytes("żółw", StandardCharsets.UTF_16BE), "żółw (UTF-16BE)"),
                new Case("text/plain; charset=utf-8", bytes("żółw", StandardCharsets.UTF_8), "żółw (UTF-8)"),
                new Case("text/plain", bytes("żółw", StandardCharsets.UTF_8), "żółw (UTF-8)"),
                new Case(null, bytes("żółw", StandardCharsets.UTF_8), "żółw (UTF-8)"),
                // A charset nobody knows reads as UTF-8 rather than failing the request.
                new Case("text/plain; charset=x-no-such-charset", bytes("żółw", StandardCharsets.UTF_8), "żółw (UTF-8)"));
        for (Case c : cases) {
            RawResponse response = client.send(post("/text", c.contentType(), c.body())).read();
            assertThat(response.status()).as(c.contentType()).isEqualTo(200);
            assertThat(response.bodyText()).as(c.contentType()).isEqualTo(c.expected());
        }
    }

    record Order(String item) {
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void jsonWithoutAMapperIsA500WhoseLogSaysWhatToAdd(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model)
                .post("/read", request -> Response.text(request.bodyAs(Order.class).item()))
                .get("/write", request -> Response.entity(new Order("coffee"))));
        RawClient client = fx.raw();
        try (LogRecords log = LogRecords.of(Failures.class)) {
            RawResponse read = client.send(post("/read", "application/json", bytes("{\"item\":\"tea\"}",
                    StandardCharsets.UTF_8))).read();
            assertThat(read.status()).isEqualTo(500);
            assertThat(read.closes()).isFalse();

            RawResponse write = client.send(RawClient.get("/write")).read();
            assertThat(write.status()).isEqualTo(500);

            List<String> why = log.errors().stream().map(LogRecord::getThrown).map(Throwable::getMessage).toList();
            assertThat(why).hasSize(2).allSatisfy(message ->
                    assertThat(message).contains("JsonMapper", "barista-jackson", "Server.Builder.json"));
        }
    }

    /** A stand-in mapper that knows one shape: enough to see where the server calls it, and what failures mean. */
    static final class OrderMapper implements JsonMapper {
        @Override
        public byte[] write(Object value) {
            return ("{\"item\":\"" + ((Order) value).item() + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object read(byte[] json, Type type) {
            String text = new String(json, StandardCharsets.UTF_8);
            if (type != Order.class || !text.startsWith("{\"item\":\"")) throw new IllegalArgumentException("bad");
            return new Order(text.substring(9, text.indexOf('"', 9)));
        }
    }

    @Test
    void aConfiguredMapperReadsAndWritesAndAMalformedBodyIs400() throws Exception {
        fx.start(ServerFixture.builder().json(new OrderMapper())
                .post("/read", request -> Response.text(request.bodyAs(Order.class).item()))
                .get("/write", request -> Response.entity(new Order("coffee"))));
        RawClient client = fx.raw();

        assertThat(client.send(post("/read", "application/json", bytes("{\"item\":\"tea\"}", StandardCharsets.UTF_8)))
                .read().bodyText()).isEqualTo("tea");
        RawResponse written = client.send(RawClient.get("/write")).read();
        assertThat(written.header("Content-Type")).isEqualTo(Response.APPLICATION_JSON);
        assertThat(written.bodyText()).isEqualTo("{\"item\":\"coffee\"}");
        RawResponse malformed = client.send(post("/read", "application/json", bytes("[1,2", StandardCharsets.UTF_8)))
                .read();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.bodyText()).doesNotContain("[1,2");
    }
}
