package dev.barista.cli;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.model.PreforkModel;
import dev.barista.model.ProcessPerConnectionModel;
import dev.barista.model.ReactorModel;
import dev.barista.observe.Observability;
import dev.barista.server.AccessLog;
import dev.barista.shop.ShopBackends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code barista serve}: the server with every demo route. SIGTERM or Ctrl-C stops it gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server with the demo routes. SIGTERM/Ctrl-C stop it gracefully.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", converter = NumberRanges.Port.class,
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--host", description = "Address to bind, e.g. 127.0.0.1 or 0.0.0.0 (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--model", converter = ModelConverter.class, completionCandidates = ModelConverter.class,
            description = "Concurrency model: ${COMPLETION-CANDIDATES} (default: reactor).")
    Model model = new ReactorModel();

    @Option(names = "--loops", converter = NumberRanges.AtLeastOne.class,
            description = "Event loops (default: one per core).")
    Integer loops;

    @Option(names = "--workers", converter = NumberRanges.AtLeastOne.class,
            description = "Worker threads for blocking handlers (default: 8 per core, at least 16).")
    Integer workers;

    @Option(names = "--worker-queue", converter = NumberRanges.AtLeastZero.class,
            description = "Hand-offs waiting for a worker before 503 (default: ${DEFAULT-VALUE}).")
    int workerQueue = 1024;

    @Option(names = "--max-connections", converter = NumberRanges.AtLeastOne.class,
            description = "Open connections at most (default: from the open-files limit).")
    Integer maxConnections;

    @Option(names = "--processes", converter = NumberRanges.AtLeastOne.class,
            description = "Processes serving, for the multi-process models: prefork workers "
                    + "(default: one per core); process-per-connection: live children at most (default: --workers).")
    Integer processes;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a graceful stop waits for in-flight requests (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--readiness-delay", paramLabel = "DURATION", defaultValue = "2s",
            description = "How long a stopping server keeps serving while /health/ready "
                    + "answers 503, before it closes its listener and drains, so a load balancer stops sending first "
                    + "(default: ${DEFAULT-VALUE}; 0 to stop at once).")
    Duration readinessDelay;

    @Option(names = "--access-log", paramLabel = "FILE|-", description = "Write a line per request to FILE "
            + "(appended) or to standard output (-), off the hot path: lines are dropped, and counted, if the "
            + "writer falls behind (default: none).")
    String accessLog;

    @Option(names = "--access-log-queue", converter = NumberRanges.AtLeastOne.class,
            description = "Access log lines that may wait for the writer before "
                    + "lines are dropped (default: ${DEFAULT-VALUE}).")
    int accessLogQueue = 16_384;

    @Option(names = "--no-shop", description = "Serve without the shop: no GET /search and no backends started.")
    boolean noShop;

    @Option(names = "--trusted-proxies", split = ",", paramLabel = "ADDRESS|CIDR", description = "Load balancers "
            + "whose Forwarded / X-Forwarded-* headers are believed for the client's address, scheme and host, "
            + "e.g. 10.0.0.0/8,127.0.0.1 (default: none: the peer is the client).")
    List<String> trustedProxies = List.of();

    @Option(names = "--proxy-protocol", description = "Every connection starts with HAProxy's PROXY header (v1 or "
            + "v2), which names the client, on the TLS port before the handshake; connections without one are refused "
            + "(default: off).")
    boolean proxyProtocol;

    @Option(names = "--socket-activation", description = "Listen on the socket passed as standard input by systemd "
            + "(a .socket unit with Accept=no, StandardInput=socket in the service) instead of --host/--port; "
            + "connections arriving during a restart wait in its backlog. Not with the multi-process models "
            + "(default: off).")
    boolean socketActivation;

    @Mixin
    TlsOptions tls;

    @Mixin
    ServeShop shop;

    @ParentCommand
    BaristaCommand barista;

    @Override
    public Integer call() throws Exception {
        Server.Builder builder = Server.builder().host(host).port(port).model(model)
                .shutdownGrace(shutdownGrace).readinessDelay(readinessDelay);
        AccessLog log = openAccessLog(barista.logFormat);
        if (log != null) builder.accessLog(log);
        if (loops != null) builder.loops(loops);
        int defaultWorkers = builder.config().workers();
        builder.workers(workers != null ? workers : defaultWorkers, workerQueue);
        if (maxConnections != null) builder.maxConnections(maxConnections);
        if (processes != null) builder.processes(processes);
        if (!trustedProxies.isEmpty()) builder.trustedProxies(trustedProxies.toArray(String[]::new));
        if (proxyProtocol) builder.proxyProtocol(true);
        if (socketActivation) builder.socketActivation(true);
        tls.addTo(builder, model);
        DemoRoutes.addTo(builder);
        StatsRoutes.addTo(builder);
        Observability observability = Observability.create();
        observability.addTo(builder);
        Server server;
        try {
            if (!noShop) shop.addTo(builder, model, observability);
            server = builder.start();
        } catch (Exception e) {
            shop.close();
            if (log != null) log.close();
            if (socketActivation && (e instanceof IllegalStateException || e.getMessage() != null
                    && e.getMessage().startsWith("socket activation"))) {
                throw new CommandFailure(e.getMessage(), e);
            }
            if (e instanceof CommandFailure failure) throw failure;
            Optional<String> line = bindFailure(e);
            throw line.isPresent() ? new CommandFailure(line.get(), e) : e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("barista-shutdown").unstarted(() -> {
            System.out.println("Stopping gracefully: not ready, still serving for "
                    + DurationConverter.text(readinessDelay) + ", then up to " + DurationConverter.text(shutdownGrace)
                    + " for in-flight requests...");
            server.stop();
            shop.close();
            if (log != null) log.close();
            stopped.countDown();
        }));
        String shown = socketActivation ? "127.0.0.1" : host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String base = "http://" + shown + ":" + server.port();
        System.out.printf("Barista listening on %s (model %s: %s)%n", base, model.name(), model.description());
        System.out.printf("  loops=%d workers=%d worker-queue=%d max-connections=%d%s%n",
                server.config().loops(), server.config().workers(), server.config().workerQueue(),
                server.config().maxConnections(), processesNote(server.model(), server.config().workers()));
        if (server.securePort() > 0) System.out.printf("  https: %s%n", TlsOptions.describe(server, shown));
        if (server.config().http2().cleartext()) {
            System.out.printf("  h2c:   curl --http2-prior-knowledge %s/plaintext%n", base);
        }
        if (!noShop) shop.printUrls(base);
        System.out.printf("Try: curl %s/   (Ctrl-C to stop)%n", base);
        stopped.await();
        return 0;
    }

    /** The one line for a port the server or a shop backend cannot have, if that is what {@code e} is. */
    private Optional<String> bindFailure(Exception e) {
        if (e instanceof ShopBackends.PortUnavailable shopPort) {
            return BindFailure.line(shopPort.host(), shopPort.port(), "--shop-ports", shopPort);
        }
        Optional<String> line = BindFailure.line(host, port, "--port", e);
        if (line.isEmpty() && tls.enabled()) line = BindFailure.line(host, tls.port, "--tls-port", e);
        return line;
    }

    private AccessLog openAccessLog(LogFormat format) throws java.io.IOException {
        if (accessLog == null) return null;
        AccessLog.Format lines = format == LogFormat.JSON ? AccessLog.Format.JSON : AccessLog.Format.TEXT;
        if (accessLog.equals("-")) return new AccessLog(System.out, false, lines, accessLogQueue);
        OutputStream file;
        try {
            file = Files.newOutputStream(Path.of(accessLog), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            throw new CommandFailure("cannot write the access log " + accessLog + ": " + FailureHandler.reason(e)
                    + " (choose a writable --access-log FILE, or - for standard output)", e);
        }
        return new AccessLog(file, true, lines, accessLogQueue);
    }

    private static String processesNote(Model model, int workers) {
        return switch (model) {
            case PreforkModel p -> " processes=" + p.workerCount() + " (workers, one event loop each; SIGHUP reloads)";
            case ProcessPerConnectionModel p -> " processes=" + (p.processes() > 0 ? p.processes() : workers)
                    + " (live children at most)";
            default -> "";
        };
    }
}
