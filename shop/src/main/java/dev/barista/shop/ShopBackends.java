package dev.barista.shop;

import dev.barista.Server;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The three backends in this process, each on a server (and port) of its own, as {@code ./barista serve} and
 * the tests run them. Each is also runnable alone ({@code ./barista shop user|product|inventory}).
 */
public final class ShopBackends implements AutoCloseable {
    private final Server users;
    private final Server products;
    private final Server inventory;
    private final ProductCatalog catalog;

    /**
     * Where and how the backends run.
     *
     * @param ports          user, product, inventory ports (0: any free port)
     * @param catalogUrl     JDBC URL of the catalog ({@link ProductCatalog#fileUrl}, {@link ProductCatalog#memoryUrl})
     * @param catalogPool    JDBC connections of the product service
     * @param inFlight       gauges for user, product and inventory (may be one shared gauge)
     */
    public record Settings(String host, int[] ports, Faults userFaults, Faults productFaults, Faults inventoryFaults,
                           String catalogUrl, int catalogPool, InFlight[] inFlight) {

        public static Settings defaults(String catalogUrl) {
            return new Settings("127.0.0.1", new int[]{0, 0, 0}, Faults.NONE, Faults.NONE, Faults.NONE, catalogUrl,
                    32, new InFlight[]{new InFlight(), new InFlight(), new InFlight()});
        }

        public Settings withPorts(int user, int product, int stock) {
            return new Settings(host, new int[]{user, product, stock}, userFaults, productFaults, inventoryFaults,
                    catalogUrl, catalogPool, inFlight);
        }

        public Settings withFaults(Faults user, Faults product, Faults stock) {
            return new Settings(host, ports, user, product, stock, catalogUrl, catalogPool, inFlight);
        }

        public Settings withHost(String h) {
            return new Settings(h, ports, userFaults, productFaults, inventoryFaults, catalogUrl, catalogPool,
                    inFlight);
        }

        public Settings withInFlight(InFlight user, InFlight product, InFlight stock) {
            return new Settings(host, ports, userFaults, productFaults, inventoryFaults, catalogUrl, catalogPool,
                    new InFlight[]{user, product, stock});
        }
    }

    private ShopBackends(Server users, Server products, Server inventory, ProductCatalog catalog) {
        this.users = users;
        this.products = products;
        this.inventory = inventory;
        this.catalog = catalog;
    }

    public static ShopBackends start(Settings s) throws IOException, SQLException {
        ProductCatalog catalog = ProductCatalog.open(s.catalogUrl(), s.catalogPool());
        Server users = null;
        Server products = null;
        try {
            // User and inventory never block: one event loop each, no worker to speak of. The product service
            // blocks on JDBC (and its injected sleep): a virtual thread per connection, so waiting costs no
            // platform thread and the process's thread count stays the gateway's story.
            Server.Builder u = onLoop(s.host(), s.ports()[0]);
            new UserService(new UserDirectory(), s.userFaults(), s.inFlight()[0]).addTo(u);
            users = listen(u, "user");
            Server.Builder p = base(s.host(), s.ports()[1]).model("virtual-threads");
            new ProductService(catalog, s.productFaults(), s.inFlight()[1]).addTo(p);
            products = listen(p, "product");
            Server.Builder i = onLoop(s.host(), s.ports()[2]);
            new InventoryService(new StockLevels(), s.inventoryFaults(), s.inFlight()[2]).addTo(i);
            return new ShopBackends(users, products, listen(i, "inventory"), catalog);
        } catch (IOException | RuntimeException e) {
            if (users != null) users.stop(Duration.ZERO);
            if (products != null) products.stop(Duration.ZERO);
            catalog.close();
            throw e;
        }
    }

    /** Starts a backend; a port it cannot have is reported with the service and address it was for. */
    private static Server listen(Server.Builder builder, String service) throws IOException {
        try {
            return builder.start();
        } catch (BindException e) {
            throw new PortUnavailable(service, builder.config().host(), builder.config().port(), e);
        }
    }

    /** A backend could not listen where it was told to: which one, and where. */
    public static final class PortUnavailable extends BindException {
        private final String service;
        private final String host;
        private final int port;

        PortUnavailable(String service, String host, int port, BindException cause) {
            super("the shop's " + service + " service cannot listen on " + host + ":" + port + ": "
                    + cause.getMessage());
            initCause(cause);
            this.service = service;
            this.host = host;
            this.port = port;
        }

        public String service() {
            return service;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }
    }

    private static Server.Builder onLoop(String host, int port) {
        return base(host, port).model("reactor").loops(1).workers(1, 16);
    }

    private static Server.Builder base(String host, int port) {
        return Server.builder().host(host).port(port).shutdownGrace(Duration.ofSeconds(1));
    }

    public URI usersUrl() {
        return url(users);
    }

    public URI productsUrl() {
        return url(products);
    }

    public URI inventoryUrl() {
        return url(inventory);
    }

    private static URI url(Server server) {
        String host = server.config().host();
        return URI.create("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + server.port());
    }

    public ProductCatalog catalog() {
        return catalog;
    }

    /** A gateway configuration pointing at these backends. */
    public GatewayConfig gatewayConfig() {
        return GatewayConfig.of(usersUrl(), productsUrl(), inventoryUrl());
    }

    @Override
    public void close() {
        users.stop(Duration.ofMillis(200));
        products.stop(Duration.ofMillis(200));
        inventory.stop(Duration.ofMillis(200));
        catalog.close();
    }
}
