package dev.barista.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure to listen, in one line that names the problem and the fix; anything else is not one. */
class BindFailureTest {

    private static BindException bind(String message, Throwable cause) {
        BindException e = new BindException(message);
        e.initCause(cause);
        return e;
    }

    @Test
    void aPortInUseWhateverTheSocketThatSaidSo() {
        String expected = "cannot listen on 127.0.0.1:8080: address already in use (is another server "
                + "running? choose another --port)";
        // the JDK's own sockets
        assertThat(BindFailure.line("127.0.0.1", 8080, "--port", new BindException("Address already in use")))
                .contains(expected);
        // prefork's reservation, and process-per-connection's libc socket (errno in the message)
        assertThat(BindFailure.line("127.0.0.1", 8080, "--port", bind("prefork master cannot start on "
                + "127.0.0.1:8080: Address already in use", new BindException("Address already in use"))))
                .contains(expected);
        assertThat(BindFailure.line("127.0.0.1", 8080, "--port", bind("cannot listen on 127.0.0.1:8080: "
                + "bind: Address already in use (errno 98)", new IOException("bind: Address already in use (errno 98)"))))
                .contains(expected);
    }

    @Test
    void aPrivilegedPortAnAddressNotHereAndAnUnknownHost() {
        assertThat(BindFailure.line("0.0.0.0", 80, "--port", new BindException("Permission denied")))
                .contains("cannot listen on 0.0.0.0:80: permission denied (ports below 1024 need root or "
                        + "CAP_NET_BIND_SERVICE; choose a --port of 1024 or more)");
        assertThat(BindFailure.line("192.0.2.1", 8080, "--port", new BindException("Cannot assign requested address")))
                .hasValueSatisfying(line -> assertThat(line).startsWith("cannot listen on 192.0.2.1:8080: "
                        + "no such address on this machine (choose a --host"));
        assertThat(BindFailure.line("no-such-host.invalid", 8080, "--port", new UnresolvedAddressException()))
                .hasValueSatisfying(line -> assertThat(line).contains("unknown host"));
    }

    @Test
    void otherFailuresAreNotBindFailures() {
        assertThat(BindFailure.line("127.0.0.1", 8080, "--port", new IOException("disk full"))).isEmpty();
        assertThat(BindFailure.line("127.0.0.1", 8080, "--port", new IllegalStateException("test runner"))).isEmpty();
    }
}
