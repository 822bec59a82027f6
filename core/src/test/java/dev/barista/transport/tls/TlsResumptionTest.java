package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import static dev.barista.transport.tls.InMemoryHandshake.run;
import static dev.barista.transport.tls.TlsFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that comes back (same client context, same host and port) resumes its session instead of a full
 * handshake: the server sends no certificate the second time, so it sends far fewer bytes.
 */
class TlsResumptionTest {
    private final SelfSignedCertificate localhost = TlsFixtures.certificateFor("localhost");
    private final TlsContext tls = TlsContext.create(TlsConfig.builder()
            .certificate(List.of(localhost.certificate()), localhost.key()).build());

    @Test
    void aTls12ClientResumesItsSession() throws Exception {
        SSLContext clientContext = TlsFixtures.clientTrusting(localhost.certificate());
        SSLEngine first = tls12(clientContext);
        InMemoryHandshake.Outcome full = run(first, tls.newServerEngine(null, -1));
        SSLEngine second = tls12(clientContext);
        InMemoryHandshake.Outcome resumed = run(second, tls.newServerEngine(null, -1));

        assertThat(full.completed()).isTrue();
        assertThat(resumed.completed()).isTrue();
        assertThat(second.getSession().getId()).isNotEmpty().isEqualTo(first.getSession().getId());
        assertThat(resumed.serverHandshakeBytes())
                .isLessThan(full.serverHandshakeBytes() - localhost.certificate().getEncoded().length);
    }

    @Test
    void aTls13ClientResumesWithItsTicket() throws Exception {
        SSLContext clientContext = TlsFixtures.clientTrusting(localhost.certificate());
        InMemoryHandshake.Outcome full = run(client(clientContext, "localhost", 8443), tls.newServerEngine(null, -1));
        SSLEngine second = client(clientContext, "localhost", 8443);
        InMemoryHandshake.Outcome resumed = run(second, tls.newServerEngine(null, -1));

        assertThat(full.completed()).isTrue();
        assertThat(resumed.completed()).isTrue();
        assertThat(second.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(resumed.serverHandshakeBytes())
                .isLessThan(full.serverHandshakeBytes() - localhost.certificate().getEncoded().length);
    }

    @Test
    void theSessionCacheHasTheConfiguredBounds() throws Exception {
        TlsContext small = TlsContext.create(TlsConfig.builder()
                .certificate(List.of(localhost.certificate()), localhost.key())
                .sessionCacheSize(100).sessionTimeout(Duration.ofMinutes(5)).build());
        assertThat(sessionsOf(small).getSessionCacheSize()).isEqualTo(100);
        assertThat(sessionsOf(small).getSessionTimeout()).isEqualTo(300);
        assertThat(sessionsOf(tls).getSessionCacheSize()).isEqualTo(20_000);
        assertThat(sessionsOf(tls).getSessionTimeout()).isEqualTo(86_400);
    }

    /** The server's session cache, as a session reaches it (an engine before its handshake has none). */
    private SSLSessionContext sessionsOf(TlsContext context) throws Exception {
        SSLEngine server = context.newServerEngine(null, -1);
        assertThat(run(client(TlsFixtures.clientTrusting(localhost.certificate()), "localhost", 443), server)
                .completed()).isTrue();
        return server.getSession().getSessionContext();
    }

    private static SSLEngine tls12(SSLContext clientContext) {
        SSLEngine engine = client(clientContext, "localhost", 8443, "h2");
        engine.setEnabledProtocols(new String[]{"TLSv1.2"});
        return engine;
    }
}
