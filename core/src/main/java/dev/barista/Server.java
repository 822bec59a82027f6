package dev.barista;

import dev.barista.dispatch.Routing;
import dev.barista.dispatch.HttpsRedirect;
import dev.barista.handler.ExceptionMapper;
import dev.barista.handler.ExchangeListener;
import dev.barista.handler.Filter;
import dev.barista.handler.JsonMapper;
import dev.barista.handler.RequestSettings;
import dev.barista.handler.Route;
import dev.barista.handler.Routes;
import dev.barista.handler.StatusHandler;
import dev.barista.http.HttpLimits;
import dev.barista.http.TrustedProxies;
import dev.barista.model.Model;
import dev.barista.model.ReactorModel;
import dev.barista.server.AccessLog;
import dev.barista.server.DataRate;
import dev.barista.server.FatalErrorPolicy;
import dev.barista.server.Http2Config;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import dev.barista.server.Timeouts;
import dev.barista.server.TlsConfig;
import dev.barista.transport.nio.EventLoopGroup;
import dev.barista.transport.nio.NioTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A Barista server: routes, a concurrency model, limits; started by its builder, stopped gracefully.
 *
 * <pre>{@code
 * Server server = Server.builder()
 *         .port(8080)
 *         .get("/hello", nonBlocking(request -> Response.text("Hello")))  // runs on the event loop
 *         .get("/slow", request -> slowLookup(request))                    // may block: runs on a worker
 *         .start();
 * ...
 * server.stop();  // stop accepting, finish in-flight requests, close
 * }</pre>
 */
public final class Server implements AutoCloseable {
    private final Model model;
    private final ServerConfig config;
    private final RunningServer running;
    private volatile boolean stopping;

    private Server(Model model, ServerConfig config, RunningServer running) {
        this.model = model;
        this.config = config;
        this.running = running;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return running.port();
    }

    /** The TLS listener's port, or -1 when the server has none. */
    public int securePort() {
        return running.securePort();
    }

    /**
     * Reads the TLS certificate and key files again: new handshakes use them, open connections keep theirs.
     * A file that cannot be read keeps the old certificates and throws {@link IllegalArgumentException}.
     */
    public void reloadTls() {
        running.reloadTls();
    }

    public Model model() {
        return model;
    }

    public ServerConfig config() {
        return config;
    }

    public ServerStats stats() {
        return running.stats();
    }

    /**
     * What the server costs now, as this process sees it: counters, processes, threads, and the model's
     * loops, pool, workers or children. Cheap and non-blocking: a route on an event loop may call it.
     */
    public ServerSnapshot snapshot() {
        return running.snapshot();
    }

    /**
     * The whole server's snapshot: {@link #snapshot()}, except in a prefork worker or a connection child,
     * which asks its master or parent over IPC (completing later, or with its own numbers marked partial if
     * no answer comes in time). Never blocks the caller.
     */
    public CompletionStage<ServerSnapshot> wholeServerSnapshot() {
        return running.wholeServerSnapshot();
    }

    /**
     * The event loops serving this process's connections (reactor, event-loop), for a client that shares them:
     * an upstream pinned to the loop that runs a request calls back on that loop. Empty when no loop serves
     * here (the thread models, and the multi-process models' master or parent). Any thread.
     */
    public Optional<EventLoopGroup> eventLoops() {
        return running instanceof NioTransport transport ? Optional.of(transport.group()) : Optional.empty();
    }

    /**
     * False once a stop has begun, whether through {@link #stop} or inside the serving process (a prefork
     * worker told to drain): a load balancer should stop sending here.
     */
    public boolean isReady() {
        return !stopping && running.ready();
    }

    /**
     * False once a thread the server cannot do without died of an error (see {@link FatalErrorPolicy}): the
     * process should be restarted. A liveness probe answers from this.
     */
    public boolean isLive() {
        return running.live();
    }

    /** Graceful stop with the configured grace period. */
    public void stop() {
        stop(config.shutdownGrace());
    }

