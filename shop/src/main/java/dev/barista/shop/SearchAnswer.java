package dev.barista.shop;

import dev.barista.client.ClientTimeoutException;
import dev.barista.http.Response;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The gateway's domain, shared by the four styles so theirs is only control flow: what each backend's reply
 * means (the failure policy) and the JSON answer.
 *
 * <table>
 *   <tr><th>what failed</th><th>answer</th></tr>
 *   <tr><td>user service: 404</td><td>404 {@code no such user}</td></tr>
 *   <tr><td>user service: error, timeout, refused, bad JSON</td><td>200 at non-member prices, {@code user}
 *       and {@code stock} degraded (no region to ask stock for), stock null</td></tr>
 *   <tr><td>product service: timeout</td><td>504 (nothing to show)</td></tr>
 *   <tr><td>product service: anything else</td><td>502</td></tr>
 *   <tr><td>inventory service: anything</td><td>200 with {@code stock: null}, {@code stock} degraded</td></tr>
 *   <tr><td>the gateway's deadline</td><td>504; every call still running is cancelled</td></tr>
 *   <tr><td>the gateway's own bounds (blocking workers full)</td><td>503</td></tr>
 * </table>
 */
final class SearchAnswer {
    private static final System.Logger LOG = System.getLogger(SearchAnswer.class.getName());
    /** What the gateway knows about the user: the profile, or non-member defaults when it could not ask. */
    record UserPart(long id, Membership level, String region, boolean degraded) {
    }

    /** One product as the shopper sees it: the list price, their price, and units in their region. */
    record Offer(long id, String name, String category, String brand, double rating, long listPriceCents,
                 long priceCents, Integer stock) {
    }

    record UserSummary(long id, String level, int discountPercent, String region) {
    }

    /** The answer's shape. {@code degraded} names the parts served without their backend. */
    record Result(String query, UserSummary user, List<Offer> products, List<String> degraded) {
    }

    private SearchAnswer() {
    }

    static UserPart user(SearchQuery query, Reply reply) {
        if (reply.failure() == null && reply.response().status() == 404) throw new SearchFailure(404, "no such user");
        if (reply.failure() == null && reply.response().status() == 200) {
            try {
                UserProfile profile = ShopJson.read(reply.response().body(), UserProfile.class);
                return new UserPart(profile.id(), Membership.ofLabel(profile.level()), profile.region(), false);
            } catch (IOException | RuntimeException malformed) {
                // fall through: a user service that answers nonsense is as good as none
            }
        }
        return new UserPart(query.userId(), Membership.NONE, null, true);
    }

    static List<Product> products(Reply reply) {
        if (reply.failure() instanceof ClientTimeoutException) throw new SearchFailure(504, "product search timed out");
        if (reply.failure() != null || reply.response().status() != 200) {
            throw new SearchFailure(502, "product search failed");
        }
        try {
            return ShopJson.read(reply.response().body(), ProductService.SearchResult.class).products();
        } catch (IOException | RuntimeException malformed) {
            throw new SearchFailure(502, "product search answered nonsense");
        }
    }

    /** Whether stock is worth asking for: there are products, and a region to ask in. */
    static boolean needsStock(UserPart user, List<Product> products) {
        return !products.isEmpty() && !user.degraded();
    }

    /** Units per product id, or null when the inventory could not say. */
    static Map<String, Integer> stock(Reply reply) {
        if (reply.failure() != null || reply.response().status() != 200) return null;
        try {
            return ShopJson.read(reply.response().body(), InventoryService.Stock.class).units();
        } catch (IOException | RuntimeException malformed) {
            return null;
        }
    }

    static Response render(SearchQuery query, UserPart user, List<Product> products, Map<String, Integer> stock) {
        List<Offer> offers = new ArrayList<>(products.size());
        for (Product p : products) {
            offers.add(new Offer(p.id(), p.name(), p.category(), p.brand(), p.rating(), p.priceCents(),
                    user.level().priceCents(p.priceCents()), stock == null ? null : stock.get(Long.toString(p.id()))));
        }
        List<String> degraded = new ArrayList<>(2);
        if (user.degraded()) degraded.add("user");
        if (stock == null && !products.isEmpty()) degraded.add("stock");
        UserSummary summary = new UserSummary(user.id(), user.level().label(), user.level().discountPercent(),
                user.region());
        return Response.json(ShopJson.write(new Result(query.q(), summary, offers, degraded)));
    }

    /** The answer to a search that failed: its status, with a fixed reason (never the client's input). */
    static Response failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case SearchFailure f -> Response.error(f.status(), f.getMessage());
            case RejectedExecutionException r -> Response.status(503).header("Retry-After", "1")
                    .body("gateway workers are busy\n");
            case CancellationException c -> Response.error(504, "search cancelled");
            case InterruptedException i -> Response.error(504, "search cancelled");
            default -> {
                LOG.log(System.Logger.Level.ERROR, "search failed unexpectedly", cause); // a bug, not a backend's fault
                yield Response.error(500, "search failed");
            }
        };
    }

    /** The answer when the gateway's deadline passes first. */
    static Response deadlineExceeded() {
        return Response.error(504, "search deadline exceeded");
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
