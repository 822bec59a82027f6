package dev.barista.shop;

import dev.barista.Server;
import dev.barista.handler.Request;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

import java.util.List;

/**
 * The product service: {@code GET /products/search?q=...[&category=...][&limit=10]} answers
 * {@code {"query":...,"products":[...]}} from the {@link ProductCatalog}. JDBC blocks, so this is a blocking
 * route: under the reactor it runs on the worker pool, never on a loop, and its injected delay is a sleep on
 * that worker (before it takes a database connection, so the small pool is held only for the query itself).
 */
public final class ProductService {
    private final ProductCatalog catalog;
    private final FaultyResponder responder;

    /** The answer's shape. */
    public record SearchResult(String query, List<Product> products) {
    }

    public ProductService(ProductCatalog catalog, Faults faults, InFlight inFlight) {
        this.catalog = catalog;
        this.responder = new FaultyResponder(faults, new LoopTimers(), inFlight);
    }

    public void addTo(Server.Builder builder) {
        builder.get("/products/search", responder.blocking(this::search));
    }

    private Response search(Request request) throws Exception {
        String q = request.queryParam("q");
        if (q == null || q.isBlank()) throw new HttpException(400, "missing q");
        String category = request.queryParam("category");
        int limit = ShopParams.intParam("limit", request.queryParam("limit"), 10, 1, ProductCatalog.MAX_LIMIT);
        List<Product> products = catalog.search(q, category == null || category.isEmpty() ? null : category, limit);
        return Response.json(ShopJson.write(new SearchResult(q, products)));
    }
}