    /**
     * Graceful stop, in phases: stop accepting; close idle keep-alive connections; let in-flight requests
     * finish (their responses carry {@code Connection: close}) for up to {@code grace}; then close everything
     * left and stop the threads. Idempotent.
     */
    public synchronized void stop(Duration grace) {
        if (stopping) return;
        stopping = true;
        try {
            running.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Collects routes and settings; {@link #start()} binds and serves. */
    public static final class Builder extends Routes<Builder> {
        private Model model = new ReactorModel();
        private String host;
        private int port;
        private int loops;
        private int workers;
        private int workerQueue;
        private int maxConnections;
        private int maxPipelined;
        private int highWaterMark;
        private int lowWaterMark;
        private HttpLimits limits;
        private Timeouts timeouts;
        private Duration blockedLoopThreshold;
        private Duration shutdownGrace;
        private Duration readinessDelay = Duration.ZERO;
        private AccessLog accessLog;
        private boolean proxyProtocol;
        private long memoryBudget;
        private DataRate minDataRate;
        private FatalErrorPolicy onFatalError;
        private boolean socketActivation;
        private Http2Config http2;
        private TlsConfig tls;
        private int tlsPort;
        private boolean redirectToHttps;
        /** The TLS port bound, for the redirect (the configured one may be 0: any free port). */
        private final java.util.concurrent.atomic.AtomicInteger boundTlsPort = new java.util.concurrent.atomic.AtomicInteger();
        private int processes;
        private final List<Consumer<Server>> startListeners = new ArrayList<>();
        private final Map<Class<? extends Throwable>, ExceptionMapper<?>> exceptionMappers = new LinkedHashMap<>();
        private final Map<Integer, StatusHandler> statusHandlers = new LinkedHashMap<>();
        private final List<ExchangeListener> listeners = new ArrayList<>();
        private JsonMapper json;
        private TrustedProxies trustedProxies = TrustedProxies.none();
        private int maxFormFields = RequestSettings.DEFAULTS.maxFormFields();

        private Builder() {
            super("");
            config(ServerConfig.defaults());
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Builder model(Model model) {
            this.model = model;
            return this;
        }

        /** By name, as on the command line; unknown names fail listing the valid ones. */
        public Builder model(String name) {
            return model(Model.named(name));
        }

        public Builder config(ServerConfig c) {
            host = c.host();
            port = c.port();
            loops = c.loops();
            workers = c.workers();
            workerQueue = c.workerQueue();
            maxConnections = c.maxConnections();
            maxPipelined = c.maxPipelined();
            highWaterMark = c.highWaterMark();
            lowWaterMark = c.lowWaterMark();
            limits = c.limits();
            timeouts = c.timeouts();
            blockedLoopThreshold = c.blockedLoopThreshold();
            shutdownGrace = c.shutdownGrace();
            readinessDelay = c.readinessDelay();
            accessLog = c.accessLog();
            proxyProtocol = c.proxyProtocol();
            memoryBudget = c.memoryBudget();
            minDataRate = c.minDataRate();
            onFatalError = c.onFatalError();
            socketActivation = c.socketActivation();
            http2 = c.http2();
            tls = c.tls();
            tlsPort = c.tlsPort();
            redirectToHttps = c.redirectToHttps();
            return this;
        }

        /** The configuration {@link #start()} would use. */
        public ServerConfig config() {
            return new ServerConfig(host, port, loops, workers, workerQueue, maxConnections, maxPipelined,
                    highWaterMark, lowWaterMark, limits, timeouts, blockedLoopThreshold, shutdownGrace, readinessDelay,
                    accessLog, proxyProtocol, memoryBudget, minDataRate, onFatalError, socketActivation, http2, tls,
                    tlsPort, redirectToHttps);
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Event loops, for the models that have them. */
        public Builder loops(int loops) {
            this.loops = loops;
            return this;
        }

        /** Worker threads for blocking handlers and how many hand-offs may wait for one. */
        public Builder workers(int workers, int queue) {
            this.workers = workers;
            this.workerQueue = queue;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxPipelined(int maxPipelined) {
            this.maxPipelined = maxPipelined;
            return this;
        }

        /** Unsent bytes at which a connection stops being read, and under which reading resumes. */
        public Builder waterMarks(int high, int low) {
            this.highWaterMark = high;
            this.lowWaterMark = low;
            return this;
        }

        public Builder limits(HttpLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public Builder blockedLoopThreshold(Duration threshold) {
            this.blockedLoopThreshold = threshold;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * How long a stopping server keeps serving with {@code /health/ready} at 503 before it closes its
         * listener and drains (default zero): set it a little above the load balancer's readiness polling
         * interval times its failure threshold. The stop takes this much longer.
         */
        public Builder readinessDelay(Duration delay) {
            this.readinessDelay = delay;
            return this;
        }

        /** Writes a line per answered request to {@code log} (see {@link AccessLog}); null for none. */
        public Builder accessLog(AccessLog log) {
            this.accessLog = log;
            return this;
        }

        /**
         * Expect a PROXY protocol header (v1 or v2, as HAProxy or AWS NLB send it) at the start of every
         * connection, and take the client's address from it. A connection without one is closed. If
         * {@link #trustedProxies} are set, only their headers are believed (others are consumed and ignored).
         */
        /**
         * Listen on the socket a supervisor bound and passed as standard input (systemd socket activation:
         * a {@code .socket} unit with {@code Accept=no} and {@code StandardInput=socket} in the service), instead
         * of binding host and port. The socket outlives the process, so a restart refuses no connection: they
         * wait in its backlog. Single-process models only (the multi-process ones bind their own sockets).
         */
        /**
         * Serve HTTPS on {@code port} beside the cleartext listener (TLS 1.3 and 1.2; ALPN picks HTTP/2 or
         * HTTP/1.1), with the certificates of {@code config}; null for no TLS listener.
         */
        public Builder tls(TlsConfig config, int port) {
            this.tls = config;
            this.tlsPort = port;
            return this;
        }

        /** The cleartext listener answers every request with a 308 redirect to the same URL over HTTPS. */
        public Builder redirectToHttps(boolean redirect) {
            this.redirectToHttps = redirect;
            return this;
        }

        /** HTTP/2's settings and limits; {@code http2(Http2Config.DEFAULTS.withCleartext(false))} turns h2c off. */
        public Builder http2(Http2Config config) {
            this.http2 = config;
            return this;
        }

        public Builder socketActivation(boolean inherit) {
            this.socketActivation = inherit;
            return this;
        }

        /**
         * Every connection, cleartext or TLS (before its handshake), starts with a PROXY protocol header (v1 or
         * v2) from the balancer in front; its source becomes the connection's remote address.
         */
        public Builder proxyProtocol(boolean expect) {
            this.proxyProtocol = expect;
            return this;
        }

        /**
         * Bytes the server may hold for its clients: buffered request bodies, unsent response bytes, the
         * blocking models' connection buffers. Beyond it, requests and connections get 503 instead of the heap
         * running out. Default: a quarter of the maximum heap.
         */
        public Builder memoryBudget(long bytes) {
            this.memoryBudget = bytes;
            return this;
        }

        /**
         * The slowest a client may send a body or read a response, after a grace period (default 240 bytes/s
         * after 5 s); {@link DataRate#NONE} turns it off.
         */
        public Builder minDataRate(DataRate rate) {
            this.minDataRate = rate;
            return this;
        }

        /** What happens when an event loop or the acceptor dies of an error: see {@link FatalErrorPolicy}. */
        public Builder onFatalError(FatalErrorPolicy policy) {
            this.onFatalError = policy;
            return this;
        }

        /**
         * How many processes serve, for the multi-process models: prefork workers (default one per core), or
         * live children of process-per-connection (default {@code workers}). Refused by the others.
         */
        public Builder processes(int processes) {
            if (processes < 1) throw new IllegalArgumentException("processes must be >= 1");
            this.processes = processes;
            return this;
        }

        /**
         * Runs {@code listener} with the server once it serves, in each process that serves it: here, just
         * before {@link #start()} returns; in a prefork worker or a connection child, where {@code start()}
         * never returns, with that child's own server, before its first request. Routes registered before
         * the start use it to reach their server (for its {@link Server#snapshot()}).
         */
        public Builder onStart(Consumer<Server> listener) {
            startListeners.add(listener);
            return this;
        }

        /**
         * Answers every exception of {@code type} (and its subclasses, unless a more specific mapper is
         * registered) that a handler or filter throws.
         */
        public <T extends Throwable> Builder exception(Class<T> type, ExceptionMapper<? super T> mapper) {
            exceptionMappers.put(type, mapper);
            return this;
        }

        /** Replaces every response with this status (a custom 404, 500, 503...) just before it is sent. */
        public Builder onStatus(int status, StatusHandler handler) {
            if (status < 200 || status > 599) throw new IllegalArgumentException("status must be 200..599: " + status);
            statusHandlers.put(status, handler);
            return this;
        }

        /** Tells {@code listener} of every answer (metrics, logs): see {@link ExchangeListener}. */
        public Builder listener(ExchangeListener listener) {
            listeners.add(listener);
            return this;
        }

        /**
         * The JSON mapper for {@code request.bodyAs(...)} and {@code Response.entity(...)}. Without one, the first
         * {@link JsonMapper} found by {@link ServiceLoader} is used (add {@code barista-jackson}).
         */
        public Builder json(JsonMapper mapper) {
            this.json = mapper;
            return this;
        }

        /**
         * The peers whose {@code Forwarded} and {@code X-Forwarded-For/Proto/Host} headers are believed (a load
         * balancer's addresses or CIDR blocks: {@code "10.0.0.0/8"}, {@code "::1"}). From anyone else they are
         * ignored: an untrusted client can never set its own address.
         */
        public Builder trustedProxies(String... addressesOrBlocks) {
            this.trustedProxies = TrustedProxies.of(List.of(addressesOrBlocks));
            return this;
        }

        /** Form fields (and query parameters) a request may carry before it is answered 413; default 1000. */
        public Builder maxFormFields(int max) {
            this.maxFormFields = max;
            return this;
        }

        /** Every route registered so far, with its full pattern and the filters around it in its endpoint. */
        public List<Route> routes() {
            return flatten(List.of());
        }

        /** What {@link #start()} will serve: every route with the filters around it, and the rest (internal). */
        public Routing routing() {
            JsonMapper mapper = json != null ? json
                    : ServiceLoader.load(JsonMapper.class).findFirst().orElse(null);
            // The redirect runs before anything else, around every route and the server's own answers.
            List<Filter> first = redirectToHttps
                    ? List.of(new HttpsRedirect(() -> boundTlsPort.get() > 0 ? boundTlsPort.get() : tlsPort))
                    : List.of();
            List<Filter> global = new ArrayList<>(first);
            global.addAll(filters());
            return new Routing(flatten(first), List.copyOf(global), exceptionMappers, statusHandlers,
                    new RequestSettings(mapper, trustedProxies, maxFormFields), listeners);
        }

        /**
         * Binds and starts serving. In a child process of a multi-process model (a prefork worker, a
         * connection child: see {@link dev.barista.process.ProcessRole}) this serves as that child and does
         * not return.
         */
        public Server start() throws IOException {
            ServerConfig config = config();
            Model chosen = processes == 0 ? model : model.withProcesses(processes);
            List<Server> started = new ArrayList<>(1);
            chosen.start(config, routing(), running -> {
                boundTlsPort.set(running.securePort());
                Server server = new Server(chosen, config, running);
                started.add(server);
                startListeners.forEach(listener -> listener.accept(server));
            });
            return started.getFirst();
        }
    }
}
