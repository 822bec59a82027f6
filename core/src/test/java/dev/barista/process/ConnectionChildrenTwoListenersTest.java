package dev.barista.process;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With TLS the parent has two acceptors, one per listener, and both spawn children. Their first connections
 * arriving together once made both build their child's command line in the launcher's shared tables at the
 * same moment: one acceptor died of a {@code ConcurrentModificationException} and its listener closed, while
 * the other kept serving (found by scripts/h2-interop.py: every cleartext check failed, every TLS one passed).
 */
class ConnectionChildrenTwoListenersTest {

    @RepeatedTest(3)
    @Timeout(90)
    void firstConnectionsOnBothListenersAtOnceLeaveBothServing() throws Exception {
        try (ChildJvm server = ChildJvm.start("process-per-connection", 8, List.of("tls=self-signed"));
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> connects = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int port = i % 2 == 0 ? server.port() : server.securePort();
                connects.add(clients.submit(() -> {
                    go.await();
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000); // a child is spawned for it
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : connects) f.get();

            // Both listeners still take connections: the cleartext one answers, the TLS one accepts.
            assertThat(HttpProbe.once(server.port(), "/n/1").status()).isEqualTo(200);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", server.securePort()), 5_000);
            }
            assertThat(HttpProbe.once(server.port(), "/n/2").status()).isEqualTo(200);
            assertThat(server.output()).noneMatch(line -> line.contains("listener died"));
        }
    }
}
