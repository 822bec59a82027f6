package dev.barista.shop;

import dev.barista.Server;
import dev.barista.handler.Request;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

import java.util.List;

/**
 * The product service: {@code GET /products/search?q=...[&category=...][&limit=10]} answers
 * {@code {"query":...,"products":[...]}} from the {@link ProductCatalog}. JDBC blocks, so this is a blocking
 * route: under the reactor it runs on the worker pool, never on a loop (the shop runs it under virtual-threads),
 * and its injected delay is a sleep on that thread (before it takes a database connection, so the small pool
 * is held only for the query itself). Recent answers are kept in a bounded {@link SearchCache}.
 */
public final class ProductService {
    private final ProductCatalog catalog;
    private final FaultyResponder responder;
    private final SearchCache cache;

    /** The answer's shape. */
    public record SearchResult(String query, List<Product> products) {
    }

    public static final int DEFAULT_CACHE_ENTRIES = 4096;

    public ProductService(ProductCatalog catalog, Faults faults, InFlight inFlight) {
        this(catalog, faults, inFlight, DEFAULT_CACHE_ENTRIES);
    }

    /** {@code cacheEntries}: answers kept in memory (0: every search runs its SQL). */
    public ProductService(ProductCatalog catalog, Faults faults, InFlight inFlight, int cacheEntries) {
        this.catalog = catalog;
        this.cache = new SearchCache(cacheEntries);
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
        String only = category == null || category.isEmpty() ? null : category;
        String key = SearchCache.key(q, only, limit);
        List<Product> products = cache.get(key);
        if (products == null) {
            products = catalog.search(q, only, limit);
            cache.put(key, products);
        }
        return Response.json(ShopJson.write(new SearchResult(q, products)));
    }
}
