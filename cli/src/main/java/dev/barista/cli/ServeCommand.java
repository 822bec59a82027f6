package dev.barista.cli;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.model.PreforkModel;
import dev.barista.model.ProcessPerConnectionModel;
import dev.barista.model.ReactorModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code barista serve}: the server with every demo route. SIGTERM or Ctrl-C stops it gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server with the demo routes. SIGTERM/Ctrl-C stop it gracefully.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--host", description = "Address to bind, e.g. 127.0.0.1 or 0.0.0.0 (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--model", converter = ModelConverter.class, completionCandidates = ModelConverter.class,
            description = "Concurrency model: ${COMPLETION-CANDIDATES} (default: reactor).")
    Model model = new ReactorModel();

    @Option(names = "--loops", description = "Event loops (default: one per core).")
    Integer loops;

    @Option(names = "--workers", description = "Worker threads for blocking handlers (default: 8 per core, at least 16).")
    Integer workers;

    @Option(names = "--worker-queue", description = "Hand-offs waiting for a worker before 503 (default: ${DEFAULT-VALUE}).")
    int workerQueue = 1024;

    @Option(names = "--max-connections", description = "Open connections at most (default: from the open-files limit).")
    Integer maxConnections;

    @Option(names = "--processes", description = "Processes serving, for the multi-process models: prefork workers "
            + "(default: one per core); process-per-connection: live children at most (default: --workers).")
    Integer processes;

    @Option(names = "--shutdown-grace", description = "Seconds a graceful stop waits for in-flight requests (default: ${DEFAULT-VALUE}).")
    long shutdownGraceSeconds = 10;

    @Mixin
    ServeShop shop;

    @Override
    public Integer call() throws Exception {
        Server.Builder builder = Server.builder().host(host).port(port).model(model)
                .shutdownGrace(Duration.ofSeconds(shutdownGraceSeconds));
        if (loops != null) builder.loops(loops);
        int defaultWorkers = builder.config().workers();
        builder.workers(workers != null ? workers : defaultWorkers, workerQueue);
        if (maxConnections != null) builder.maxConnections(maxConnections);
        if (processes != null) builder.processes(processes);
        DemoRoutes.addTo(builder.router());
        StatsRoutes.addTo(builder);
        HealthRoutes.addTo(builder);
        shop.addTo(builder, model);
        Server server = builder.start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("barista-shutdown").unstarted(() -> {
            System.out.println("Stopping gracefully (up to " + shutdownGraceSeconds + " s for in-flight requests)...");
            server.stop();
            shop.close();
            stopped.countDown();
        }));
        String base = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port();
        System.out.printf("Barista listening on %s (model %s: %s)%n", base, model.name(), model.description());
        System.out.printf("  loops=%d workers=%d worker-queue=%d max-connections=%d%s%n",
                server.config().loops(), server.config().workers(), server.config().workerQueue(),
                server.config().maxConnections(), processesNote(server.model(), server.config().workers()));
        shop.printUrls(base);
        System.out.printf("Try: curl %s/   (Ctrl-C to stop)%n", base);
        stopped.await();
        return 0;
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
