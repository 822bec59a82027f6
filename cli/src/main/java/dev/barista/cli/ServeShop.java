package dev.barista.cli;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.observe.Observability;
import dev.barista.process.InheritedProperties;
import dev.barista.process.ProcessRole;
import dev.barista.shop.CatalogDirectory;
import dev.barista.shop.Delay;
import dev.barista.shop.Faults;
import dev.barista.shop.GatewayConfig;
import dev.barista.shop.Plan;
import dev.barista.shop.ProductCatalog;
import dev.barista.shop.SearchGateway;
import dev.barista.shop.ShopBackends;
import dev.barista.shop.Style;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The shop inside {@code barista serve}: {@code GET /search} on the main server, and the user, product and
 * inventory services started in the same process on ports of their own (or external ones given by URL).
 *
 * <p>The multi-process models re-run the whole command line in each prefork worker or connection child, so
 * the backends must start once, in the launching process, and the children must learn where they listen
 * (ephemeral ports differ per run): the launcher hands the three URLs down as a system property of its
 * children ({@link InheritedProperties}), not through a file another local user could plant or replace.
 */
final class ServeShop {
    /** The property that tells a child the user, product and inventory URLs, separated by spaces. */
    static final String URLS_PROPERTY = "barista.shop.urls";
    static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".cache", "barista", "shop");

    @Option(names = "--shop-ports", converter = NumberRanges.Port.class, defaultValue = "0,0,0", split = ",",
            description = "Ports of the user, product and inventory services started with the server; 0 = any free "
                    + "port, printed (default: ${DEFAULT-VALUE}).")
    int[] ports;

    @Option(names = "--shop-latency", defaultValue = "0", converter = DelayConverter.class,
            description = "Latency of each backend: 20ms, uniform:10ms-30ms, exp:20ms (default: ${DEFAULT-VALUE}).")
    Delay latency;

    @Option(names = "--shop-user-url", converter = HttpUrlConverter.class,
            description = "Use this user service instead of starting one.")
    URI userUrl;

    @Option(names = "--shop-product-url", converter = HttpUrlConverter.class,
            description = "Use this product service instead of starting one.")
    URI productUrl;

    @Option(names = "--shop-inventory-url", converter = HttpUrlConverter.class,
            description = "Use this inventory service instead of starting one.")
    URI inventoryUrl;

    @Option(names = "--shop-style", defaultValue = "futures", converter = ShopChoiceConverters.StyleConverter.class,
            completionCandidates = ShopChoiceConverters.StyleConverter.class,
            description = "Default /search style: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Style style;

    @Option(names = "--shop-plan", defaultValue = "concurrent", converter = ShopChoiceConverters.PlanConverter.class,
            completionCandidates = ShopChoiceConverters.PlanConverter.class,
            description = "Default /search plan: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Plan plan;

    @Option(names = "--data-dir", description = "Where the product catalog lives (default: ~/.cache/barista/shop).")
    Path dataDir = DEFAULT_DATA_DIR;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private ShopBackends backends;
    private SearchGateway gateway;
    private List<URI> urls;

    /**
     * Adds {@code GET /search} and its backends' readiness checks; in the launching process, first starts the
     * backends not given by URL.
     */
    void addTo(Server.Builder builder, Model model, Observability observability) throws Exception {
        boolean child = System.getProperty(ProcessRole.ROLE) != null;
        if (child) {
            urls = inheritedUrls();
        } else {
            urls = startBackends();
            if (model.multiProcess()) {
                InheritedProperties.set(URLS_PROPERTY, String.join(" ", urls.stream().map(URI::toString).toList()));
            }
        }
        GatewayConfig config = GatewayConfig.of(urls.get(0), urls.get(1), urls.get(2))
                .withDefaults(style, plan)
                .withWorkers(builder.config().workers(), 1024);
        gateway = new SearchGateway(config);
        gateway.addTo(builder);
        ShopReadiness.register(observability, config);
    }

    private List<URI> startBackends() throws Exception {
        if (userUrl != null && productUrl != null && inventoryUrl != null) return List.of(userUrl, productUrl, inventoryUrl);
        if (ports.length != 3) {
            throw new CommandLine.ParameterException(command.commandLine(), "--shop-ports takes three ports, "
                    + "user,product,inventory (0: any free port), not " + ports.length);
        }
        Faults faults = Faults.latency(latency);
        ShopBackends.Settings settings = ShopBackends.Settings.defaults(ProductCatalog.fileUrl(dataDir))
                .withPorts(ports[0], ports[1], ports[2]).withFaults(faults, faults, faults);
        try {
            CatalogDirectory.prepare(dataDir);
            backends = ShopBackends.start(settings);
        } catch (BindException e) {
            throw e; // a port, not the catalog: another catalog would not help
        } catch (IOException | SQLException e) {
            // the demo must serve /search anyway: an unwritable or busy data directory costs only persistence
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(""); // H2's run on
            System.err.println("Shop: cannot use the catalog in " + dataDir + " (" + reason
                    + "); using an in-memory catalog");
            String memory = ProductCatalog.memoryUrl("serve-" + ProcessHandle.current().pid());
            backends = ShopBackends.start(new ShopBackends.Settings(settings.host(), settings.ports(),
                    faults, faults, faults, memory, settings.catalogPool(), settings.inFlight()));
        }
        return List.of(userUrl != null ? userUrl : backends.usersUrl(),
                productUrl != null ? productUrl : backends.productsUrl(),
                inventoryUrl != null ? inventoryUrl : backends.inventoryUrl());
    }

    private static List<URI> inheritedUrls() throws IOException {
        String value = System.getProperty(URLS_PROPERTY);
        List<URI> urls = value == null ? List.of() : Arrays.stream(value.split(" ")).map(URI::create).toList();
        if (urls.size() != 3) {
            throw new IOException("a child process without the shop's URLs (" + URLS_PROPERTY + "=" + value + ")");
        }
        return urls;
    }

    /** The user, product and inventory services this server's {@code /search} calls. */
    List<URI> urls() {
        return urls;
    }

    /** What to print after the server started. */
    void printUrls(String base) {
        System.out.printf("Shop: user %s, product %s, inventory %s%s%n", urls.get(0), urls.get(1), urls.get(2),
                backends != null ? " (latency " + latency + ", catalog in " + dataDir + ")" : "");
        System.out.printf("Try: curl '%s/search?q=espresso+machine&user=7'   (&style=blocking|callbacks|futures|"
                + "coroutines &plan=chain|concurrent)%n", base);
    }

    void close() {
        if (gateway != null) gateway.close();
        if (backends != null) backends.close();
    }
}
