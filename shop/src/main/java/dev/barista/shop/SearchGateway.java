package dev.barista.shop;

import dev.barista.Server;
import dev.barista.client.BaristaClient;
import dev.barista.client.Upstream;
import dev.barista.client.UpstreamStats;
import dev.barista.handler.Endpoint;
import dev.barista.handler.Request;
import dev.barista.http.Response;
import dev.barista.transport.nio.EventLoop;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The search gateway: {@code GET /search?q=...&user=...[&limit=][&style=][&plan=]} calls the user, product and
 * inventory services and answers the products at the user's price with stock in the user's region. The route
 * starts on the event loop (an async route) and hands the search to the chosen {@link Style}; all four give the
 * same bytes for the same backends' answers, and the same failure policy ({@link SearchAnswer}).
 *
 * <p>The client shares the server's event loops when it has them: each loop gets its own upstreams to the three
 * backends, and a search uses those of the loop it started on, so callbacks and future stages come back on that
 * loop. Under the thread models (no loops) the gateway's client has one loop of its own.
 */
public final class SearchGateway implements AutoCloseable {
    private final GatewayConfig config;
    private final LoopTimers timers = new LoopTimers();
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor fanOut;
    private final CoroutineSearch coroutines = new CoroutineSearch();
    private final Map<Style, SearchStyle> styles = new EnumMap<>(Style.class);
    private final AtomicInteger nextBackends = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile Backends backends;

    /** The client and its upstreams: one set per loop of the server, or one set on the client's own loop. */
    private record Backends(BaristaClient client, Map<EventLoop, ShopUpstreams> byLoop, List<ShopUpstreams> all) {
    }

    public SearchGateway(GatewayConfig config) {
        this.config = config;
        this.workers = pool("shop-blocking", config.workers(), config.workerQueue());
        this.fanOut = pool("shop-fan-out", config.workers(), 0);
        styles.put(Style.BLOCKING, new BlockingSearch(workers, fanOut));
        styles.put(Style.CALLBACKS, new CallbackSearch());
        styles.put(Style.FUTURES, new FutureSearch());
        styles.put(Style.COROUTINES, coroutines);
    }

    /** Platform threads made as needed up to {@code size}, then a queue of {@code queue} (none: hand-off only). */
    private static ThreadPoolExecutor pool(String name, int size, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name(name + "-", 0).daemon(true).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public GatewayConfig config() {
        return config;
    }

    /** Registers {@code GET /search}; the gateway connects to its backends when the server starts. */
    public void addTo(Server.Builder builder) {
        builder.onStart(this::attach);
        builder.get("/search", Endpoint.async(this::search));
    }

    private void attach(Server server) {
        timers.attach(server);
        BaristaClient client = server.eventLoops()
                .map(group -> new BaristaClient(config.clientConfig(), group))
                .orElseGet(() -> new BaristaClient(config.clientConfig()));
        Map<EventLoop, ShopUpstreams> byLoop = new IdentityHashMap<>();
        List<ShopUpstreams> all = new ArrayList<>();
        if (server.eventLoops().isPresent()) {
            for (EventLoop loop : server.eventLoops().get().loops()) {
                ShopUpstreams set = new ShopUpstreams(upstream(client, config.users(), loop),
                        upstream(client, config.products(), loop), upstream(client, config.inventory(), loop));
                byLoop.put(loop, set);
                all.add(set);
            }
        } else {
            all.add(new ShopUpstreams(client.upstream(config.users()), client.upstream(config.products()),
                    client.upstream(config.inventory())));
        }
        backends = new Backends(client, byLoop, List.copyOf(all));
    }

    private static Upstream upstream(BaristaClient client, URI uri, EventLoop loop) {
        return client.upstream(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), loop);
    }

    private CompletionStage<Response> search(Request request) {
        Backends current = backends;
        if (current == null) return CompletableFuture.completedFuture(Response.error(503, "gateway starting"));
        SearchQuery query = SearchQuery.parse(request, config.style(), config.plan());
        // Admission control: past this many searches in progress, a new one would mostly queue until its
        // deadline and spend CPU the others need (congestion collapse); refusing it at once keeps the rest fast.
        if (inProgress.incrementAndGet() > config.maxSearches()) {
            inProgress.decrementAndGet();
            return CompletableFuture.completedFuture(Response.status(503).header("Retry-After", "1")
                    .body("too many searches in progress\n"));
        }
        EventLoop loop = timers.currentLoop();
        ShopUpstreams upstreams = loop != null ? current.byLoop().get(loop)
                : current.all().get(Math.floorMod(nextBackends.getAndIncrement(), current.all().size()));
        SearchExchange exchange = new SearchExchange(query, upstreams);
        exchange.deadline(timers, config.deadline().toNanos());
        try {
            styles.get(query.style()).search(exchange);
        } catch (RejectedExecutionException busy) {
            exchange.fail(busy);
        }
        return exchange.response().whenComplete((response, failure) -> inProgress.decrementAndGet());
    }

    /** Searches admitted and not yet answered. */
    public int searchesInProgress() {
        return inProgress.get();
    }

    /** Every upstream's counters (leak tests, monitoring). */
    public List<UpstreamStats> upstreamStats() {
        Backends current = backends;
        if (current == null) return List.of();
        List<UpstreamStats> stats = new ArrayList<>();
        for (ShopUpstreams set : current.all()) {
            stats.add(set.users().stats());
            stats.add(set.products().stats());
            stats.add(set.inventory().stats());
        }
        return stats;
    }

    /** Threads of the blocking style busy now, and virtual threads of the coroutine style still running. */
    public int busyThreads() {
        return workers.getActiveCount() + fanOut.getActiveCount() + coroutines.liveThreads();
    }

    @Override
    public void close() {
        Backends current = backends;
        if (current != null) current.client().close();
        workers.shutdownNow();
        fanOut.shutdownNow();
    }
}
