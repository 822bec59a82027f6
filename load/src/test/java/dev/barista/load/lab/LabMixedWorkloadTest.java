package dev.barista.load.lab;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.load.LoadConfig;
import dev.barista.load.LoadGenerator;
import dev.barista.load.LoadResult;
import dev.barista.load.RequestMix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mixed workload against a real Barista in this JVM: every measured response lands in exactly one class, the
 * slow share is the mix's, and the classes' latencies are apart. Timing assertions are lower bounds only (a
 * slow request sleeps at least 10 ms; a fast one behind it on a single loop waits at least that).
 */
class LabMixedWorkloadTest {
    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Server s : servers) s.stop();
    }

    private LoadResult run(String model) throws Exception {
        Server server = Server.builder()
                .get("/plaintext", Endpoint.nonBlocking(r -> Response.status(200).contentType("text/plain").body("Hello")))
                .get("/sleep", r -> {
                    Thread.sleep(Long.parseLong(r.queryParam("ms")));
                    return Response.status(200).contentType("text/plain").body("slept");
                })
                .host("127.0.0.1").port(0).model(model).loops(1).workers(16, 256)
                .shutdownGrace(Duration.ofMillis(200)).start();
        servers.add(server);
        LoadConfig config = LoadConfig.closedLoop(URI.create("http://127.0.0.1:" + server.port() + Workload.MIXED.target()),
                8, Duration.ofMillis(300), Duration.ofMillis(1500)).withLoops(2).withTimeout(Duration.ofSeconds(3));
        return new LoadGenerator(config, Workload.MIXED.mix(), false).run();
    }

    @Test
    void everyResponseIsFastOrSlowAndTheSlowShareIsTheMixs() throws Exception {
        LoadResult r = run("reactor");
        LoadResult.RequestClass fast = r.requestClass(RequestMix.FAST);
        LoadResult.RequestClass slow = r.requestClass(RequestMix.SLOW);

        assertThat(r.errorTotal()).isZero();
        assertThat(fast.requests() + slow.requests()).isEqualTo(r.requests());
        assertThat(fast.okRequests() + slow.okRequests()).isEqualTo(r.okRequests());
        double share = (double) slow.requests() / r.requests();
        assertThat(share).isBetween(0.05, 0.2); // 10% of requests, over hundreds at least
        assertThat(slow.latency().p50()).isGreaterThanOrEqualTo(10); // /sleep?ms=10..50
        assertThat(fast.latency().p50()).isLessThan(slow.latency().p50());
    }

    @Test
    void onASingleLoopTheFastRequestsWaitForTheSlowOnes() throws Exception {
        LoadResult r = run("event-loop");
        assertThat(r.requestClass(RequestMix.FAST).latency().p99()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aRunWithoutAMixHasNoClasses() {
        assertThat(Workload.PLAINTEXT.mix()).isNull();
        assertThat(Workload.MIXED.mix().slowShare()).isEqualTo(0.1);
        assertThat(Workload.MIXED.mix().slowTargets()).allMatch(t -> t.startsWith("/sleep?ms="));
    }
}
