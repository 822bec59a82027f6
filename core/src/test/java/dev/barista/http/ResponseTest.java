package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Response} and its builder: fields are validated as they are added (no response splitting), framing
 * fields are Barista's, and the convenience factories set what they promise.
 */
class ResponseTest {

    @ParameterizedTest(name = "value {0}")
    @ValueSource(strings = {"a\r\nSet-Cookie: x=1", "a\rb", "a\nb", "\r\n", "a\u0000b", "a\u0001", "a\u007fb",
            "a\u000bb", "a\u001fb", "\u20ac", "\ud83d\ude00"})
    void rejectsControlsAndNonLatin1InValues(String value) {
        assertThatThrownBy(() -> Response.status(200).header("X", value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "name {0}")
    @ValueSource(strings = {"", "X Y", "X:Y", "X\r\nY", "X\t", "(X)", "X@Y", "X\u00e9", "X/Y", "X\"Y", "X\u0000"})
    void rejectsNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> Response.status(200).header(name, "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Content-Length", "content-length", "CONTENT-LENGTH", "Transfer-Encoding",
            "transfer-encoding", "Connection", "connection", "CoNnEcTiOn"})
    void framingAndConnectionFieldsAreBaristasJob(String name) {
        assertThatThrownBy(() -> Response.status(200).header(name, "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {-1, 0, 99, 101, 600, 1000})
    void rejectsInvalidStatuses(int status) {
        assertThatThrownBy(() -> Response.status(status)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {100, 103, 200, 299, 404, 599})
    void acceptsEveryOtherStatus(int status) {
        assertThat(Response.status(status).build().status()).isEqualTo(status);
    }

    @Test
    void acceptsVisibleAsciiTabSpaceAndObsTextInValues() {
        String value = "a b\tc !~ \u0080\u00ff";
        assertThat(Response.status(200).header("X", value).build().header("x")).isEqualTo(value);
        assertThat(Response.status(200).header("!#$%&'*+-.^_`|~09azAZ", "").build().headerCount()).isEqualTo(1);
    }

    @Test
    void keepsFieldsInOrderAndLooksThemUpIgnoringCase() {
        Response.Builder b = Response.status(200);
        for (int i = 0; i < 20; i++) b.header("X-" + i, "v" + i); // past the builder's initial capacity
        Response r = b.header("x-0", "again").build();
        assertThat(r.headerCount()).isEqualTo(21);
        assertThat(r.headerName(0)).isEqualTo("X-0");
        assertThat(r.headerValue(19)).isEqualTo("v19");
        assertThat(r.headerName(20)).isEqualTo("x-0");
        assertThat(r.header("X-0")).isEqualTo("v0");
        assertThat(r.header("x-19")).isEqualTo("v19");
        assertThat(r.header("x-20")).isNull();
    }

    @Test
    void aBuiltResponseDoesNotChangeWhenTheBuilderGoesOn() {
        Response.Builder b = Response.status(200).header("A", "1");
        Response first = b.build();
        b.header("B", "2");
        assertThat(first.headerCount()).isEqualTo(1);
        assertThat(b.build().headerCount()).isEqualTo(2);
    }

    @Test
    void textIsUtf8PlainText() {
        Response r = Response.text("caf\u00e9");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.body().length()).isEqualTo(5);
        ResponseBody.Bytes bytes = (ResponseBody.Bytes) r.body();
        assertThat(new String(bytes.array(), bytes.offset(), bytes.count(), StandardCharsets.UTF_8)).isEqualTo("caf\u00e9");
    }

    @Test
    void jsonFactoriesSetTheContentType() {
        assertThat(Response.json("{}").header("Content-Type")).isEqualTo("application/json");
        assertThat(Response.json(new byte[] {'[', ']'}).body().length()).isEqualTo(2);
    }

    @Test
    void errorsCarryTheirReasonAsPlainText() {
        Response r = Response.error(404, "Not here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("content-type")).startsWith("text/plain");
        assertThat(r.body().length()).isEqualTo("Not here\n".length());
    }

    @Test
    void closeConnectionIsAFlagNotAField() {
        Response keep = Response.status(200).header("A", "1").body("x");
        assertThat(keep.closeConnection()).isFalse();
        Response close = keep.withCloseConnection();
        assertThat(close.closeConnection()).isTrue();
        assertThat(close.header("a")).isEqualTo("1");
        assertThat(close.body()).isSameAs(keep.body());
        assertThat(close.withCloseConnection()).isSameAs(close);
        assertThat(Response.status(200).closeConnection().build().closeConnection()).isTrue();
        assertThat(close.header("connection")).isNull();
    }

    @Test
    void emptyBodiesShareOneInstance() {
        assertThat(ResponseBody.of(new byte[0])).isSameAs(ResponseBody.EMPTY);
        assertThat(ResponseBody.of("")).isSameAs(ResponseBody.EMPTY);
        assertThat(Response.status(204).build().body().length()).isZero();
    }

    @Test
    void byteBodiesCheckTheirBounds() {
        assertThatThrownBy(() -> new ResponseBody.Bytes(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new ResponseBody.Bytes(new byte[4], -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(new ResponseBody.Bytes(new byte[4], 1, 3).length()).isEqualTo(3);
    }
}
