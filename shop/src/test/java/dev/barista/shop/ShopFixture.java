package dev.barista.shop;

import dev.barista.Server;
import dev.barista.client.UpstreamStats;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Backends plus a gateway on loopback, ephemeral ports, for one test; {@link #close()} stops everything. */
final class ShopFixture implements AutoCloseable {
    /** One in-memory catalog per test JVM: seeded by the first fixture, reused by the others. */
    static final String CATALOG = ProductCatalog.memoryUrl("shop-tests");

    final ShopBackends backends;
    final SearchGateway gateway;
    final Server server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String body) {
    }

    ShopFixture(ShopBackends.Settings settings, UnaryOperator<GatewayConfig> gatewayConfig, String model)
            throws IOException, SQLException {
        backends = ShopBackends.start(settings);
        gateway = new SearchGateway(gatewayConfig.apply(backends.gatewayConfig()));
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(model).loops(2)
                .shutdownGrace(Duration.ofMillis(200));
        gateway.addTo(builder);
        server = builder.start();
    }

    static ShopFixture start(Faults user, Faults product, Faults stock, UnaryOperator<GatewayConfig> config)
            throws IOException, SQLException {
        return new ShopFixture(ShopBackends.Settings.defaults(CATALOG).withFaults(user, product, stock), config,
                "reactor");
    }

    Answer get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** True once no upstream of the gateway has a call in flight, waiting or timed. */
    boolean upstreamsQuiet() {
        for (UpstreamStats s : gateway.upstreamStats()) {
            if (s.inFlight() != 0 || s.waiting() != 0) return false;
        }
        return true;
    }

    @Override
    public void close() {
        http.close();
        server.stop(Duration.ofMillis(200));
        gateway.close();
        backends.close();
    }
}
