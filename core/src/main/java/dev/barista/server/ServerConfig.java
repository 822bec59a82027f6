package dev.barista.server;

import dev.barista.http.HttpLimits;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Everything that sizes and bounds a server, shared by every model.
 *
 * @param host                 address to bind
 * @param port                 port to bind (0: any free port)
 * @param loops                event loops (non-blocking models)
 * @param workers              worker threads for blocking handlers (the reactor's kitchen; thread-pool size)
 * @param workerQueue          hand-offs that may wait for a worker; beyond it the answer is 503
 * @param maxConnections       open connections at most; beyond it new ones get 503 and are closed
 * @param maxPipelined         requests of one connection in progress at once; beyond it reading pauses
 * @param highWaterMark        unsent response bytes at which a connection stops being read
 * @param lowWaterMark         unsent response bytes under which reading resumes
 * @param limits               HTTP message limits
 * @param timeouts             connection timeouts
 * @param blockedLoopThreshold an event-loop turn longer than this is reported as a blocked loop
 * @param shutdownGrace        how long a graceful stop waits for in-flight requests
 * @param readinessDelay       how long a stopping server keeps serving (listener open, new connections and
 *                             requests answered) while {@code /health/ready} already answers 503, before it
 *                             drains: time for a load balancer to notice and stop sending. Zero by default.
 * @param accessLog            where a line per answered request goes (off the hot path), or null for none
 * @param proxyProtocol        whether every connection starts with a PROXY protocol header (v1 or v2) naming
 *                             the real client, as HAProxy and AWS NLB send it (on the TLS listener too, before
 *                             the handshake); a connection without one is closed
 * @param memoryBudget         bytes the whole server may hold in buffered request bodies, unsent response
 *                             bytes and the blocking models' connection buffers; beyond it requests and
 *                             connections are refused with 503 instead of risking an OutOfMemoryError
 * @param minDataRate          the slowest a client may send a request body or read a response, after a
 *                             grace period; slower is answered 408 (a body) or closed (a response)
 * @param onFatalError         what happens when a thread the server cannot do without (an event loop, the
 *                             acceptor) dies of an error: it is taken out of service and readiness turns
 *                             false either way; {@link FatalErrorPolicy#EXIT} (the default) also ends the
 *                             process with status 70, for its supervisor to restart it
 * @param socketActivation     listen on the socket passed as standard input by a supervisor (systemd socket
 *                             activation) instead of binding {@code host:port}; single-process models only
 * @param http2                HTTP/2's settings and limits, and whether the cleartext listener serves h2c
 * @param tls                  the certificates and settings of a TLS listener beside the cleartext one, or null
 *                             for none
 * @param tlsPort              the TLS listener's port (0: any free port)
 * @param redirectToHttps      the cleartext listener answers every request with a redirect to HTTPS (308)
 */
public record ServerConfig(
        String host,
        int port,
        int loops,
        int workers,
        int workerQueue,
        int maxConnections,
        int maxPipelined,
        int highWaterMark,
        int lowWaterMark,
        HttpLimits limits,
        Timeouts timeouts,
        Duration blockedLoopThreshold,
        Duration shutdownGrace,
        Duration readinessDelay,
        AccessLog accessLog,
        boolean proxyProtocol,
        long memoryBudget,
        DataRate minDataRate,
        FatalErrorPolicy onFatalError,
        boolean socketActivation,
        Http2Config http2,
        TlsConfig tls,
        int tlsPort,
        boolean redirectToHttps) {

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (loops < 1) throw new IllegalArgumentException("loops must be >= 1");
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1");
        if (workerQueue < 0) throw new IllegalArgumentException("workerQueue must be >= 0");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
        if (maxPipelined < 1) throw new IllegalArgumentException("maxPipelined must be >= 1");
        if (lowWaterMark < 0 || highWaterMark <= lowWaterMark) {
            throw new IllegalArgumentException("need 0 <= lowWaterMark < highWaterMark");
        }
        if (readinessDelay == null) readinessDelay = Duration.ZERO;
        if (readinessDelay.isNegative()) throw new IllegalArgumentException("readinessDelay must be >= 0");
        if (memoryBudget < 1024 * 1024) throw new IllegalArgumentException("memoryBudget must be >= 1 MiB");
        if (minDataRate == null) minDataRate = DataRate.NONE;
        if (onFatalError == null) onFatalError = FatalErrorPolicy.EXIT;
        if (http2 == null) http2 = Http2Config.DEFAULTS;
        if (tlsPort < 0 || tlsPort > 65535) throw new IllegalArgumentException("TLS port out of range: " + tlsPort);
        if (tls != null && tlsPort == port && port != 0) {
            throw new IllegalArgumentException("the TLS port must differ from the cleartext port (" + port + ")");
        }
        if (redirectToHttps && tls == null) throw new IllegalArgumentException("redirecting to HTTPS needs TLS");
    }

    public static ServerConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig("127.0.0.1", 8080, cores, Math.max(16, 8 * cores), 1024,
                defaultMaxConnections(), 64, 256 * 1024, 64 * 1024, HttpLimits.DEFAULTS, Timeouts.DEFAULTS,
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ZERO, null, false, defaultMemoryBudget(),
                DataRate.DEFAULT, FatalErrorPolicy.EXIT, false, Http2Config.DEFAULTS, null, 8443, false);
    }

    /**
     * The same configuration on other ports with {@code loops} event loops (a prefork worker's share: the
     * ports its master reserved).
     */
    public ServerConfig withPortsAndLoops(int newPort, int newTlsPort, int newLoops) {
        return new ServerConfig(host, newPort, newLoops, workers, workerQueue, maxConnections, maxPipelined,
                highWaterMark, lowWaterMark, limits, timeouts, blockedLoopThreshold, shutdownGrace, readinessDelay,
                accessLog, proxyProtocol, memoryBudget, minDataRate, onFatalError, socketActivation, http2, tls,
                newTlsPort, redirectToHttps);
    }

    /** The same configuration on another port with {@code loops} event loops. */
    public ServerConfig withPortAndLoops(int newPort, int newLoops) {
        return new ServerConfig(host, newPort, newLoops, workers, workerQueue, maxConnections, maxPipelined,
                highWaterMark, lowWaterMark, limits, timeouts, blockedLoopThreshold, shutdownGrace, readinessDelay,
                accessLog, proxyProtocol, memoryBudget, minDataRate, onFatalError, socketActivation, http2, tls, tlsPort,
                redirectToHttps);
    }

    /**
     * A quarter of the maximum heap, at least 16 MiB: room for bodies and unsent bytes while the rest of the
     * heap serves the handlers and the JVM. An OutOfMemoryError is what the budget exists to prevent.
     */
    static long defaultMemoryBudget() {
        return Math.max(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);
    }

    /** What the process's open-file limit allows, keeping 512 descriptors for files, pipes and the JVM. */
    static int defaultMaxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 1024) return (int) Math.min(100_000, max - 512);
        }
        return 10_000;
    }
}
