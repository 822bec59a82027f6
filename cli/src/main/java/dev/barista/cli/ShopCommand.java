package dev.barista.cli;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.model.ReactorModel;
import dev.barista.observe.Observability;
import dev.barista.shop.CatalogDirectory;
import dev.barista.shop.GatewayConfig;
import dev.barista.shop.InFlight;
import dev.barista.shop.InventoryService;
import dev.barista.shop.Plan;
import dev.barista.shop.ProductCatalog;
import dev.barista.shop.ProductService;
import dev.barista.shop.SearchGateway;
import dev.barista.shop.StockLevels;
import dev.barista.shop.Style;
import dev.barista.shop.UserDirectory;
import dev.barista.shop.UserService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code barista shop user|product|inventory|gateway}: one service of the chapter's product search, alone on
 * its port, with /stats, /metrics and /health like {@code serve} (the gateway's readiness checks its
 * backends). {@code barista serve} runs all four at once.
 */
@Command(name = "shop", mixinStandardHelpOptions = true,
        description = "Run one service of the product search alone (barista serve runs them all).",
        subcommands = {ShopCommand.User.class, ShopCommand.Product.class, ShopCommand.Inventory.class,
                ShopCommand.Gateway.class})
final class ShopCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where a service listens, and how it serves. */
    static final class ServiceOptions {
        @Option(names = "--port", converter = NumberRanges.Port.class, required = true,
                description = "Port to listen on.")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "Address to bind (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--model", converter = ModelConverter.class,
                description = "Concurrency model (default: reactor; virtual-threads for the product service).")
        Model model;

        @Option(names = "--loops", converter = NumberRanges.AtLeastOne.class,
                description = "Event loops (default: one per core).")
        Integer loops;

        @Option(names = "--workers", converter = NumberRanges.AtLeastOne.class,
                description = "Worker threads for blocking handlers (default: 8 per core, at least 16).")
        Integer workers;

        /** /metrics and /health of the service's server, made by {@link #builder}. */
        Observability observability;

        /** Starts the server; a port it cannot have is told in one line, as {@code serve} tells it. */
        Server start(Server.Builder builder) throws Exception {
            try {
                return builder.start();
            } catch (Exception e) {
                throw BindFailure.line(host, port, "--port", e).<Exception>map(line -> new CommandFailure(line, e))
                        .orElse(e);
            }
        }

        Server.Builder builder(Model defaultModel) {
            Server.Builder builder = Server.builder().host(host).port(port).model(model != null ? model : defaultModel)
                    .shutdownGrace(Duration.ofSeconds(2));
            if (loops != null) builder.loops(loops);
            if (workers != null) builder.workers(workers, 4096);
            StatsRoutes.addTo(builder);
            observability = Observability.create();
            observability.addTo(builder);
            return builder;
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "GET /users/{id}: generated profiles.")
    static final class User implements Callable<Integer> {
        @Mixin ServiceOptions service;
        @Mixin FaultOptions faults;

        @Option(names = "--users", converter = NumberRanges.AtLeastOne.class, defaultValue = "100000",
                description = "Users 1..N (default: ${DEFAULT-VALUE}).")
        int users;

        @Override
        public Integer call() throws Exception {
            Server.Builder builder = service.builder(new ReactorModel());
            new UserService(new UserDirectory(users, UserDirectory.DEFAULT_SEED), faults.faults(), new InFlight())
                    .addTo(builder);
            return serve(service.start(builder), "user service (" + faults.faults() + ")", "/users/7");
        }
    }

    @Command(name = "product", mixinStandardHelpOptions = true,
            description = "GET /products/search?q=...: keyword search over an H2 catalog (blocking JDBC on workers).")
    static final class Product implements Callable<Integer> {
        @Mixin ServiceOptions service;
        @Mixin FaultOptions faults;

        @Option(names = "--data-dir",
                description = "Where the catalog database lives (default: ~/.cache/barista/shop).")
        Path dataDir = ServeShop.DEFAULT_DATA_DIR;

        @Option(names = "--cache", converter = NumberRanges.AtLeastZero.class, defaultValue = "4096",
                description = "Search answers kept in memory; 0 runs the SQL for every search (default: ${DEFAULT-VALUE}).")
        int cache;

        @Override
        public Integer call() throws Exception {
            // JDBC blocks: a virtual thread per connection holds no platform thread while it waits
            Server.Builder builder = service.builder(Model.named("virtual-threads"));
            int pool = Math.min(builder.config().workers(), 32);
            ProductCatalog catalog;
            String where;
            try {
                catalog = ProductCatalog.open(ProductCatalog.fileUrl(CatalogDirectory.prepare(dataDir)), pool);
                where = dataDir.toString();
            } catch (IOException | SQLException e) {
                // as in serve: the catalog is embedded, so a running serve on the same directory holds it
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(""); // H2's run on
                System.err.println("Shop: cannot use the catalog in " + dataDir + " (" + reason
                        + "); using an in-memory catalog");
                String memory = ProductCatalog.memoryUrl("product-" + ProcessHandle.current().pid());
                catalog = ProductCatalog.open(memory, pool);
                where = "memory";
            }
            new ProductService(catalog, faults.faults(), new InFlight(), cache).addTo(builder);
            System.out.printf("Catalog: %d products in %s%s%n", catalog.size(), where,
                    catalog.seededNow() ? " (seeded now)" : "");
            int code = serve(service.start(builder), "product service (" + faults.faults() + ")",
                    "/products/search?q=espresso+machine");
            catalog.close();
            return code;
        }
    }

    @Command(name = "inventory", mixinStandardHelpOptions = true, description = "GET /stock?ids=1,2&region=R.")
    static final class Inventory implements Callable<Integer> {
        @Mixin ServiceOptions service;
        @Mixin FaultOptions faults;

        @Override
        public Integer call() throws Exception {
            Server.Builder builder = service.builder(new ReactorModel());
            new InventoryService(new StockLevels(), faults.faults(), new InFlight()).addTo(builder);
            return serve(service.start(builder), "inventory service (" + faults.faults() + ")",
                    "/stock?ids=1,2,3&region=eu-west");
        }
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "GET /search?q=...&user=...: calls the three services, in the chosen style and plan.")
    static final class Gateway implements Callable<Integer> {
        @Mixin ServiceOptions service;

        @Option(names = "--user-url", required = true, converter = HttpUrlConverter.class,
                description = "The user service, e.g. http://127.0.0.1:18081")
        URI userUrl;

        @Option(names = "--product-url", required = true, converter = HttpUrlConverter.class,
                description = "The product service.")
        URI productUrl;

        @Option(names = "--inventory-url", required = true, converter = HttpUrlConverter.class,
                description = "The inventory service.")
        URI inventoryUrl;

        @Option(names = "--style", defaultValue = "futures", converter = ShopChoiceConverters.StyleConverter.class,
                completionCandidates = ShopChoiceConverters.StyleConverter.class,
                description = "Default style: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Style style;

        @Option(names = "--plan", defaultValue = "concurrent", converter = ShopChoiceConverters.PlanConverter.class,
                completionCandidates = ShopChoiceConverters.PlanConverter.class,
                description = "Default plan: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Plan plan;

        @Option(names = "--call-timeout", paramLabel = "DURATION", defaultValue = "1s",
                description = "Each backend call (default: ${DEFAULT-VALUE}).")
        Duration callTimeout;

        @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "2s",
                description = "The whole search; then 504 (default: ${DEFAULT-VALUE}).")
        Duration deadline;

        @Option(names = "--connections", converter = NumberRanges.AtLeastOne.class, defaultValue = "256",
                description = "Connections per backend per event loop (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--max-searches", converter = NumberRanges.AtLeastOne.class, defaultValue = "2048",
                description = "Searches in progress at once; beyond, 503 at once (default: ${DEFAULT-VALUE}).")
        int maxSearches;

        @Override
        public Integer call() throws Exception {
            Server.Builder builder = service.builder(new ReactorModel());
            GatewayConfig config = GatewayConfig.of(userUrl, productUrl, inventoryUrl)
                    .withDefaults(style, plan)
                    .withTimeouts(callTimeout, deadline)
                    .withWorkers(builder.config().workers(), 1024)
                    .withConnections(connections, 8192)
                    .withMaxSearches(maxSearches);
            try (SearchGateway gateway = new SearchGateway(config)) {
                gateway.addTo(builder);
                ShopReadiness.register(service.observability, config);
                return serve(service.start(builder), "search gateway (default " + style.label() + "/" + plan.label()
                        + ", " + config.workers() + " blocking workers)", "/search?q=coffee&user=7");
            }
        }
    }

    /** Prints where the service listens and what to try, and serves until SIGTERM or Ctrl-C. */
    static int serve(Server server, String what, String example) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("barista-shutdown").unstarted(() -> {
            server.stop();
            stopped.countDown();
        }));
        String host = server.config().host().equals("0.0.0.0") ? "127.0.0.1" : server.config().host();
        String base = "http://" + host + ":" + server.port();
        System.out.printf("Barista %s on %s (model %s)%n", what, base, server.model().name());
        System.out.printf("Try: curl '%s%s'   (Ctrl-C to stop)%n", base, example);
        stopped.await();
        return 0;
    }
}
